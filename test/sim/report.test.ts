import { Chalk } from 'chalk';
import { describe, expect, test } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { simulate } from '../../src/sim/index.js';
import { renderSimMarkdown } from '../../src/report/sim-markdown.js';
import { renderSimJson, toSimReport } from '../../src/report/sim-json.js';
import { renderSimText } from '../../src/report/sim-text.js';
import { sparkline } from '../../src/report/sim-chart.js';
import { oneStream } from './helpers.js';

// The V10 micro-burst: 3,000 records at once on one shard, no retries (see acceptance.test.ts for the derivation).
const workload = oneStream({
  records: { size: 100, rate: 0.001 },
  traffic: { rate: 0.001, arrivals: 'uniform', pulses: [{ at: 0, records: 3000 }], client: { model: 'none' } },
});
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

      Model: token-bucket, bucket depth 1 s, write bytes auto, step 100 ms, on-demand split delay 15 min.

      ### s

      provisioned, 1 shards, client \`none\`, open producer (arrivals sent at once), unbounded buffer.

      | records | count |
      |---|---:|
      | offered | 3,000 |
      | accepted | 1,000 |
      | throttled attempts | 2,000 (66.7%) |
      | retries | 0 |
      | dropped | 2,000 |
      | &nbsp;&nbsp;not-retried | 2,000 |
      | pending at end | 0 |

      Latency added by throttling: p50 0 ms, p95 0 ms, p99 0 ms, max 0 ms.

      | minute | IncomingRecords | WriteProvisionedThroughputExceeded | avg/s | peak second | peak ÷ avg |
      |---:|---:|---:|---:|---:|---:|
      | 0 | 1,000 | 2,000 | 50 | 3,000 | 60× |

      ### Findings

      - **warning** \`streams[0].name\` (SIM_THROTTLED): 2,000 of 3,000 write attempts (66.7%) were throttled. Run with --find-shards for the shard count that keeps it under budget.
      - **error** \`streams[0].traffic.client\` (SIM_RECORDS_DROPPED): 2,000 of 3,000 records were given up, mostly because the client does not retry: that data is lost unless the application keeps it elsewhere.
      - **warning** \`streams[0].traffic\` (SIM_HIDDEN_BURST): Minute 0 shows only 1.7% of write capacity in one-minute metrics, yet 2,000 writes were throttled: its busiest second carried 60× the minute's average. CloudWatch will not show this burst; WriteProvisionedThroughputExceeded will be the only sign.
      "
    `);
  });

  test('text without colour, and with colour', () => {
    const plain = renderSimText(result, { style: new Chalk({ level: 0 }), width: 80 });
    expect(plain).toMatchInlineSnapshot(`
      "Simulation: 1 min, seed 1
        model: token-bucket, bucket depth 1 s, write bytes auto, step 100 ms, on-demand split delay 15 min

      Stream s — provisioned, 1 shards, client none
        open producer (arrivals sent at once), unbounded buffer
      ┌────────────────────┬───────┬───────┐
      │ records            │ count │       │
      ├────────────────────┼───────┼───────┤
      │ offered            │ 3,000 │       │
      │ accepted           │ 1,000 │ 33.3% │
      │ throttled attempts │ 2,000 │ 66.7% │
      │ retries            │ 0     │       │
      │ dropped            │ 2,000 │       │
      │   not-retried      │ 2,000 │       │
      │ pending at end     │ 0     │       │
      └────────────────────┴───────┴───────┘
        latency added by throttling: p50 0 ms, p95 0 ms, p99 0 ms, max 0 ms
        per minute (1 min, 10 columns)
        throttled   █
        utilisation ▁
        worst minutes: what CloudWatch shows, and the second it hides
      ┌────────┬─────────────────┬────────────────────────────────────┬───────┬─────────────┬────────────┐
      │ minute │ IncomingRecords │ WriteProvisionedThroughputExceeded │ avg/s │ peak second │ peak ÷ avg │
      ├────────┼─────────────────┼────────────────────────────────────┼───────┼─────────────┼────────────┤
      │ 0      │ 1,000           │ 2,000                              │ 50    │ 3,000       │ 60×        │
      └────────┴─────────────────┴────────────────────────────────────┴───────┴─────────────┴────────────┘
        throttled shards (1 of 1)
      ┌───────┬────────────┬──────────┬───────────┐
      │ shard │ load share │ attempts │ throttled │
      ├───────┼────────────┼──────────┼───────────┤
      │ 0     │ 100%       │ 3,000    │ 2,000     │
      └───────┴────────────┴──────────┴───────────┘
        each Kinesis record costs 136 B against the write limit

      Findings
        error   streams[0].traffic.client [SIM_RECORDS_DROPPED]
                2,000 of 3,000 records were given up, mostly because the client does
                not retry: that data is lost unless the application keeps it
                elsewhere.
        warning streams[0].name [SIM_THROTTLED]
                2,000 of 3,000 write attempts (66.7%) were throttled. Run with
                --find-shards for the shard count that keeps it under budget.
        warning streams[0].traffic [SIM_HIDDEN_BURST]
                Minute 0 shows only 1.7% of write capacity in one-minute metrics, yet
                2,000 writes were throttled: its busiest second carried 60× the
                minute's average. CloudWatch will not show this burst;
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
});
