import { describe, expect, it } from 'vitest';
import { outputWidth } from '../../src/cli/output.js';

describe('the width reports are laid out for', () => {
  it("the terminal's columns, else COLUMNS, else 80; within 80–160", () => {
    expect(outputWidth({ isTTY: true, columns: 100 }, { COLUMNS: '120' })).toBe(100);
    expect(outputWidth({ isTTY: true, columns: 60 }, {})).toBe(80);
    expect(outputWidth({ isTTY: true, columns: 300 }, {})).toBe(160);
    expect(outputWidth({ isTTY: false }, { COLUMNS: '120' })).toBe(120);
    expect(outputWidth({ isTTY: false }, { COLUMNS: ' 132 ' })).toBe(132);
    expect(outputWidth({ isTTY: false }, { COLUMNS: 'wide' })).toBe(80);
    expect(outputWidth({ isTTY: false }, { COLUMNS: '0' })).toBe(80);
    expect(outputWidth({ isTTY: false }, { COLUMNS: '-100' })).toBe(80);
    expect(outputWidth({ isTTY: false }, {})).toBe(80);
    expect(outputWidth({ isTTY: true }, { COLUMNS: '90' })).toBe(90);
  });
});
