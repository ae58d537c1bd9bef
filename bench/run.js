// npm run bench: builds to dist/, then
// 1. (start) times the CLI's start: `kinesis-plan --version` and `kinesis-plan plan EXAMPLE --format json` of every
//    example, each as a ratio to `node -e 0` measured in the same run: one warm-up round, then --starts=N rounds
//    (default and minimum 11) in which every command runs once, in an order rotated each round, so that other work on
//    the machine weighs on all of them alike; the median of each. Targets on wall time: --version ≤ 1.3× and a plan
//    ≤ 2.0× a bare Node start (the exit code is 1 when one is missed).
// 2. times the simulator as a user runs it (a new process each time) on the runs named in issues 6 and 11:
//    (a) 1 h, 100 shards, bursty traffic at 50,000 records/s, with a polling reader;
//    (b) 7 d, 500 shards with a daily cycle (target under 30 s on 2 cores);
//    (c) `kinesis-plan simulate EXAMPLE --find-shards --max-throttled-share 1%` on every example (target under 10 s).
//    Each case runs --runs=N times (default 3) and reports the median wall time, also as a multiple of `node -e 0`
//    from part 1 (or timed for this part with --only), and checks that every run of a case gives the same result.
// Options: --starts=N, --runs=N, --only=start|a|b|c, --step=SECONDS (model step for (a) and (b); default the model's).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { URL, fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const stepSec = arg('step') ? Number(arg('step')) : undefined;
const repeats = Math.max(1, Number(arg('runs') ?? 3));
const starts = Math.max(11, Number(arg('starts') ?? 11));
const only = arg('only');
const root = fileURLToPath(new URL('../', import.meta.url));
const bin = 'bin/kinesis-plan.js';
const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };
const examples = readdirSync(`${root}examples`).filter((f) => f.endsWith('.yaml')).sort();

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/** CPU seconds (user + system) of this process's waited-for children so far (Linux; NaN elsewhere). */
function childrenCpuSec() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    // Fields 16 and 17 of /proc/<pid>/stat (cutime, cstime), in clock ticks of 1/100 s; fields here start at 3.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Runs `node ARGS` from the repository root; its wall and CPU time in ms and its exit code. Standard output and error
 * are pipes that this process reads, as a CI job, an editor or `| jq` runs the command.
 */
function timeNode(args) {
  const cpu0 = childrenCpuSec();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  return { wallMs: performance.now() - t0, cpuMs: (childrenCpuSec() - cpu0) * 1000, status: r.status };
}

let baselineSec;
console.log(`node ${process.version}, ${readdirSync('/sys/devices/system/cpu').filter((d) => /^cpu\d+$/.test(d)).length || '?'} CPUs; load average ${load()} at the start`);

if (!only || only === 'start') {
  const cases = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: '--version', args: [bin, '--version'], target: 1.3 },
    ...examples.map((f) => ({ name: `plan examples/${f}`, args: [bin, 'plan', `examples/${f}`, '--format', 'json'], target: 2.0 })),
  ];
  const wall = cases.map(() => []);
  const cpu = cases.map(() => []);
  for (let round = -1; round < starts; round++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + Math.max(0, round)) % cases.length;
      const r = timeNode(cases[i].args);
      // plan exits 1 when the workload has errors (hot-key.yaml's key over a shard's limit); 2 is bad input.
      if (r.status === 2 || (r.status !== 0 && !cases[i].name.startsWith('plan'))) throw new Error(`${cases[i].name} exited ${r.status}`);
      if (round >= 0) {
        wall[i].push(r.wallMs);
        cpu[i].push(r.cpuMs);
      }
    }
  }
  const baseWall = median(wall[0]);
  const baseCpu = median(cpu[0]);
  baselineSec = baseWall / 1000;
  console.log(`start-up, median of ${starts} alternating runs each; targets on wall time (CPU time in 10 ms ticks):`);
  console.log(`  ${''.padEnd(44)}  wall ms  ratio    CPU ms  ratio`);
  for (let i = 0; i < cases.length; i++) {
    const w = median(wall[i]);
    const c = median(cpu[i]);
    const ratio = w / baseWall;
    const verdict = cases[i].target === undefined ? '' : ratio <= cases[i].target ? `  ok (≤ ${cases[i].target}×)` : `  OVER the ${cases[i].target}× target`;
    if (cases[i].target !== undefined && ratio > cases[i].target) process.exitCode = 1;
    console.log(
      `  ${cases[i].name.padEnd(44)} ${w.toFixed(0).padStart(6)} ${ratio.toFixed(2).padStart(6)}×  ${c.toFixed(0).padStart(6)} ${(c / baseCpu).toFixed(2).padStart(6)}×${verdict}`,
    );
  }
  console.log(`  load average ${load()} at the end`);
}

