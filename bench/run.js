// npm run bench: builds to dist/, then times the simulator on the two runs named in issue 6.
// Prints simulated records per second of wall time and shard-seconds per second of wall time.
import { performance } from 'node:perf_hooks';
import { workloadSchema } from '../dist/workload/schema.js';
import { planWorkload } from '../dist/plan/index.js';
import { simulate } from '../dist/sim/index.js';

// Options: --step=SECONDS (model step; default the model's), --runs=N (time each case N times and report the median;
// every run must give the same result), --only=a|b (one case).
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const stepSec = arg('step') ? Number(arg('step')) : undefined;
const repeats = Math.max(1, Number(arg('runs') ?? 1));
const only = arg('only');

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
  const workload = workloadSchema.parse({ version: 1, name: 'bench', streams: [run.stream] });
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
