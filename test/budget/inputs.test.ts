import { describe, expect, it } from 'vitest';
import { diffInputs } from '../../src/budget/inputs.js';
import { parseWorkload } from '../../src/workload/parse.js';

const source = (text: string) => ({ text, workload: parseWorkload(text, 'w.yaml') });

const BASE = `version: 1
name: clickstream
streams:
  - name: clicks
    records:
      size: 2 KiB
      rate: 3000/s
      peak: 9000/s
    consumers:
      - name: analytics
        type: polling
`;

describe('diffInputs', () => {
  it('lists a changed field by path, with the values as written', () => {
    const changes = diffInputs(source(BASE), source(BASE.replace('rate: 3000/s', 'rate: 6000/s')));
    expect(changes).toEqual([
      { path: 'streams[0].records.rate', before: '3000/s', after: '6000/s', status: 'changed' },
    ]);
  });

  it('the same value in other words is no change', () => {
    // 2 KiB = 2,048 B and 3000/s = 180k/min: the validated workloads are equal
    expect(
      diffInputs(
        source(BASE),
        source(BASE.replace('size: 2 KiB', 'size: 2048').replace('rate: 3000/s', 'rate: 180k/min')),
      ),
    ).toEqual([]);
  });

  it('a field set on one side only is added or removed; a default left unset on both sides is not listed', () => {
    const after = BASE.replace('    records:', '    retention: 48h\n    records:').replace(
      '      peak: 9000/s\n',
      '',
    );
    // without peak: the peak defaults to the rate (an effect of the removal, not a second change)
    expect(diffInputs(source(BASE), source(after))).toEqual([
      { path: 'streams[0].retention', before: null, after: '48h', status: 'added' },
      { path: 'streams[0].records.peak', before: '9000/s', after: null, status: 'removed' },
    ]);
  });

  it('named items are matched by name: a stream inserted first does not change the others', () => {
    const inserted = BASE.replace(
      'streams:\n',
      'streams:\n  - name: orders\n    records:\n      size: 1 KiB\n      rate: 10/s\n',
    );
    expect(diffInputs(source(BASE), source(inserted))).toEqual([
      { path: 'streams[0]', before: null, after: 'orders', status: 'added' },
    ]);
    const consumerGone = BASE.replace('    consumers:\n      - name: analytics\n        type: polling\n', '');
    expect(diffInputs(source(BASE), source(consumerGone))).toEqual([
      { path: 'streams[0].consumers[0]', before: 'analytics', after: null, status: 'removed' },
    ]);
  });

  it('a list without names is one value, written on one line', () => {
    const hot = (share: string) =>
      BASE.replace(
        '    consumers:',
        `    partitionKeys:\n      distinct: 100\n      distribution: hot-keys\n      hotKeys:\n        - key: gw-1\n          share: ${share}\n    consumers:`,
      );
    expect(diffInputs(source(hot('25%')), source(hot('40%')))).toEqual([
      {
        path: 'streams[0].partitionKeys.hotKeys',
        before: '[ { key: gw-1, share: 25% } ]',
        after: '[ { key: gw-1, share: 40% } ]',
        status: 'changed',
      },
    ]);
  });

  it('a block added whole lists each of its fields', () => {
    const budget = `${BASE}budget:\n  monthlyUsd: 500\n  maxShards: 10\n`;
    expect(diffInputs(source(BASE), source(budget))).toEqual([
      { path: 'budget.monthlyUsd', before: null, after: '500', status: 'added' },
      { path: 'budget.maxShards', before: null, after: '10', status: 'added' },
    ]);
  });
});
