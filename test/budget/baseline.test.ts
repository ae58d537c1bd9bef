import { describe, expect, it } from 'vitest';
import { parseBaseline } from '../../src/budget/baseline.js';

const report = (streams: number, pad: number) =>
  JSON.stringify(
    {
      schemaVersion: 1,
      workload: { name: 'w' },
      streams: Array.from({ length: streams }, (_, i) => ({ name: `s${i}`, shards: { required: 1 }, note: 'x'.repeat(pad) })),
      totals: { monthlyUsd: 1 },
    },
    null,
    1,
  );

describe('saved reports larger than the YAML reader takes (over 1 MiB of JSON)', () => {
  it('parse with JSON.parse', () => {
    const text = report(1000, 1200);
    expect(text.length).toBeGreaterThan(1024 * 1024);
    expect(parseBaseline(text, 'base.json').streams).toHaveLength(1000);
  });
  it('locate their errors by the path in the text, and bound the streams', () => {
    const broken = report(1000, 1200).replace('"required": 1', '"required": "one"');
    expect(() => parseBaseline(broken, 'base.json')).toThrow(/^base\.json:10:17 streams\[0\]\.shards\.required: /);
    expect(() => parseBaseline(report(1001, 1100), 'base.json')).toThrow(
      'base.json:6:13 streams: a kinesis-plan report has at most 1,000 streams, as a workload does.',
    );
  });
});
