// npm run bench: builds to dist/, then times the simulator on the runs named in issues 6 and 11:
//   (a) 1 h, 100 shards, bursty traffic at 50,000 records/s, with a polling reader;
//   (b) 7 d, 500 shards with a daily cycle (target under 30 s on 2 cores);
//   (c) `kinesis-plan simulate EXAMPLE --find-shards --max-throttled-share 1%` on every example, as a user runs it
//       (a new process each time; target under 10 s).
// Each case runs --runs=N times (default 3) and reports the median wall time, also as a multiple of a bare
// `node -e 0` timed in the same run (the machine's speed and load at that moment), and checks that every run of a
// case gives the same result. (a) and (b) run in-process on the CLI's worker threads.
// Options: --runs=N, --only=a|b|c, --step=SECONDS (model step for (a) and (b); default the model's).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { workloadSchema } from '../dist/workload/schema.js';
import { planWorkload } from '../dist/plan/index.js';
import { simulateWith } from '../dist/sim/index.js';
import { createThreadRunner } from '../dist/cli/sim-threads.js';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const stepSec = arg('step') ? Number(arg('step')) : undefined;
const repeats = Math.max(1, Number(arg('runs') ?? 3));
const only = arg('only');
const root = fileURLToPath(new URL('../', import.meta.url));

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];

/** Wall seconds of a bare `node -e 0`, the yardstick of this run. */
function nodeBaseline() {
  const times = [];
  for (let r = 0; r < Math.max(3, repeats); r++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    times.push((performance.now() - t0) / 1000);
  }
  return median(times);
}

const baseline = nodeBaseline();
console.log(`node -e 0: ${baseline.toFixed(3)} s (median of ${Math.max(3, repeats)}); "×" below is a multiple of it`);

/** One line per case: its median, the runs, the multiple of `node -e 0`, the target. */
function report(name, times, target, detail) {
  const m = median(times);
  const ok = m < target ? 'under' : 'OVER';
  console.log(
    `${name}: ${m.toFixed(2)} s wall, ${Math.round(m / baseline)}× node -e 0` +
      `${times.length > 1 ? ` (median of ${times.length}: ${times.map((t) => t.toFixed(2)).join(', ')})` : ''}; ${ok} the ${target} s target${detail ? ` [${detail}]` : ''}`,
  );
}

const runs = [
  {
    key: 'a',
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
    key: 'b',
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
  if (only && only !== run.key) continue;
  const workload = workloadSchema.parse({ version: 1, name: 'bench', streams: [run.stream] });
  const plan = planWorkload(workload);
  const times = [];
  let result;
  let json;
  for (let r = 0; r < repeats; r++) {
    const runner = createThreadRunner();
    const t0 = performance.now();
    result = await simulateWith(workload, plan, { seed: 1, durationSec: run.durationSec, shardsByStream: [run.shards], ...(stepSec ? { stepSec } : {}) }, runner);
    times.push((performance.now() - t0) / 1000);
    await runner.close();
    const j = JSON.stringify(result);
    if (json !== undefined && j !== json) throw new Error(`${run.name}: run ${r + 1} gave a different result`);
    json = j;
  }
  const s = result.streams[0];
  const wallSec = median(times);
  report(
    run.name,
    times,
    run.target,
    `step ${result.params.stepSec * 1000} ms; ${s.records.offered.toLocaleString('en-US')} records, throttled share ${(s.throttledShare * 100).toFixed(3)}%; ` +
      `${((s.records.offered / wallSec) / 1e6).toFixed(1)} M records/s, ${((run.shards * run.durationSec) / wallSec / 1e6).toFixed(2)} M shard-seconds/s`,
  );
}

if (!only || only === 'c') {
  const examples = readdirSync(new URL('../examples/', import.meta.url)).filter((f) => f.endsWith('.yaml')).sort();
  for (const example of examples) {
    const args = ['bin/kinesis-plan.js', 'simulate', `examples/${example}`, '--find-shards', '--max-throttled-share', '1%', '--format', 'json'];
    const times = [];
    let out;
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      const p = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
      times.push((performance.now() - t0) / 1000);
      if (p.status !== 0) throw new Error(`${example}: exit ${p.status}: ${p.stderr}`);
      if (out !== undefined && p.stdout !== out) throw new Error(`${example}: run ${r + 1} gave a different result`);
      out = p.stdout;
    }
    const found = JSON.parse(out).findShards.streams.map((f) => `${f.stream}: ${f.shards ?? (f.hotKeys.length > 0 ? 'none (hot keys)' : 'none')}, planned ${f.plannedShards}`);
    report(`(c) --find-shards, ${example}`, times, 10, found.join('; '));
  }
}