if (only === 'start') process.exit();

if (baselineSec === undefined) {
  const times = [];
  for (let r = 0; r < Math.max(5, repeats); r++) times.push(timeNode(['-e', '0']).wallMs / 1000);
  baselineSec = median(times);
  console.log(`node -e 0: ${baselineSec.toFixed(3)} s (median of ${times.length})`);
}

/** One line per case: its median, the runs, the multiple of `node -e 0`, the target. */
function report(name, times, target, detail) {
  const m = median(times);
  const ok = m < target ? 'under' : 'OVER';
  console.log(
    `${name}: ${m.toFixed(2)} s wall, ${Math.round(m / baselineSec)}× node -e 0` +
      `${times.length > 1 ? ` (median of ${times.length}: ${times.map((t) => t.toFixed(2)).join(', ')})` : ''}; ${ok} the ${target} s target${detail ? ` [${detail}]` : ''}`,
  );
}

/** Runs the CLI `repeats` times; the wall times in seconds and the (identical) standard output. */
function timeCli(name, args) {
  const times = [];
  let out;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const p = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
    times.push((performance.now() - t0) / 1000);
    if (p.status !== 0) throw new Error(`${name}: exit ${p.status}: ${p.stderr}`);
    if (out !== undefined && p.stdout !== out) throw new Error(`${name}: run ${r + 1} gave a different result`);
    out = p.stdout;
  }
  return { times, out };
}

const runs = [
  {
    key: 'a',
    name: '(a) 1 h, 100 shards, bursty, 50,000 records/s',
    target: 5,
    shards: 100,
    duration: '1h',
    durationSec: 3600,
    stream: {
      name: 'bursty',
      records: { size: 1000, rate: 50_000 },
      consumers: [{ name: 'app', type: 'polling' }],
      traffic: { heavyTail: { meanOn: 2, meanOff: 20, onFactor: 2.5, offFactor: 0.86 }, spikes: [{ at: 1800, length: 60, factor: 1.5 }] },
    },
  },
  {
    key: 'b',
    name: '(b) 7 d, 500 shards, daily cycle',
    target: 30,
    shards: 500,
    duration: '7d',
    durationSec: 7 * 86_400,
    stream: {
      name: 'daily',
      records: { size: 800, rate: 250_000 },
      traffic: { daily: { amplitude: 0.5, peakAt: 14 * 3600 } },
    },
  },
];

const dir = mkdtempSync(join(tmpdir(), 'kinesis-plan-bench-'));
try {
  for (const run of runs) {
    if (only && only !== run.key) continue;
    // JSON is YAML: the workload file is written as JSON.
    const file = join(dir, `${run.key}.yaml`);
    writeFileSync(file, JSON.stringify({ version: 1, name: 'bench', streams: [run.stream] }));
    const args = ['simulate', file, '--shards', String(run.shards), '--duration', run.duration, '--seed', '1', '--format', 'json'];
    const { times, out } = timeCli(run.name, [...args, ...(stepSec ? ['--step', `${stepSec}s`] : [])]);
    const result = JSON.parse(out);
    const s = result.streams[0];
    const wallSec = median(times);
    report(
      run.name,
      times,
      run.target,
      `step ${result.params.stepSec * 1000} ms; ${s.records.offered.toLocaleString('en-US')} records, throttled share ${(s.throttledShare * 100).toFixed(3)}%; ` +
        `${(s.records.offered / wallSec / 1e6).toFixed(1)} M records/s, ${((run.shards * run.durationSec) / wallSec / 1e6).toFixed(2)} M shard-seconds/s`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (!only || only === 'c') {
  for (const example of examples) {
    const name = `(c) --find-shards, ${example}`;
    const { times, out } = timeCli(name, ['simulate', `examples/${example}`, '--find-shards', '--max-throttled-share', '1%', '--format', 'json']);
    const found = JSON.parse(out).findShards.streams.map((f) => `${f.stream}: ${f.shards ?? (f.hotKeys.length > 0 ? 'none (hot keys)' : 'none')}, planned ${f.plannedShards}`);
    report(name, times, 10, found.join('; '));
  }
}
console.log(`load average ${load()} at the end`);
