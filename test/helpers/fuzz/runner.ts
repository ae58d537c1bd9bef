import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BIN, ROOT } from '../cli.js';
import type { FuzzCase } from './cases.js';
import type { Outcome } from './oracle.js';

/**
 * Runs fuzz cases through the built CLI: most in-process, in a worker thread that calls `main()` of
 * dist/cli/program.js with standard output and error captured (a worker can be stopped mid-loop, and its heap is
 * capped, so a hang or a blow-up is a finding, not a stuck test run); some as real processes.
 */

export interface Run extends Outcome {
  ms: number;
  /** Why the run did not finish: a timeout, the heap cap, or an error that escaped main(). */
  failure?: string;
  /** Memory of array buffers (typed arrays, outside the capped heap) in use when the run ended, in MiB. */
  arrayBuffersMb?: number;
}

/** The heap cap of a run (V8 old generation), in MiB. */
export const HEAP_CAP_MB = 256;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const loaded = import(workerData.mainUrl);
parentPort.on('message', async ({ id, argv }) => {
  const { main } = await loaded;
  let stdout = '';
  let stderr = '';
  const capture = (append) => (chunk, encoding, callback) => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (cb) cb();
    return true;
  };
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = capture((s) => (stdout += s));
  process.stderr.write = capture((s) => (stderr += s));
  const started = performance.now();
  let code = null;
  let failure;
  try {
    code = await main(['node', 'kinesis-plan', ...argv]);
  } catch (e) {
    failure = 'escaped main(): ' + String((e && e.stack) || e);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const m = process.memoryUsage();
  parentPort.postMessage({ id, code, stdout, stderr, failure, ms: performance.now() - started, arrayBuffersMb: m.arrayBuffers / 1048576 });
});
`;

export class InProcessRunner {
  private worker: Worker | undefined;
  private nextId = 0;
  private pending: { id: number; resolve: (r: Run) => void } | undefined;

  private start(): Worker {
    const mainUrl = pathToFileURL(join(ROOT, 'dist/cli/program.js')).href;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { mainUrl },
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      resourceLimits: { maxOldGenerationSizeMb: HEAP_CAP_MB },
      stdout: true,
      stderr: true,
    });
    worker.on('message', (m: Run & { id: number }) => {
      if (this.pending?.id !== m.id) return;
      const { resolve } = this.pending;
      this.pending = undefined;
      resolve(m);
    });
    worker.on('error', (e: Error & { code?: string }) => this.fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `out of memory (heap over ${HEAP_CAP_MB} MiB)` : `worker error: ${e.message}`));
    worker.on('exit', () => this.fail('the worker exited'));
    return worker;
  }

  private fail(failure: string): void {
    this.worker = undefined;
    const p = this.pending;
    this.pending = undefined;
    p?.resolve({ code: null, stdout: '', stderr: '', ms: 0, failure });
  }

  /** Runs one command line; resolves with a failure instead of hanging when it takes longer than `timeoutMs`. */
  run(argv: string[], timeoutMs: number): Promise<Run> {
    this.worker ??= this.start();
    const worker = this.worker;
    const id = (this.nextId += 1);
    return new Promise<Run>((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = undefined;
        this.worker = undefined;
        void worker.terminate();
        resolve({ code: null, stdout: '', stderr: '', ms: timeoutMs, failure: `timeout after ${timeoutMs} ms` });
      }, timeoutMs);
      this.pending = {
        id,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      worker.postMessage({ id, argv });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) {
      w.removeAllListeners('exit');
      await w.terminate();
    }
  }
}

/** Runs one command line as a real process with the same heap cap and a time limit. */
export function runSpawned(argv: string[], timeoutMs: number): Run {
  const started = performance.now();
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, BIN, ...argv], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  const failure = r.error ? `${r.error.message}` : r.signal ? `killed by ${r.signal}` : undefined;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started, ...(failure ? { failure } : {}) };
}

/** Writes a case's files into `dir` and returns its arguments with `@name` replaced by their paths. */
export function materialise(c: FuzzCase, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(c.files)) writeFileSync(join(dir, name), text);
  return c.args.map((a) => (a.startsWith('@') && a.slice(1) in c.files ? join(dir, a.slice(1)) : a));
}
