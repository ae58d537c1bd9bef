import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, win32 } from 'node:path';
import { readDescriptor } from './read-descriptor.js';

/**
 * V8's code cache of the CommonJS bundle (see main.ts), for a plan's start: read compiled instead of compiling the
 * functions a run needs, about 40 % of a plan's time. V8 takes a cache only from the same V8 version and the same
 * flags (NODE_OPTIONS such as --max-old-space-size change them) and otherwise compiles as without one.
 *
 * Two places, tried in turn:
 * - **the build's**, dist/cli/cli-HASH.js.cache, written by scripts/build.js after planning every example: there in a
 *   clone that ran `npm install`, not in the npm package (it would fit only the publisher's Node);
 * - **the user's**: when the build's is missing or V8 turns it down, the cache of the first run is kept in
 *   `$KINESIS_PLAN_CACHE_DIR`, else `$XDG_CACHE_HOME/kinesis-plan`, else `%LOCALAPPDATA%\kinesis-plan` on Windows,
 *   else `~/.cache/kinesis-plan`, named by the bundle, Node's version, the architecture and Node's options, and used from the second
 *   run on. `KINESIS_PLAN_CACHE_DIR=off` turns it off. A file is written whole (a temporary file renamed over it) or
 *   not at all; a folder or file that another user could write to, or that is not a plain file, is not used. At most
 *   MAX_USER_CACHES files are kept, the most recently written.
 */

/** How many cache files the user's folder keeps (each about 1 MB): several versions of Node or of kinesis-plan. */
export const MAX_USER_CACHES = 8;

/** The largest cache file read (a cache of the whole CLI is about 1.2 MB). */
const MAX_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * The folder of the user's caches, or undefined when there is none or it is turned off. A relative path is passed
 * over (as the XDG base directory specification says of its variables): it would put a cache in whatever folder a
 * command runs from.
 */
export function userCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const own = env.KINESIS_PLAN_CACHE_DIR;
  if (own === 'off') return undefined;
  const path = platform === 'win32' ? win32 : posix;
  const absolute = (p: string | undefined) => (p !== undefined && path.isAbsolute(p) ? p : undefined);
  if (own !== undefined && own !== '') return absolute(own);
  const xdg = absolute(env.XDG_CACHE_HOME);
  if (xdg !== undefined) return path.join(xdg, 'kinesis-plan');
  const local = platform === 'win32' ? absolute(env.LOCALAPPDATA) : undefined;
  if (local !== undefined) return path.join(local, 'kinesis-plan');
  const home = absolute(platform === 'win32' ? env.USERPROFILE : env.HOME);
  return home !== undefined ? path.join(home, '.cache', 'kinesis-plan') : undefined;
}

/**
 * The user's cache file for a bundle (`cli-HASH.js`) under this Node, architecture and Node options (`flags`: the
 * command line's and NODE_OPTIONS, which V8 counts in a cache's fit), so that runs with other options keep their own.
 */
export function userCacheName(bundle: string, nodeVersion: string, arch: string, flags = ''): string {
  const options = flags.trim() === '' ? '' : `-o${fnv1a(flags.trim()).toString(36)}`;
  return `${bundle.replace(/\.js$/, '')}-node${nodeVersion.replace(/^v/, '')}-${arch}${options}.cache`;
}

/** FNV-1a, 32 bits, of a string's UTF-16 code units: a short, stable name for a set of options. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Whether a file or folder is this user's own and no one else may write to it (POSIX; always true elsewhere). */
function isPrivate(stat: { uid: number; mode: number }): boolean {
  const uid = process.getuid?.();
  return uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0);
}

/**
 * A cache file's bytes, or undefined when it is missing or is not a regular file. `mustBePrivate` (the user's folder):
 * also only a file of this user's that no one else may write to. The build's sits beside the bundle it compiles, and is
 * trusted as the bundle is.
 */
export function readCacheFile(file: string, mustBePrivate: boolean): Buffer | undefined {
  let fd: number | undefined;
  try {
    const link = lstatSync(file);
    if (!link.isFile() || (mustBePrivate && !isPrivate(link)) || link.size > MAX_CACHE_BYTES) return undefined;
    fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.ino !== link.ino || stat.size > MAX_CACHE_BYTES) return undefined;
    return readDescriptor(fd, stat.size, MAX_CACHE_BYTES);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes `data` as `dir/name`: the folder made private if new (and refused if it is not), the file written whole
 * under a temporary name and renamed, then the folder trimmed to MAX_USER_CACHES cache files. Every failure leaves
 * things as they were: a cache is never worth an error.
 */
export function writeUserCache(dir: string, name: string, data: Buffer): void {
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  try {
    makeFolder(dir, MAX_FOLDER_DEPTH);
    const folder = lstatSync(dir);
    if (!folder.isDirectory() || !isPrivate(folder)) return;
    const target = join(dir, name);
    try {
      if (!lstatSync(target).isFile()) return;
    } catch {
      // No file yet.
    }
    writeFileSync(tmp, data, { flag: 'wx', mode: 0o600 });
    renameSync(tmp, target);
    trim(dir);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Left for the next trim to pass over: it is not named as a cache.
    }
  }
}

/** How many missing folders above the cache folder are made (`~/.cache/kinesis-plan` needs two at most). */
const MAX_FOLDER_DEPTH = 8;

/**
 * Makes `dir` (mode 700) and at most `depth` missing folders above it. Node's own recursive mkdirSync can loop for
 * ever where the kernel answers ENOENT for a folder that cannot be made (under /proc): this walk is bounded.
 */
function makeFolder(dir: string, depth: number): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || depth === 0 || parent === dir) throw e;
    makeFolder(parent, depth - 1);
    mkdirSync(dir, { mode: 0o700 });
  }
}

/** Keeps the MAX_USER_CACHES most recently written cache files of the folder. */
function trim(dir: string): void {
  const caches = readdirSync(dir)
    .filter((n) => /^cli-[A-Z0-9]+-node[\w.-]+\.cache$/.test(n))
    .map((n) => ({ n, at: lstatSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of caches.slice(MAX_USER_CACHES)) rmSync(join(dir, old.n), { force: true });
}
