import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { definition, displayWidth, fitColumns, paragraph, renderTable, wrapLines } from '../../src/report/layout.js';

const bold = new Chalk({ level: 2 }).bold;

describe('display width', () => {
  it('colour codes take no room; box drawing, arrows and bars take one column each', () => {
    expect(displayWidth(bold('12 shards'))).toBe(9);
    expect(displayWidth('│ 9.1 MiB/s → 11 ▁█ │')).toBe(21);
  });
});

describe('wrapping', () => {
  it('breaks between words, never between a number and its unit', () => {
    expect(wrapLines('peak 9.1 MiB/s needs 2 doublings', 12)).toEqual(['peak', '9.1 MiB/s', 'needs', '2 doublings']);
  });

  it('never ends a line with an operator, nor starts one with a number that closes a clause', () => {
    expect(wrapLines('= 5.46 → 6', 8)).toEqual(['= 5.46', '→ 6']);
    expect(wrapLines('partition-key skew adds 1)', 24)).toEqual(['partition-key skew', 'adds 1)']);
  });

  it('a list of numbers breaks anywhere', () => {
    expect(wrapLines('schedule: 2 2 2 4 4 4', 13)).toEqual(['schedule: 2 2', '2 4 4 4']);
  });

  it('a word longer than the line breaks after a dot or a slash, else where it must; nothing is cut', () => {
    expect(wrapLines('at streams[0].partitionKeys.distribution', 20)).toEqual(['at streams[0].', 'partitionKeys.', 'distribution']);
    expect(wrapLines('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('keeps runs of spaces inside a line, and colour codes with their words', () => {
    expect(wrapLines(`info    ${bold('path')} [CODE]`, 40)).toEqual([`info    ${bold('path')} [CODE]`]);
  });

  it('a paragraph with a hanging indent, and a definition list entry', () => {
    expect(paragraph('Total $2,748.30 a month today (streams $474.36, Firehose $1,766.91)', 40, '', 2)).toBe(
      'Total $2,748.30 a month today\n  (streams $474.36, Firehose $1,766.91)',
    );
    expect(definition('source', 'stream clickstream: 3,000 records/s of 1 KiB', 40, 2, 10)).toBe(
      '  source     stream clickstream:\n             3,000 records/s of 1 KiB',
    );
  });
});

describe('tables fitted to the width', () => {
  const rows = [
    ['Enhanced fan-out consumer-shard hours', '8,760 consumer-shard-hour × $0.015', '$131.40'],
    ['Shard hours', '8,760 shard-hour × $0.015', '$131.40'],
  ];

  it('natural widths when they fit; narrowed to the width when not, never below a column’s longest word', () => {
    const head = ['Item', 'Quantity × unit price', 'Monthly'];
    expect(fitColumns({ head, rows, width: 120 }).widths).toEqual([39, 36, 9]);
    const { widths, fits } = fitColumns({ head, rows, width: 60 });
    expect(fits).toBe(true);
    expect(widths.reduce((a, b) => a + b, 0) + 4).toBeLessThanOrEqual(60);
    expect(widths[2]).toBe(9);
    const text = renderTable({ head, rows, width: 60, indent: 2, align: ['left', 'left', 'right'] });
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    expect(text).not.toContain('…');
    expect(text.replace(/[│\s]+/g, ' ')).toContain('8,760 consumer-shard-hour');
  });

  it('a cell spanning every column wraps across the whole table', () => {
    const text = renderTable({
      head: ['limit', 'shards'],
      rows: [['write bytes', '10.92'], [{ content: '9.1 MiB/s ÷ 1 MiB/s per shard × 1.2 headroom = 10.92 → 11', colSpan: 2 }]],
      width: 40,
      stretch: 0,
    });
    for (const line of text.split('\n')) expect(displayWidth(line)).toBe(40);
  });
});
