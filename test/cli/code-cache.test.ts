import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_USER_CACHES, userCacheDir, userCacheName } from '../../src/cli/code-cache.js';
import { spawnCli } from '../helpers/cli.js';

/*
 * The user's code cache (src/cli/code-cache.ts): when the build's cache is missing or V8 turns it down, the first run
 * keeps V8's cache of the bundle in the user's cache folder and later runs compile with it. The build's cache is there
 * in this clone; a flag in NODE_OPTIONS that V8 counts in a cache's fit (--max-semi-space-size) makes V8 turn it down,
 * as a CI job's NODE_OPTIONS would.
 */

const FLAGS = { NODE_OPTIONS: '--max-semi-space-size=32' };
const PLAN = ['plan', 'examples/clickstream.yaml', '--format', 'json'];
const expected = spawnCli(PLAN);

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'kp-code-cache-'));
}

const cachesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.cache')) : []);

describe('where the cache is kept', () => {
  it('KINESIS_PLAN_CACHE_DIR, else XDG_CACHE_HOME, else LOCALAPPDATA on Windows, else the home folder; off turns it off', () => {
    expect(userCacheDir({ KINESIS_PLAN_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' }, 'linux')).toBe('/c');
    expect(userCacheDir({ KINESIS_PLAN_CACHE_DIR: 'off', XDG_CACHE_HOME: '/x' }, 'linux')).toBeUndefined();
    expect(userCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' }, 'linux')).toBe(join('/x', 'kinesis-plan'));
    expect(userCacheDir({ HOME: '/h' }, 'darwin')).toBe(join('/h', '.cache', 'kinesis-plan'));
    expect(userCacheDir({ LOCALAPPDATA: 'C:\\L', USERPROFILE: 'C:\\U' }, 'win32')).toBe('C:\\L\\kinesis-plan');
    expect(userCacheDir({ USERPROFILE: 'C:\\U' }, 'win32')).toBe('C:\\U\\.cache\\kinesis-plan');
    expect(userCacheDir({}, 'linux')).toBeUndefined();
    // A relative path would put a cache in the folder a command runs from: passed over.
    expect(userCacheDir({ KINESIS_PLAN_CACHE_DIR: 'cache', HOME: '/h' }, 'linux')).toBeUndefined();
    expect(userCacheDir({ XDG_CACHE_HOME: 'rel', HOME: '/h' }, 'linux')).toBe(join('/h', '.cache', 'kinesis-plan'));
    expect(userCacheDir({ HOME: '.' }, 'linux')).toBeUndefined();
  });

  it('one file per bundle, Node version, architecture and set of Node options', () => {
    expect(userCacheName('cli-AB12CD34.js', 'v20.20.2', 'x64')).toBe('cli-AB12CD34-node20.20.2-x64.cache');
    expect(userCacheName('cli-AB12CD34.js', 'v20.20.2', 'x64', ' ')).toBe('cli-AB12CD34-node20.20.2-x64.cache');
    const a = userCacheName('cli-AB12CD34.js', 'v20.20.2', 'x64', '--max-semi-space-size=32');
    expect(a).toMatch(/^cli-AB12CD34-node20\.20\.2-x64-o[0-9a-z]+\.cache$/);
    expect(userCacheName('cli-AB12CD34.js', 'v20.20.2', 'x64', '--max-old-space-size=4096')).not.toBe(a);
    expect(userCacheName('cli-AB12CD34.js', 'v20.20.2', 'x64', '--max-semi-space-size=32')).toBe(a);
  });
});

describe('the user’s code cache', () => {
  it('is written by the first run the build’s cache does not fit, and taken as it is by the next runs', () => {
    const dir = join(scratch(), 'cache');
    const first = spawnCli(PLAN, { env: { ...FLAGS, KINESIS_PLAN_CACHE_DIR: dir } });
    expect(first).toEqual(expected);
    const [file] = cachesIn(dir);
    expect(file).toMatch(/^cli-[A-Z0-9]+-node[\d.]+-\w+-o[0-9a-z]+\.cache$/);
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    expect(lstatSync(join(dir, file!)).mode & 0o777).toBe(0o600);
    const before = lstatSync(join(dir, file!));
    // Taken, so not written again: the same file (inode) with the same time.
    for (let i = 0; i < 2; i += 1) expect(spawnCli(PLAN, { env: { ...FLAGS, KINESIS_PLAN_CACHE_DIR: dir } })).toEqual(expected);
    const after = lstatSync(join(dir, file!));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(readdirSync(dir)).toEqual([file]);
  });

  it('is not written when the build’s cache fits, nor when turned off', () => {
    const dir = join(scratch(), 'cache');
    expect(spawnCli(PLAN, { env: { KINESIS_PLAN_CACHE_DIR: dir } })).toEqual(expected);
    expect(existsSync(dir)).toBe(false);
    expect(spawnCli(PLAN, { env: { ...FLAGS, KINESIS_PLAN_CACHE_DIR: 'off' } })).toEqual(expected);
  });

  it('a damaged cache is turned down by V8 and written anew; the report is the same', () => {
    const dir = join(scratch(), 'cache');
    spawnCli(PLAN, { env: { ...FLAGS, KINESIS_PLAN_CACHE_DIR: dir } });
    const [file] = cachesIn(dir);
    const good = readFileSync(join(dir, file!));
    writeFileSync(join(dir, file!), Buffer.alloc(good.length, 0x5a), { mode: 0o600 });
    expect(spawnCli(PLAN, { env: { ...FLAGS, KINESIS_PLAN_CACHE_DIR: dir } })).toEqual(expected);
    expect(readFileSync(join(dir, file!)).equals(Buffer.alloc(good.length, 0x5a))).toBe(false);
  });

  it.skipIf(process.getuid === undefined)('a folder others may write to is not used, and a symbolic link is not followed', () => {
    const open = join(scratch(), 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(spawnCli(PLAN, { env: { ...FLAGS, KINESIS_PLAN_CACHE_DIR: open } })).toEqual(expected);
    expect(readdirSync(open)).toEqual([]);

    const dir = join(scratch(), 'cache');
    spawnCli(PLAN, { env: { ...FLAGS, KINESIS_PLAN_CACHE_DIR: dir } });
    const [file] = cachesIn(dir);
    const elsewhere = join(scratch(), 'elsewhere');
    writeFileSync(elsewhere, 'not a cache');
    const link = join(dir, file!);
    // The cache file replaced by a link to another file: neither read nor written through.
    rmSync(link);
    symlinkSync(elsewhere, link);
    expect(spawnCli(PLAN, { env: { ...FLAGS, KINESIS_PLAN_CACHE_DIR: dir } })).toEqual(expected);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(elsewhere, 'utf8')).toBe('not a cache');
  });

  it('a folder that cannot be made (under /proc, where Node’s recursive mkdir loops) is passed over at once', () => {
    for (const dir of ['/proc/kinesis-plan-cache', join(scratch(), 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'cache')]) {
      expect(spawnCli(PLAN, { env: { ...FLAGS, KINESIS_PLAN_CACHE_DIR: dir } }), dir).toEqual(expected);
    }
    // Made when up to 8 folders above it are missing.
    const deep = join(scratch(), 'a', 'b', 'c', 'cache');
    spawnCli(PLAN, { env: { ...FLAGS, KINESIS_PLAN_CACHE_DIR: deep } });
    expect(cachesIn(deep)).toHaveLength(1);
  });

  it(`keeps the ${MAX_USER_CACHES} most recently written caches`, () => {
    const dir = join(scratch(), 'cache');
    mkdirSync(dir, { mode: 0o700 });
    const old = Array.from({ length: MAX_USER_CACHES + 2 }, (_, i) => `cli-OLD${String(i).padStart(5, '0')}-node20.0.0-x64.cache`);
    old.forEach((n, i) => {
      writeFileSync(join(dir, n), 'old', { mode: 0o600 });
      utimesSync(join(dir, n), 1_000_000 + i, 1_000_000 + i);
    });
    writeFileSync(join(dir, 'notes.txt'), 'not a cache');
    expect(spawnCli(PLAN, { env: { ...FLAGS, KINESIS_PLAN_CACHE_DIR: dir } })).toEqual(expected);
    const left = cachesIn(dir);
    expect(left).toHaveLength(MAX_USER_CACHES);
    expect(left.filter((n) => !n.startsWith('cli-OLD'))).toHaveLength(1);
    // The newest of the old ones stay.
    expect(left.filter((n) => n.startsWith('cli-OLD')).sort()).toEqual(old.slice(-(MAX_USER_CACHES - 1)));
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
  });
});
