import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md5Words } from '../../src/plan/md5.js';

/** node:crypto's MD5 of the string's UTF-8 bytes, as lowercase hex. */
function nodeMd5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

const hex = (words: readonly number[]) => words.map((w) => w.toString(16).padStart(8, '0')).join('');

describe('md5Words', () => {
  it('gives the test suite of RFC 1321 §A.5', () => {
    const suite: [string, string][] = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
      ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
    ];
    for (const [text, digest] of suite) expect(hex(md5Words(text)), JSON.stringify(text)).toBe(digest);
  });

  it('equals node:crypto for every length across the padding boundaries (0 to 200 bytes)', () => {
    for (let n = 0; n <= 200; n += 1) {
      const text = Array.from({ length: n }, (_, i) => String.fromCharCode(32 + ((i * 7 + n) % 95))).join('');
      expect(hex(md5Words(text)), `length ${n}`).toBe(nodeMd5(text));
    }
  });

  it('equals node:crypto on any string: multi-byte characters, astral ones and lone surrogates (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300, unit: 'binary' }), fc.string({ maxLength: 100, unit: 'grapheme' })), (text) => {
        expect(hex(md5Words(text))).toBe(nodeMd5(text));
      }),
      { numRuns: 2000 },
    );
  });
});
