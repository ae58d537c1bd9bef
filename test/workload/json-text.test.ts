import { describe, expect, it } from 'vitest';
import { jsonSyntaxError, jsonValueOffset, lineColAt } from '../../src/workload/json-text.js';

const at = (text: string) => {
  const e = jsonSyntaxError(text);
  return e && { ...lineColAt(text, e.offset), message: e.message };
};

describe('JSON syntax errors at their line and column (JSON.parse on Node 20 gives no position)', () => {
  it.each([
    ['{"a": 1,}', { line: 1, col: 9, message: 'expected a key in double quotes' }],
    ['{\n  "a": [1, 2', { line: 2, col: 13, message: 'the text ends too early' }],
    ['{"a": tru}', { line: 1, col: 7, message: 'expected a value (a string in double quotes, a number, true, false, null, { or [), got "t"' }],
    ['[1 2]', { line: 1, col: 4, message: 'expected a comma or ]' }],
    ['{"a": 1} x', { line: 1, col: 10, message: 'unexpected text after the JSON value' }],
    ['{"a": "x\ny"}', { line: 1, col: 9, message: 'a string must not hold a line break or control character; close it with "' }],
    ['{"a": 01}', { line: 1, col: 8, message: 'expected a comma or }' }],
    ['"\\u12"', { line: 1, col: 2, message: '\\u must be followed by four hex digits' }],
    ['', { line: 1, col: 1, message: 'the text holds no JSON value' }],
  ])('%j', (text, expected) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(at(text)).toEqual(expected);
  });

  it('agrees with JSON.parse on valid text, however deep', () => {
    for (const text of ['{"a": {"b": [1, {"c": -5e-3}]}, "d": [], "e": {}}', '[true, false, null, "\\u00e9\\n"]', `${'['.repeat(100_000)}${']'.repeat(100_000)}`]) {
      expect(jsonSyntaxError(text)).toBeUndefined();
    }
  });
});

describe('the place of a value', () => {
  const text = '{"a": {"b": [1, {"c": 5}]},\n "Datapoints": [{"Sum": 1}, {"Sum": "x"}]}';
  it('finds the value at a path, or the deepest part of the path there is', () => {
    expect(lineColAt(text, jsonValueOffset(text, ['Datapoints', 1, 'Sum'])!)).toEqual({ line: 2, col: 37 });
    expect(lineColAt(text, jsonValueOffset(text, ['Datapoints', 1, 'Missing'])!)).toEqual({ line: 2, col: 29 });
    expect(jsonValueOffset(text, ['a', 'b', 1, 'c'])).toBe(22);
  });
});
