/**
 * MD5 (RFC 1321) of a string's UTF-8 bytes, in the planner itself: Kinesis places a record by the MD5 of its partition
 * key, and a plan hashes from one key (the heaviest of a distribution, for its single-key check) to the few thousand a
 * workload lists. Loading node:crypto for that costs a plan a tenth of its start, and its per-call objects cost more
 * than the hash of a short key; this is also what keeps the planner free of Node's modules. It is not used for
 * anything secret. test/plan/md5.test.ts checks it against node:crypto.
 */

/** The per-step shift amounts, four for each of the four rounds. */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/** The sine table of RFC 1321 §3.4: K[i] = ⌊2³² · |sin(i + 1)|⌋ (exact in double precision for these 64 values). */
const K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);

const encoder = new TextEncoder();

/** The message's 16 little-endian words of one 64-byte block. */
const block = new Int32Array(16);

/**
 * The digest as four words, each the big-endian reading of 4 digest bytes (word 0 is digest bytes 0–3): the form the
 * 128-bit hash key is built from.
 */
export function md5Words(text: string): [number, number, number, number] {
  const bytes = encoder.encode(text);
  const length = bytes.length;
  // The message, 0x80, zeros to 56 bytes mod 64, then the length in bits as a 64-bit little-endian number.
  const padded = new Uint8Array((((length + 8) >> 6) + 1) << 6);
  padded.set(bytes);
  padded[length] = 0x80;
  const bits = length * 8;
  const end = padded.length;
  padded[end - 8] = bits & 0xff;
  padded[end - 7] = (bits >>> 8) & 0xff;
  padded[end - 6] = (bits >>> 16) & 0xff;
  padded[end - 5] = (bits >>> 24) & 0xff;
  // Bits above 2³² (strings over 512 MiB) cannot occur: a partition key is at most 256 characters.
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let offset = 0; offset < end; offset += 64) {
    for (let w = 0; w < 16; w += 1) {
      const o = offset + w * 4;
      block[w] = padded[o]! | (padded[o + 1]! << 8) | (padded[o + 2]! << 16) | (padded[o + 3]! << 24);
    }
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i += 1) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      f = (f + a + K[i]! + block[g]!) | 0;
      a = d;
      d = c;
      c = b;
      const s = SHIFTS[((i >> 4) << 2) | (i & 3)]!;
      b = (b + ((f << s) | (f >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  return [byteSwap(a0), byteSwap(b0), byteSwap(c0), byteSwap(d0)];
}

/** A little-endian word read big-endian, as an unsigned number. */
function byteSwap(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}
