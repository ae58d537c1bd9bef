import { spawn, spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, type RunResult } from '../helpers/cli.js';

// Inputs that never end and outputs that are not plain files (issue 13): each run is a real process with a 200 MB
// heap and a time limit, so a hang or a blow-up fails the test instead of the machine.

const HEAP_MB = 200;
const EXAMPLE = 'examples/clickstream.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'kp-hostile-'));

function run(args: string[], opts: { input?: string; cwd?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectRefused(r: RunResult, message: string): void {
  expect(r.stderr.trimEnd()).toBe(message);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
}

const expectedJson = runCli(['plan', EXAMPLE, '--format', 'json']).stdout;

describe('inputs that never end', () => {
  it('10,000 streams: refused at the list, before planning', () => {
    const file = join(tmp, 'streams.yaml');
    const streams = Array.from({ length: 10_000 }, (_, i) => `  - { name: s${i}, records: { size: 1 KiB, rate: 100/s } }`);
    writeFileSync(file, ['version: 1', 'name: many', 'streams:', ...streams].join('\n'));
    expectRefused(
      run(['plan', file]),
      `kinesis-plan: ${file}:4:3 streams: has 10,000 items, more than the 1,000 allowed. Hint: a workload has at most one stream per shard of the default account quota of most Regions (1,000); plan the others in another file.`,
    );
  });

  it('a 50 MB workload: refused by its size before it is read', () => {
    const file = join(tmp, 'big.yaml');
    writeFileSync(file, `version: 1\nname: big\ndescription: "${'x'.repeat(50 * 1000 * 1000)}"\n`);
    expectRefused(
      run(['plan', file]),
      `kinesis-plan: ${file}: the workload file is 47.7 MiB, larger than the 1 MiB kinesis-plan reads. Hint: a workload file of that size is not one kinesis-plan can use; check that this is the file you meant.`,
    );
  });

  it('a FIFO with no writer: refused without opening it', () => {
    const fifo = join(tmp, 'in.fifo');
    execFileSync('mkfifo', [fifo]);
    expectRefused(
      run(['plan', fifo]),
      `kinesis-plan: ${fifo}: is not a regular file (a device, a FIFO or a socket), so it may never end. Hint: save the workload file to a file first, or pass - to read it from standard input.`,
    );
  });

  it('- reads standard input, with the same cap', () => {
    const r = run(['plan', '-', '--format', 'json'], { input: readFileSync(join(ROOT, EXAMPLE), 'utf8') });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expectedJson);
    expectRefused(
      run(['plan', '-'], { input: `version: 1\n# ${'x'.repeat(2 * 1024 * 1024)}\n` }),
      'kinesis-plan: <stdin>: the workload file is larger than the 1 MiB kinesis-plan reads. Hint: a workload file of that size is not one kinesis-plan can use; check that this is the file you meant.',
    );
    expectRefused(run(['plan', '-'], { input: 'version: 1\nname: x\nstreams: [{ name: s, records: { size: 1, rate: 0 } }]\n' }), [
      'kinesis-plan: <stdin>:3:48 streams[0].records.rate: must be greater than 0, got 0. Hint: Average write rate in records per second across the stream (e.g. 3000/s, 180k/min, 200k/10s).',
    ].join('\n'));
  });
});

describe('--output', () => {
  it('writes through a symbolic link to its target, and creates the target of a dangling one', () => {
    const dir = join(tmp, 'links');
    mkdirSync(dir);
    writeFileSync(join(dir, 'target.json'), 'old');
    symlinkSync('target.json', join(dir, 'link.json'));
    symlinkSync('missing.json', join(dir, 'dangling.json'));
    expect(run(['plan', EXAMPLE, '--format', 'json', '--output', join(dir, 'link.json')]).code).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.json'), 'utf8')).toBe(expectedJson);
    expect(run(['plan', EXAMPLE, '--format', 'json', '--output', join(dir, 'dangling.json')]).code).toBe(0);
    expect(lstatSync(join(dir, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'missing.json'), 'utf8')).toBe(expectedJson);
    expect(readdirSync(dir).sort()).toEqual(['dangling.json', 'link.json', 'missing.json', 'target.json']);
  });

  it('writes straight to a character device and to -, which stay what they are', () => {
    const r = run(['plan', EXAMPLE, '--format', 'json', '--output', '/dev/null']);
    expect(r.code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const dash = run(['plan', EXAMPLE, '--format', 'json', '--output', '-']);
    expect(dash.code).toBe(0);
    expect(dash.stdout).toBe(expectedJson);
  });

  it("writes straight to a FIFO, whose reader gets the whole report", async () => {
    const fifo = join(tmp, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.setEncoding('utf8').on('data', (d: string) => (read += d));
    const done = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    const r = run(['plan', EXAMPLE, '--format', 'json', '--output', fifo]);
    await done;
    expect(r.code).toBe(0);
    expect(read).toBe(expectedJson);
  });

  it('SIGTERM and SIGINT during a write remove the temporary file and exit 143 and 130', async () => {
    // A child that writes through writeFileAtomic and never gets past the rename, so that the signal comes mid-write.
    // The CLI ships as one bundle, so src/cli/io.ts is bundled on its own here, by the same bundler.
    const ioFile = join(tmp, 'io.mjs');
    await build({ absWorkingDir: ROOT, entryPoints: ['src/cli/io.ts'], bundle: true, format: 'esm', platform: 'node', outfile: ioFile, logLevel: 'error' });
    const io = pathToFileURL(ioFile).href;
    const script = `import { promises } from 'node:fs';
      promises.rename = () => new Promise(() => {});
      setInterval(() => {}, 1000);
      const { writeFileAtomic } = await import(${JSON.stringify(io)});
      await writeFileAtomic(process.argv[1], 'report');`;
    for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
      const dir = join(tmp, `signal-${signal}`);
      mkdirSync(dir);
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, join(dir, 'report.json')], { stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      for (let i = 0; i < 500 && readdirSync(dir).length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
      expect(readdirSync(dir)[0]).toMatch(/^\.report\.json\.[0-9a-f]{12}\.tmp$/);
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('a reader that closes the pipe early: no stack trace, the command’s own exit code', () => {
    for (let i = 0; i < 3; i += 1) {
      const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `"${process.execPath}" "${BIN}" plan ${EXAMPLE} --format json | true; echo "exit=\${PIPESTATUS[0]}" >&2`], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(r.stderr).toBe('exit=0\n');
    }
  });

  it('a report larger than the pipe, read late and slowly: every byte arrives, and a closed pipe after part of it is quiet', async () => {
    // A plan is written to standard output's descriptor when it is a pipe (src/cli/io.ts); a reader that makes the
    // pipe wait (Node's own pipes are non-blocking) must still get the whole report, as from process.stdout.
    const streams = Array.from(
      { length: 200 },
      (_, i) => `  - name: s${i}\n    records:\n      size: 1 KB\n      rate: ${1000 + i}/s\n    consumers:\n      - name: c\n        type: polling\n`,
    );
    const file = join(tmp, 'many-streams.yaml');
    writeFileSync(file, `version: 1\nname: many\nregion: us-east-1\nstreams:\n${streams.join('')}`);
    const whole = run(['plan', file, '--format', 'json']);
    expect(whole.code).toBe(0);
    expect(Buffer.byteLength(whole.stdout)).toBeGreaterThan(1024 * 1024);
    const late = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'plan', file, '--format', 'json'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
      const chunks: Buffer[] = [];
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout.pause();
      setTimeout(() => {
        child.stdout.on('readable', () => {
          for (let d = child.stdout.read() as Buffer | null; d !== null; d = child.stdout.read() as Buffer | null) chunks.push(d);
        });
      }, 1000);
      child.on('close', (code) => resolve({ code, out: Buffer.concat(chunks).toString('utf8'), err }));
    });
    expect(late).toEqual({ code: 0, out: whole.stdout, err: '' });
    const cut = spawnSync('bash', ['--norc', '--noprofile', '-c', `"${process.execPath}" "${BIN}" plan "${file}" --format json | head -c 1000 > /dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(cut.stderr).toBe('exit=0\n');
  });

  it('leaves no temporary file behind when the write fails', () => {
    const dir = join(tmp, 'ro');
    mkdirSync(dir);
    expect(existsSync(join(dir, 'x'))).toBe(false);
    const r = run(['plan', EXAMPLE, '--output', join(dir, 'x', 'report.txt')]);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});
