// npm run bench: builds to dist/, then
// 1. times the CLI's start: `plan` of every example and `--version`, each as a ratio to `node -e 0` measured in the
//    same run (the median of at least 11 runs of each, the commands alternating so that other work on the machine
//    weighs on all of them alike). Targets: plan ≤ 2.0× and --version ≤ 1.3× a bare Node start; the exit code is 1
//    when one is missed.
// 2. times the simulator on the two runs named in issue 6: simulated records per second of wall time and
//    shard-seconds per second of wall time.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseWorkload, planWorkload, simulate } from '../dist/index.js';

// Options: --step=SECONDS (model step; default the model's), --runs=N (time each simulator case N times and report the
// median; every run must give the same result), --starts=N (runs of each start-up command, at least 11),
// --only=start|a|b (one part).
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const stepSec = arg('step') ? Number(arg('step')) : undefined;
const repeats = Math.max(1, Number(arg('runs') ?? 1));
const starts = Math.max(11, Number(arg('starts') ?? 11));
const only = arg('only');

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

if (!only || only === 'start') {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const bin = 'bin/kinesis-plan.js';
  const examples = readdirSync(`${root}examples`).filter((f) => f.endsWith('.yaml')).sort();
  const cases = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: '--version', args: [bin, '--version'], target: 1.3 },
    ...examples.map((f) => ({ name: `plan examples/${f}`, args: [bin, 'plan', `examples/${f}`, '--format', 'json'], target: 2.0 })),
  ];
  const wall = cases.map(() => []);
  const cpu = cases.map(() => []);
  const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };
  // Each command runs under bash, whose `times` prints its children's user and system CPU time (second line): CPU time
  // is what the command costs when the machine is busy with other work, where wall time also counts waiting for a core.
  const script = '"$@" >/dev/null 2>&1; echo "exit $?"; times';
  const seconds = (t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  };
  // One warm-up round (file cache), then `starts` rounds; each round runs every command once, in a rotated order.
  for (let round = -1; round < starts; round++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + Math.max(0, round)) % cases.length;
      const t0 = performance.now();
      const r = spawnSync('bash', ['-c', script, 'bench', process.execPath, ...cases[i].args], { cwd: root, env, encoding: 'utf8' });
      const ms = performance.now() - t0;
      const [exit, , children] = r.stdout.trim().split('\n');
      const status = Number(exit?.slice(5));
      // plan exits 1 when the workload has errors (hot-key.yaml's key over a shard's limit); 2 is bad input.
      if (status === 2 || (status !== 0 && !cases[i].name.startsWith('plan'))) throw new Error(`${cases[i].name} exited ${status}`);
      const [user, system] = (children ?? '').split(' ').map(seconds);
      if (round >= 0) {
        wall[i].push(ms);
        cpu[i].push((user + system) * 1000);
      }
    }
  }
  const baseWall = median(wall[0]);
  const baseCpu = median(cpu[0]);
  console.log(`start-up, median of ${starts} alternating runs each (node ${process.version}); targets on wall time:`);
  console.log(`  ${''.padEnd(44)}  wall ms  ratio    CPU ms  ratio`);
  for (let i = 0; i < cases.length; i++) {
    const w = median(wall[i]);
    const c = median(cpu[i]);
    const ratio = w / baseWall;
    const verdict = cases[i].target === undefined ? '' : ratio <= cases[i].target ? `  ok (≤ ${cases[i].target}×)` : `  over the ${cases[i].target}× target`;
    if (cases[i].target !== undefined && ratio > cases[i].target) process.exitCode = 1;
    console.log(
      `  ${cases[i].name.padEnd(44)} ${w.toFixed(0).padStart(6)} ${ratio.toFixed(2).padStart(6)}×  ${c.toFixed(0).padStart(6)} ${(c / baseCpu).toFixed(2).padStart(6)}×${verdict}`,
    );
  }
}

const runs = [
  {
    name: '(a) 1 h, 100 shards, bursty, 50,000 records/s',
    target: 5,
    shards: 100,
    durationSec: 3600,
    stream: {
      name: 'bursty',
      records: { size: 1000, rate: 50_000 },
      consumers: [{ name: 'app', type: 'polling' }],
      traffic: { heavyTail: { meanOn: 2, meanOff: 20, onFactor: 2.5, offFactor: 0.86 }, spikes: [{ at: 1800, length: 60, factor: 1.5 }] },
    },
  },
  {
    name: '(b) 7 d, 500 shards, daily cycle',
    target: 30,
    shards: 500,
    durationSec: 7 * 86_400,
    stream: {
      name: 'daily',
      records: { size: 800, rate: 250_000 },
      traffic: { daily: { amplitude: 0.5, peakAt: 14 * 3600 } },
    },
  },
];

for (const run of runs) {
  if (only && !run.name.startsWith(`(${only})`)) continue;
  // JSON is YAML: the public parser takes the workload as text.
  const workload = parseWorkload(JSON.stringify({ version: 1, name: 'bench', streams: [run.stream] }), 'bench');
  const plan = planWorkload(workload);
  const times = [];
  let result;
  let json;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    result = simulate(workload, plan, { seed: 1, durationSec: run.durationSec, shardsByStream: [run.shards], ...(stepSec ? { stepSec } : {}) });
    times.push((performance.now() - t0) / 1000);
    const j = JSON.stringify(result);
    if (json !== undefined && j !== json) throw new Error(`${run.name}: run ${r + 1} gave a different result`);
    json = j;
  }
  const sorted = [...times].sort((x, y) => x - y);
  const wallSec = sorted[Math.floor((sorted.length - 1) / 2)];
  const s = result.streams[0];
  const recordsPerSec = s.records.offered / wallSec;
  const shardSecPerSec = (run.shards * run.durationSec) / wallSec;
  console.log(
    `${run.name}: ${wallSec.toFixed(2)} s wall${repeats > 1 ? ` (median of ${repeats}: ${times.map((t) => t.toFixed(2)).join(', ')})` : ''} ` +
      `(target < ${run.target} s), ` +
      `${(recordsPerSec / 1e6).toFixed(1)} M simulated records/s, ${(shardSecPerSec / 1e6).toFixed(2)} M shard-seconds/s ` +
      `[step ${result.params.stepSec * 1000} ms; ${s.records.offered.toLocaleString('en-US')} records, throttled share ${(s.throttledShare * 100).toFixed(3)}%]`,
  );
}
