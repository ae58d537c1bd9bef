import { Chalk } from 'chalk';
import { describe, expect, test } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { simulate } from '../../src/sim/index.js';
import { renderSimMarkdown } from '../../src/report/sim-markdown.js';
import { renderSimJson, toSimReport } from '../../src/report/sim-json.js';
import { renderSimText } from '../../src/report/sim-text.js';
import { sparkline } from '../../src/report/sim-chart.js';
import { changeSentences, describeTraffic, simulatedSentence, verdictSentence } from '../../src/report/sim-summary.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { readFileSync } from 'node:fs';
import { oneStream } from './helpers.js';

// The V10 micro-burst: 3,000 records at once on one shard, no retries (see acceptance.test.ts for the derivation).
const microBurst = {
  records: { size: 100, rate: 0.001 },
  traffic: { rate: 0.001, arrivals: 'uniform' as const, pulses: [{ at: 0, records: 3000 }], client: { model: 'none' as const } },
};
const workload = oneStream(microBurst);
const result = simulate(workload, planWorkload(workload), { seed: 1, durationSec: 60, shardsByStream: [1] });

describe('simulation reports', () => {
  test('JSON carries schemaVersion 1 and the fields the issue names', () => {
    const json = JSON.parse(renderSimJson(toSimReport(result, '0.1.0'))) as ReturnType<typeof toSimReport>;
    expect(json.schemaVersion).toBe(1);
    const s = json.streams[0]!;
    expect(s.records).toMatchObject({ offered: 3000, accepted: 1000, throttledAttempts: 2000, retries: 0, dropped: 2000, pending: 0 });
    expect(s.throttledShare).toBeCloseTo(2 / 3, 12);
    expect(Object.keys(s.latencyMs)).toEqual(['p50', 'p95', 'p99', 'max']);
    expect(s.perMinute).toHaveLength(1);
    expect(json.findings.find((f) => f.code === 'SIM_HIDDEN_BURST')?.message).toMatch(/busiest second carried 60× the minute's average/);
  });

  test('Markdown', () => {
    expect(renderSimMarkdown(result)).toMatchInlineSnapshot(`
      "## Simulation: 1 min, seed 1

      **s.** Simulated 1 min of s on 1 provisioned shard: 0.001 records/s with 3,000 records at once at the start, evenly spaced arrivals, written by a producer that does not retry.

      **Verdict:** 66.7% of write attempts were throttled; records are lost: 2,000 of 3,000 (66.7%).

      **To change:** Run again with --find-shards for the fewest shards that keep throttling within your limit (budget.maxThrottledShare or --max-throttled-share).

      ### s

      provisioned, 1 shards, client \`none\`; records are sent as they arrive, whatever happened to earlier ones (an open producer); no limit on records waiting.

      | records | count |
      |---|---:|
      | offered | 3,000 |
      | accepted | 1,000 |
      | throttled attempts | 2,000 (66.7% of attempts) |
      | retries (attempts) | 0 |
      | dropped | 2,000 |
      | &nbsp;&nbsp;not-retried | 2,000 |
      | pending at end | 0 |

      Latency added by throttling: p50 0 ms, p95 0 ms, p99 0 ms, max 0 ms.

      Worst minutes: what CloudWatch shows (accepted = \`IncomingRecords\`, throttled = \`WriteProvisionedThroughputExceeded\`, one-minute sums), and the second it hides (attempts count every try, retries included).

      | minute | accepted | throttled | attempts/s, average | attempts in the busiest second | busiest ÷ average |
      |---:|---:|---:|---:|---:|---:|
      | 0 | 1,000 | 2,000 | 50 | 3,000 | 60× |

      Model: each shard's write limits are token buckets 1 s deep (1,000 records, 1 MiB), refilled continuously; a record over 1 MiB may borrow against the next seconds only on a stream that allows large records; time moves in steps of 100 ms; on-demand splits take effect 15 min after they are due.

      ### Findings

      - **warning** \`streams[0].name\` (SIM_THROTTLED): 2,000 of 3,000 write attempts (66.7%) were throttled.
      - **error** \`streams[0].traffic.client\` (SIM_RECORDS_DROPPED): 2,000 of 3,000 records were given up, mostly because the client does not retry: that data is lost unless the application keeps it elsewhere.
      - **warning** \`streams[0].traffic\` (SIM_HIDDEN_BURST): Minute 0 shows only 1.7% of write capacity in one-minute metrics, yet 2,000 write attempts were throttled: its busiest second carried 60× the minute's average. CloudWatch will not show this burst; WriteProvisionedThroughputExceeded will be the only sign.
      "
    `);
  });

  test('text without colour, and with colour', () => {
    const plain = renderSimText(result, { style: new Chalk({ level: 0 }), width: 80 });
    expect(plain).toMatchInlineSnapshot(`
      "Simulation: 1 min, seed 1

      s
        Simulated 1 min of s on 1 provisioned shard: 0.001 records/s with
        3,000 records at once at the start, evenly spaced arrivals, written by a
        producer that does not retry.
        Verdict: 66.7% of write attempts were throttled; records are lost: 2,000 of
        3,000 (66.7%).
        To change: Run again with --find-shards for the fewest shards that keep
        throttling within your limit (budget.maxThrottledShare or
        --max-throttled-share).

      Stream s — provisioned, 1 shard, client none
        records are sent as they arrive, whatever happened to earlier ones (an open
        producer); no limit on records waiting
        ┌────────────────────┬───────┬───────────────────┐
        │ records            │ count │                   │
        ├────────────────────┼───────┼───────────────────┤
        │ offered            │ 3,000 │                   │
        │ accepted           │ 1,000 │ 33.3%             │
        │ throttled attempts │ 2,000 │ 66.7% of attempts │
        │ retries (attempts) │     0 │                   │
        │ dropped            │ 2,000 │                   │
        │   not-retried      │ 2,000 │                   │
        │ pending at end     │     0 │                   │
        └────────────────────┴───────┴───────────────────┘
        latency added by throttling: p50 0 ms, p95 0 ms, p99 0 ms, max 0 ms
        per minute (1 min; a column is a minute)
          throttled attempts  █  0 – 2,000 a minute
          write capacity used ▁  0 – 100%
        worst minutes: what CloudWatch shows, and the second it hides
        ┌────────┬──────────┬───────────┬─────────────┬─────────────┬───────────┐
        │ minute │ accepted │ throttled │ attempts/s, │ attempts in │   busiest │
        │        │          │           │     average │   busiest s │ ÷ average │
        ├────────┼──────────┼───────────┼─────────────┼─────────────┼───────────┤
        │      0 │    1,000 │     2,000 │          50 │       3,000 │       60× │
        └────────┴──────────┴───────────┴─────────────┴─────────────┴───────────┘
        accepted and throttled are the one-minute sums IncomingRecords and
        WriteProvisionedThroughputExceeded; attempts count every try, retries included
        throttled shards (1 of 1)
        ┌───────┬──────────────────┬──────────┬────────────────────┐
        │ shard │ share of records │ attempts │ throttled attempts │
        ├───────┼──────────────────┼──────────┼────────────────────┤
        │     0 │             100% │    3,000 │              2,000 │
        └───────┴──────────────────┴──────────┴────────────────────┘
        each Kinesis record costs 136 B against the write limit

      Model: each shard's write limits are token buckets 1 s deep (1,000 records,
        1 MiB), refilled continuously; a record over 1 MiB may borrow against the next
        seconds only on a stream that allows large records; time moves in steps of
        100 ms; on-demand splits take effect 15 min after they are due.

      Findings
        error   streams[0].traffic.client [SIM_RECORDS_DROPPED]
                2,000 of 3,000 records were given up, mostly because the client does
                not retry: that data is lost unless the application keeps it
                elsewhere.
        warning streams[0].name [SIM_THROTTLED]
                2,000 of 3,000 write attempts (66.7%) were throttled.
        warning streams[0].traffic [SIM_HIDDEN_BURST]
                Minute 0 shows only 1.7% of write capacity in one-minute metrics, yet
                2,000 write attempts were throttled: its busiest second carried 60×
                the minute's average. CloudWatch will not show this burst;
                WriteProvisionedThroughputExceeded will be the only sign.
      "
    `);
    const coloured = renderSimText(result, { style: new Chalk({ level: 1 }), width: 80 });
    expect(coloured).toContain('\u001b[');
    expect(coloured.replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), '')).toBe(plain);
  });

  test('sparkline buckets by maximum', () => {
    // 8 values into 4 columns: maxima 1, 4, 0, 8 on a scale of 8 → ▁ ▄ (blank) █.
    expect(sparkline([1, 0, 2, 4, 0, 0, 8, 3], 4)).toBe('▁▄ █');
  });

  test('the opening says what was simulated, the verdict, and what to change', () => {
    const s = result.streams[0]!;
    expect(simulatedSentence(result, s)).toBe(
      'Simulated 1 min of s on 1 provisioned shard: 0.001 records/s with 3,000 records at once at the start, evenly spaced arrivals, written by a producer that does not retry.',
    );
    // 2,000 of 3,000 attempts throttled (66.7 %), all in the one minute; 2,000 of 3,000 records dropped.
    expect(verdictSentence(result, s)).toBe('66.7% of write attempts were throttled; records are lost: 2,000 of 3,000 (66.7%).');
    expect(changeSentences(result, s)).toEqual([
      'Run again with --find-shards for the fewest shards that keep throttling within your limit (budget.maxThrottledShare or --max-throttled-share).',
    ]);
  });

  test('traffic shapes in words', () => {
    const w = oneStream({
      records: { size: 100, rate: 3000 },
      traffic: {
        rate: 3000,
        daily: { amplitude: 0.5, peakAt: 14 * 3600, startAt: 13 * 3600 },
        onOff: { on: 60, off: 3540, onFactor: 3, offFactor: 1 },
        spikes: [{ at: 600, length: 120, factor: 3, ramp: 30 }],
      },
    });
    const r = simulate(w, planWorkload(w), { seed: 1, durationSec: 60, shardsByStream: [4] });
    expect(describeTraffic(r.streams[0]!.traffic, undefined)).toBe(
      '3,000 records/s with a daily cycle of ±50% peaking at 14:00 (the run starts at 13:00), bursts of 3× for 1 min every 1 h (1× between) and a 3× spike of 2 min at 10 min (30 s ramps), random (Poisson) arrivals',
    );
  });

  test('budget wording compares: a share within the budget is never said to be over it', () => {
    // 2,000 of 3,000 attempts throttled = 66.7 %: within a budget of 70 %, over one of 50 %.
    const within = oneStream(microBurst, { budget: { maxThrottledShare: 0.7 } });
    const over = oneStream(microBurst, { budget: { maxThrottledShare: 0.5 } });
    const a = simulate(within, planWorkload(within), { seed: 1, durationSec: 60, shardsByStream: [1] });
    const b = simulate(over, planWorkload(over), { seed: 1, durationSec: 60, shardsByStream: [1] });
    expect(verdictSentence(a, a.streams[0]!)).toContain('within the budget of 70%');
    expect(verdictSentence(b, b.streams[0]!)).toContain('over the budget of 50%');
    const text = renderSimText(a, { style: new Chalk({ level: 0 }), width: 80 });
    expect(text).not.toMatch(/over the budget/);
    expect(text.replace(/\s+/g, ' ')).toContain('(66.7%) were throttled, within the budget of 70%.');
  });

  test('a hot key is named with the fix the plan computed, and --find-shards is not suggested for it', () => {
    // examples/hot-key.yaml: gateway-eu-1 carries 25 % of 16,000 records/s, 4,000/s on one shard: the plan salts it
    // into 5 sub-keys. That shard takes all the throttling.
    const w = parseWorkload(readFileSync(new URL('../../examples/hot-key.yaml', import.meta.url), 'utf8'), 'hot-key.yaml');
    const plan = planWorkload(w);
    const r = simulate(w, plan, { seed: 1, durationSec: 60 });
    const hot = r.findings.find((f) => f.code === 'SIM_HOT_SHARD');
    expect(hot?.args).toMatchObject({ keys: 'gateway-eu-1', fix: 'salt-keys', salts: 5, hotShards: 1 });
    expect(plan.streams[0]!.partitionKeys.keysOverShardLimit[0]).toMatchObject({ key: 'gateway-eu-1', saltsNeeded: 5 });
    const change = changeSentences(r, r.streams[0]!).join(' ');
    expect(change).toContain('Salt partition key "gateway-eu-1" into 5 sub-keys');
    expect(change).not.toContain('--find-shards');
    // With --find-shards the search stops at once and says why; the opening never tells to run what was run.
    const found = simulate(w, plan, { seed: 1, durationSec: 60, findShards: { maxThrottledShare: 0.01 } });
    expect(found.findShards?.streams[0]).toMatchObject({ shards: null, hotKeys: ['gateway-eu-1'] });
    expect(changeSentences(found, found.streams[0]!).join(' ')).not.toContain('--find-shards');
  });

  test('every line of the text report fits 80 columns', () => {
    const hotKey = parseWorkload(readFileSync(new URL('../../examples/hot-key.yaml', import.meta.url), 'utf8'), 'hot-key.yaml');
    const consumers = oneStream({
      name: 'a-stream-with-a-long-name-for-the-report',
      records: { size: 600, rate: 2000 },
      consumers: [{ name: 'lambda-alerts', type: 'lambda' }, { name: 'fan-out', type: 'efo' }],
      traffic: { heavyTail: { meanOn: 2, meanOff: 10, onFactor: 3 }, spikes: [{ at: 30, length: 20, factor: 2 }], client: { model: 'put-record-sdk' } },
    });
    const runs = [
      result,
      simulate(hotKey, planWorkload(hotKey), { seed: 1, durationSec: 120, findShards: { maxThrottledShare: 0.01 } }),
      simulate(consumers, planWorkload(consumers), { seed: 1, durationSec: 600, shardsByStream: [1] }),
    ];
    for (const r of runs) {
      for (const line of renderSimText(r, { style: new Chalk({ level: 0 }), width: 80 }).split('\n')) expect(line, line).toHaveProperty('length', expect.toSatisfy((n: number) => n <= 80));
    }
  });
});
