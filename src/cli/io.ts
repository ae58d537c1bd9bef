import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, promises as fs, rmSync, statSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { formatBytes } from '../workload/format.js';
import { readDescriptor } from './read-descriptor.js';

/**
 * The only place kinesis-plan touches files. Inputs are regular files (or standard input, `-`) under a size cap,
 * checked before a byte is read, so a device, a FIFO without a writer or a huge file is one located error, not a hang.
 * Outputs go through a temporary file and a rename when they are regular files, straight to character devices, FIFOs
 * and standard output otherwise; a signal during the write removes the temporary file.
 */

const MiB = 1024 * 1024;

/**
 * The largest input of each kind, in bytes (docs/exit-codes-and-bounds.md, "Inputs and outputs"). A workload or
 * pricing file is a few kilobytes; the caps leave a hundredfold room and keep reading, parsing and validating any
 * accepted file under a second.
 */
export const MAX_INPUT_BYTES: Readonly<Record<string, number>> = {
  'workload file': 1 * MiB,
  'pricing file': 1 * MiB,
  /** A CloudWatch export: at most 100,800 datapoints per get-metric-data call (about 4 MiB of JSON). */
  'trace file': 16 * MiB,
  /** A plan report of a workload at its largest (MAX_STREAMS streams). */
  'baseline report': 16 * MiB,
  'workload file or JSON report': 16 * MiB,
  /** AWS Price List offer files of every Region. */
  'offer file': 64 * MiB,
};
const DEFAULT_MAX_INPUT_BYTES = 1 * MiB;

/** How an input is named in messages: `-` is standard input. */
export function inputName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

/** Reads a text file the user named (`-`: standard input) within its size cap; every failure is one located error. */
export async function readTextFile(file: string, what = 'file'): Promise<string> {
  const cap = MAX_INPUT_BYTES[what] ?? DEFAULT_MAX_INPUT_BYTES;
  const name = inputName(file);
  const buf = file === '-' ? await readStdin(cap, what) : readRegularFile(file, what, cap);
  if (buf.includes(0)) throw new InputError({ file: name, message: `is not a text ${what}`, hint: 'give a YAML or JSON file' });
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

/** Checks text already read under a larger cap (a diff input that turned out to be a workload) against `what`'s cap. */
export function checkInputSize(file: string, what: string, text: string): void {
  const cap = MAX_INPUT_BYTES[what] ?? DEFAULT_MAX_INPUT_BYTES;
  const size = Buffer.byteLength(text, 'utf8');
  if (size > cap) throw tooLarge(file, what, cap, size);
}

function tooLarge(file: string, what: string, cap: number, size?: number): InputError {
  return new InputError({
    file: inputName(file),
    message: `the ${what} is ${size !== undefined ? `${formatBytes(size)}, ` : ''}larger than the ${formatBytes(cap)} kinesis-plan reads`,
    hint: `a ${what} of that size is not one kinesis-plan can use; check that this is the file you meant`,
  });
}

function cannotRead(file: string, what: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new InputError({ file, message: `no such ${what}`, hint: 'check the path; paths are relative to the current directory' });
  }
  if (code === 'ENOTDIR') {
    return new InputError({ file, message: `no such ${what}: a folder in the path is a file`, hint: 'check the path' });
  }
  return new InputError({ file, message: `cannot read the ${what} (${code ?? 'error'})`, hint: 'check the permissions' });
}

/**
 * A regular file of at most `cap` bytes. It is stat'ed by path first (a FIFO would block an open for reading until a
 * writer comes), opened without blocking, checked again on the open descriptor, and read only up to the cap. The calls
 * are synchronous: a command reads its few inputs one after the other anyway, and each asynchronous call would wait
 * for a thread of libuv's pool (the first ones for the pool to start), a few milliseconds of a plan's start-up.
 */
