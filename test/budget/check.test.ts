import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiffableReport } from '../../src/budget/baseline.js';
import { budgetLimits, checkBudget } from '../../src/budget/check.js';
import { diffReports } from '../../src/budget/diff.js';
import type { PlanReport } from '../../src/contract/plan-report.js';

function report(streams: { name: string; shards: number; usd: number; lines: [string, number | null][] }[], extra = 0): DiffableReport {
  const total = streams.reduce((a, s) => a + s.usd, 0) + extra;
  return {
    workload: { name: 'w' },
    streams: streams.map((s) => ({
      name: s.name,
      shards: { required: s.shards },
      cost: { planned: { mode: 'provisioned', monthlyUsd: s.usd, lines: s.lines.map(([key, usd]) => ({ key, item: key, monthlyUsd: usd })) } },
    })),
    firehose: extra ? [{ name: 'f', cost: { monthlyUsd: extra } }] : [],
    flink: [],
    totals: { monthlyUsd: total },
  };
}
const asPlan = (r: DiffableReport, findings: PlanReport['findings'] = []) => ({ ...r, findings }) as unknown as PlanReport;

function finding(severity: 'error' | 'warning' | 'info', code: string): PlanReport['findings'][number] {
  return { code, severity, path: 'streams[0].partitionKeys', message: `${code} words`, args: {} };
}

describe('diffReports', () => {
  it('changes per stream and per line, with percentages', () => {
    const before = report([{ name: 'a', shards: 2, usd: 40, lines: [['shard-hours', 20], ['put', 20]] }]);
    const after = report([
      { name: 'a', shards: 3, usd: 50, lines: [['shard-hours', 30], ['put', 20]] },
      { name: 'b', shards: 1, usd: 10, lines: [['shard-hours', 10]] },
    ]);
    const d = diffReports(before, after);
    // total 40 → 60: +20, +50 %
    expect(d.totals).toEqual({ before: 40, after: 60, deltaUsd: 20, deltaFraction: 0.5 });
    expect(d.streams[0]).toMatchObject({ name: 'a', status: 'changed', shards: { before: 2, after: 3 } });
    expect(d.streams[0]!.lines).toEqual([
      { key: 'shard-hours', item: 'shard-hours', before: 20, after: 30, deltaUsd: 10, deltaFraction: 0.5 },
      { key: 'put', item: 'put', before: 20, after: 20, deltaUsd: 0, deltaFraction: 0 },
    ]);
    // a new stream counts from $0; its percentage is undefined (from zero)
    expect(d.streams[1]).toMatchObject({ name: 'b', status: 'added', monthlyUsd: { before: 0, after: 10, deltaUsd: 10, deltaFraction: null } });
  });
  it('an unknown line stays unknown', () => {
    const d = diffReports(report([{ name: 'a', shards: 1, usd: 5, lines: [['reads', null]] }]), report([{ name: 'a', shards: 1, usd: 5, lines: [['reads', 3]] }]));
    expect(d.streams[0]!.lines[0]).toMatchObject({ before: null, after: 3, deltaUsd: null });
  });
  it('a capacity-mode change is priced as a whole: lines of two modes are not compared', () => {
    const before = report([{ name: 'a', shards: 23, usd: 813, lines: [['shard-hours', 251.85], ['efo-data', 198.92]] }]);
    const after: DiffableReport = {
      ...before,
      streams: [{ name: 'a', shards: { required: 23 }, cost: { planned: { mode: 'on-demand', monthlyUsd: 241.31, lines: [{ key: 'efo-data', item: 'efo-data', monthlyUsd: 51.01 }] } } }],
      totals: { monthlyUsd: 241.31 },
    };
    const d = diffReports(before, after);
    expect(d.streams[0]).toMatchObject({ status: 'changed', isModeChange: true, mode: { before: 'provisioned', after: 'on-demand' }, lines: [] });
    // 241.31 − 813 = −571.69
    expect(d.streams[0]!.monthlyUsd.deltaUsd).toBeCloseTo(-571.69, 9);
  });
  it('stage lines are compared key by key; the pricing of each side is kept', () => {
    const stage = (usd: number) => [{ name: 'to-s3', cost: { monthlyUsd: usd, lines: [{ key: 'ingestion', item: 'Ingestion', monthlyUsd: usd }] } }];
    const priced = { label: 'pricing/us-east-1.2026-11-22.json', effectiveDate: '2026-11-22', region: 'us-east-1' };
    const before: DiffableReport = { ...report([]), firehose: stage(10), totals: { monthlyUsd: 10 } };
    const after: DiffableReport = { ...report([]), pricing: priced, firehose: stage(25), totals: { monthlyUsd: 25 } };
    const d = diffReports(before, after);
    expect(d.stages).toEqual([
      {
        kind: 'firehose',
        name: 'to-s3',
        status: 'changed',
        monthlyUsd: { before: 10, after: 25, deltaUsd: 15, deltaFraction: 1.5 },
        lines: [{ key: 'ingestion', item: 'Ingestion', before: 10, after: 25, deltaUsd: 15, deltaFraction: 1.5 }],
      },
    ]);
    expect(d.pricing).toEqual({ before: null, after: { label: priced.label, effectiveDate: '2026-11-22' } });
    expect(d.inputs).toBeNull();
  });
  it('property: the total change is the sum of the stream and stage changes', () => {
    const stream = fc.record({ shards: fc.integer({ min: 1, max: 100 }), usd: fc.double({ min: 0, max: 1e5, noNaN: true }) });
    fc.assert(
      fc.property(stream, stream, fc.double({ min: 0, max: 1e4, noNaN: true }), (b, a, stage) => {
        const d = diffReports(report([{ name: 's', ...b, lines: [] }]), report([{ name: 's', ...a, lines: [] }], stage));
        const parts = d.streams.reduce((x, s) => x + (s.monthlyUsd.deltaUsd ?? 0), 0) + d.stages.reduce((x, s) => x + (s.monthlyUsd.deltaUsd ?? 0), 0);
        expect(d.totals.deltaUsd).toBeCloseTo(parts, 6);
      }),
    );
  });
});

