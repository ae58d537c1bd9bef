import { describe, expect, it } from 'vitest';
import { parseWorkload } from '../../src/workload/parse.js';
import { repeatedNameIndices } from '../../src/workload/names.js';

describe('names used twice', () => {
  it('gives the second and later uses of each name', () => {
    expect(repeatedNameIndices(['a', 'b', 'a', 'c', 'b', 'a'])).toEqual([2, 4, 5]);
    expect(repeatedNameIndices([])).toEqual([]);
  });
  it('a repeated consumer and a repeated stream are each one located error', () => {
    const consumer = `version: 1\nname: w\nstreams:\n  - name: s\n    records: { size: 1 KiB, rate: 10/s }\n    consumers:\n      - { name: c, type: polling }\n      - { name: c, type: efo }\n`;
    expect(() => parseWorkload(consumer, 'w.yaml')).toThrow(
      'w.yaml:8:17 streams[0].consumers[1].name: consumer name "c" is used twice. Hint: give each consumer its own name.',
    );
    const stream = `version: 1\nname: w\nstreams:\n  - name: s\n    records: { size: 1 KiB, rate: 10/s }\n  - name: s\n    records: { size: 1 KiB, rate: 10/s }\n`;
    expect(() => parseWorkload(stream, 'w.yaml')).toThrow(
      'w.yaml:6:11 streams[1].name: stream name "s" is used twice. Hint: give each stream its own name.',
    );
  });
});