function readRegularFile(file: string, what: string, cap: number): Buffer {
  let stat;
  try {
    stat = statSync(file);
  } catch (e) {
    throw cannotRead(file, what, e);
  }
  checkRegular(file, what, stat, cap);
  let fd;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw cannotRead(file, what, e);
  }
  try {
    const size = fstatSync(fd);
    checkRegular(file, what, size, cap);
    const buf = readDescriptor(fd, size.size, cap);
    if (buf === undefined) throw tooLarge(file, what, cap);
    return buf;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw cannotRead(file, what, e);
  } finally {
    closeSync(fd);
  }
}

function checkRegular(file: string, what: string, stat: { isFile(): boolean; isDirectory(): boolean; size: number }, cap: number): void {
  if (stat.isDirectory()) {
    throw new InputError({
      file,
      message: `is a directory, not a ${what}`,
      hint: `name the ${what} itself${what === 'workload file' ? `, e.g. ${path.join(file, 'workload.yaml')}` : ''}`,
    });
  }
  if (!stat.isFile()) {
    throw new InputError({
      file,
      message: `is not a regular file (a device, a FIFO or a socket), so it may never end`,
      hint: `save the ${what} to a file first, or pass - to read it from standard input`,
    });
  }
  if (stat.size > cap) throw tooLarge(file, what, cap, stat.size);
}

/** Standard input, read to its end or to one byte past the cap. */
async function readStdin(cap: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(b);
    length += b.length;
    if (length > cap) {
      process.stdin.destroy();
      throw tooLarge('-', what, cap);
    }
  }
  return Buffer.concat(chunks, length);
}

/** Temporary files being written: a signal removes them before the process ends. */
const pendingTemps = new Set<string>();
/** Exit codes after a signal: 128 + the signal's number, as shells report it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

function onSignal(signal: keyof typeof SIGNAL_EXIT): void {
  for (const tmp of pendingTemps) rmSync(tmp, { force: true });
  pendingTemps.clear();
  process.exit(SIGNAL_EXIT[signal]);
}
const signalHandlers = { SIGINT: () => onSignal('SIGINT'), SIGTERM: () => onSignal('SIGTERM') };

function track(tmp: string): void {
  if (pendingTemps.size === 0) for (const [sig, handler] of Object.entries(signalHandlers)) process.on(sig, handler);
  pendingTemps.add(tmp);
}

function untrack(tmp: string): void {
  pendingTemps.delete(tmp);
  if (pendingTemps.size === 0) for (const [sig, handler] of Object.entries(signalHandlers)) process.off(sig, handler);
}

function writeError(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  return new InputError({
    file,
    message: `cannot write the output (${code ?? String(e)})`,
    hint:
      code === 'ENOENT'
        ? 'the folder does not exist; create it first'
        : code === 'ENOTDIR'
          ? 'a part of the path that should be a folder is a file'
          : 'check the path and permissions',
  });
}

/** Where an output goes: a regular file (new or existing, symbolic links followed) or a stream-like file. */
type OutputTarget = { kind: 'file'; path: string; mode: number | undefined } | { kind: 'stream' };

/**
 * The file an output path names. A symbolic link is followed to its target, even a dangling one (the target is
 * created); the folder it goes in must exist and be a folder.
 */
async function outputTarget(file: string): Promise<OutputTarget> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw code === 'ENOTDIR' ? parentNotFolder(file) : writeError(file, e);
    return { kind: 'file', path: await newFilePath(file), mode: undefined };
  }
  if (stat.isDirectory()) {
    throw new InputError({ file, message: 'is a directory', hint: `name a file to write, e.g. ${path.join(file, 'report.json')}` });
  }
  if (stat.isBlockDevice()) {
    throw new InputError({ file, message: 'is a block device; kinesis-plan does not write reports to disks', hint: 'name a file to write' });
  }
  if (!stat.isFile()) return { kind: 'stream' };
  try {
    return { kind: 'file', path: await fs.realpath(file), mode: stat.mode & 0o7777 };
  } catch (e) {
    throw writeError(file, e);
  }
}