describe('checkBudget', () => {
  const now = asPlan(report([{ name: 'a', shards: 12, usd: 1234.5, lines: [] }]));
  it('flags win over the budget block, key by key', () => {
    const { limits, sources } = budgetLimits({ monthlyUsd: 1000, maxShards: 10 }, { monthlyUsd: 2000 });
    expect(limits).toEqual({ monthlyUsd: 2000, maxShards: 10 });
    expect(sources).toEqual({ monthlyUsd: 'flag', maxShards: 'workload' });
  });
  it('each failed check carries the limit, the value and the excess', () => {
    const v = checkBudget({ report: now, limits: { monthlyUsd: 1000, maxShards: 10 }, sources: {} });
    expect(v.pass).toBe(false);
    // $1,234.50 − $1,000 = $234.50 over; 12 − 10 = 2 shards over
    expect(v.checks).toEqual([
      expect.objectContaining({ key: 'monthlyUsd', value: 1234.5, limit: 1000, excess: 234.5, pass: false, path: 'budget.monthlyUsd' }),
      expect.objectContaining({ key: 'maxShards', value: 12, limit: 10, excess: 2, pass: false, path: 'streams[0]', stream: 'a' }),
    ]);
  });
  it('increase limits need a baseline; with one they apply to the total change', () => {
    const skipped = checkBudget({ report: now, limits: { maxIncreaseUsd: 100 }, sources: {} });
    expect(skipped.pass).toBe(true);
    expect(skipped.checks[0]!.skipped).toBe('no baseline given (use --compare-to or --base-dir)');
    const fresh = checkBudget({ report: now, limits: { maxIncreaseUsd: 100 }, sources: {}, noBaselineReason: 'a new workload' });
    expect(fresh.checks[0]!.skipped).toBe('a new workload');
    const base = report([{ name: 'a', shards: 10, usd: 1000, lines: [] }]);
    const v = checkBudget({ report: now, limits: { maxIncreaseUsd: 100, maxIncreasePercent: 0.3 }, sources: {}, baseline: base });
    // +$234.50 > $100 (fails by $134.50); +23.45 % ≤ 30 % (holds)
    expect(v.checks[0]).toMatchObject({ key: 'maxIncreaseUsd', value: 234.5, excess: 134.5, pass: false });
    expect(v.checks[1]!.key).toBe('maxIncreasePercent');
    expect(v.checks[1]!.value).toBeCloseTo(0.2345, 12);
    expect(v.checks[1]!.pass).toBe(true);
  });
  it('a cost limit on a plan without prices fails, saying why; a shard limit does not need prices', () => {
    const unpriced = {
      ...asPlan(report([{ name: 'a', shards: 12, usd: 0, lines: [] }])),
      totals: { monthlyUsd: null },
      findings: [{ code: 'PRICES_NOT_FOUND', severity: 'warning', path: 'region', message: '', args: { region: 'eu-west-1' } }],
    } as unknown as PlanReport;
    const v = checkBudget({ report: unpriced, limits: { monthlyUsd: 1000, maxShards: 20 }, sources: {} });
    expect(v.pass).toBe(false);
    expect(v.checks).toEqual([
      expect.objectContaining({
        key: 'monthlyUsd',
        pass: false,
        skipped: undefined,
        unknown: 'the monthly cost is unknown: no prices for eu-west-1 (get them with `kinesis-plan pricing fetch eu-west-1`, or pass --pricing FILE)',
      }),
      expect.objectContaining({ key: 'maxShards', value: 12, pass: true, unknown: undefined }),
    ]);
    // Against a baseline, an unknown total on either side fails the increase limits too.
    const priced = report([{ name: 'a', shards: 10, usd: 1000, lines: [] }]);
    const up = checkBudget({ report: unpriced, limits: { maxIncreaseUsd: 100 }, sources: {}, baseline: priced });
    expect(up.checks[0]).toMatchObject({ key: 'maxIncreaseUsd', pass: false });
    expect(up.checks[0]!.unknown).toMatch(/^the monthly cost is unknown: no prices for eu-west-1/);
    const fromUnpriced = checkBudget({ report: now, limits: { maxIncreasePercent: 0.1 }, sources: {}, baseline: { ...priced, totals: { monthlyUsd: null } } });
    expect(fromUnpriced.checks[0]).toMatchObject({ pass: false, unknown: "the baseline's monthly cost is unknown (it was planned without prices)" });
  });
  it('throttling limits use the simulator result per stream', () => {
    const v = checkBudget({ report: now, limits: { maxThrottledShare: 0.001 }, sources: {}, throttling: [{ stream: 'a', throttledShare: 0.0025, shards: 2, mode: 'provisioned' }] });
    expect(v.checks[0]).toMatchObject({ key: 'maxThrottledShare', value: 0.0025, pass: false });
    expect(v.checks[0]!.excess).toBeCloseTo(0.0015, 12);
  });
  it("the plan's findings: errors fail by default, warnings with failOn warning, nothing with none", () => {
    const plan = asPlan(report([{ name: 'a', shards: 1, usd: 10, lines: [] }]), [
      finding('error', 'HOT_KEY_OVER_SHARD_LIMIT'),
      finding('warning', 'AGGREGATION_RECOMMENDED'),
      finding('info', 'ODA_BELOW_COMMITMENT'),
    ]);
    const byDefault = checkBudget({ report: plan, limits: {}, sources: {} });
    expect(byDefault.pass).toBe(false);
    expect(byDefault.findings.map((f) => [f.code, f.isFailing])).toEqual([['HOT_KEY_OVER_SHARD_LIMIT', true]]);
    const warnings = checkBudget({ report: plan, limits: {}, sources: {}, failOn: 'warning' });
    expect(warnings.findings.map((f) => [f.code, f.isFailing])).toEqual([
      ['HOT_KEY_OVER_SHARD_LIMIT', true],
      ['AGGREGATION_RECOMMENDED', true],
    ]);
    // none: the error is still reported, and fails nothing
    const none = checkBudget({ report: plan, limits: {}, sources: {}, failOn: 'none' });
    expect(none.pass).toBe(true);
    expect(none.findings.map((f) => [f.code, f.isFailing])).toEqual([['HOT_KEY_OVER_SHARD_LIMIT', false]]);
    const onlyWarning = asPlan(report([{ name: 'a', shards: 1, usd: 10, lines: [] }]), [finding('warning', 'AGGREGATION_RECOMMENDED')]);
    expect(checkBudget({ report: onlyWarning, limits: {}, sources: {} }).pass).toBe(true);
    expect(checkBudget({ report: onlyWarning, limits: {}, sources: {}, failOn: 'warning' }).pass).toBe(false);
  });
});
