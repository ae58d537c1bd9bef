import { readSync } from 'node:fs';

/**
 * Reads an open file to its end into a buffer sized for `sizeHint` bytes (its size when opened), growing if it grew,
 * and gives up past `cap` bytes: the file's bytes, or undefined when there are more than `cap`. One byte more than
 * the size is asked for, to see the end (or a growth) without a second call.
 */
export function readDescriptor(fd: number, sizeHint: number, cap: number): Buffer | undefined {
  let buf = Buffer.allocUnsafe(Math.min(cap, sizeHint) + 1);
  let length = 0;
  for (;;) {
    if (length === buf.length) {
      const grown = Buffer.allocUnsafe(Math.min(cap + 1, buf.length * 2));
      buf.copy(grown, 0, 0, length);
      buf = grown;
    }
    const bytesRead = readSync(fd, buf, length, buf.length - length, null);
    if (bytesRead === 0) return buf.subarray(0, length);
    length += bytesRead;
    if (length > cap) return undefined;
  }
}