/** The path a new file is created at: the end of a chain of symbolic links, in a folder that exists. */
async function newFilePath(file: string): Promise<string> {
  let p = path.resolve(file);
  for (let hops = 0; hops < 40; hops += 1) {
    let link: string;
    try {
      link = await fs.readlink(p);
    } catch {
      break;
    }
    p = path.resolve(path.dirname(p), link);
  }
  const dir = path.dirname(p);
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code === 'ENOTDIR' ? parentNotFolder(file) : writeError(file, e);
  }
  if (!stat.isDirectory()) throw parentNotFolder(file);
  return p;
}

function parentNotFolder(file: string): InputError {
  return new InputError({
    file,
    message: 'cannot write the output: a part of the path that should be a folder is a file',
    hint: 'check the path; write to a file in an existing folder',
  });
}

/**
 * Writes an output file. A regular file (or a new one) is written atomically: to a temporary file beside it, then a
 * rename, so that a reader never sees half a file and a failure or a signal leaves the old file (or none) in place.
 * A symbolic link is followed, so its target gets the report and the link stays. Character devices, FIFOs and sockets
 * are written directly.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const target = await outputTarget(file);
  if (target.kind === 'stream') {
    try {
      await fs.writeFile(file, content, { encoding: 'utf8', flag: 'w' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
      throw writeError(file, e);
    }
    return;
  }
  const tmp = path.join(path.dirname(target.path), `.${path.basename(target.path)}.${randomBytes(6).toString('hex')}.tmp`);
  track(tmp);
  try {
    await fs.writeFile(tmp, content, { encoding: 'utf8', flag: 'wx', mode: target.mode ?? 0o666 });
    if (target.mode !== undefined) await fs.chmod(tmp, target.mode);
    await fs.rename(tmp, target.path);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw writeError(file, e);
  } finally {
    untrack(tmp);
  }
}

/**
 * Whether reports go straight to standard output's descriptor when it is a pipe or a file: set by the entry point
 * (main.ts) of a real process. Making process.stdout for a pipe loads Node's stream and net modules (about 2 ms of a
 * plan's start). A terminal or a device goes through process.stdout as before, and so does everything when the command
 * line runs inside another program (the tests' worker, which captures process.stdout).
 */
let ownsStdout = false;

/** The entry point says that this process's standard output is its own (see `ownsStdout`). */
export function useStdoutDescriptor(): void {
  ownsStdout = true;
}

let stdoutKind: 'stream' | 'descriptor' | undefined;

/** How standard output is written: to its descriptor for a pipe or a regular file of our own process, else the stream. */
function stdoutWay(): 'stream' | 'descriptor' {
  if (stdoutKind === undefined) {
    try {
      stdoutKind = ownsStdout && !fstatSync(1).isCharacterDevice() ? 'descriptor' : 'stream';
    } catch {
      stdoutKind = 'stream';
    }
  }
  return stdoutKind;
}

/** Whether standard output is a terminal, without making process.stdout when it is a pipe or a file. */
export function isStdoutTerminal(): boolean {
  return stdoutWay() === 'stream' && process.stdout.isTTY === true;
}

/** Writes to standard output; a reader that has gone (EPIPE) ends the output quietly. */
export async function writeStdout(content: string): Promise<void> {
  if (stdoutWay() === 'descriptor') {
    const buf = Buffer.from(content, 'utf8');
    let written = 0;
    try {
      while (written < buf.length) written += writeSync(1, buf, written, buf.length - written);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      // A pipe its reader made non-blocking and that is full: the stream waits for it.
      if (code !== 'EAGAIN') throw e;
      return await writeStream(buf.subarray(written));
    }
  }
  return await writeStream(content);
}

function writeStream(content: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(content, (e) => {
      if (!e || (e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ERR_STREAM_DESTROYED') resolve();
      else reject(e);
    });
  });
}

/** Whether a path exists. */
export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
