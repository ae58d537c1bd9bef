import { spawn, spawnSync } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/kinesis-plan.js', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The day the CLI takes for today in tests (2026-12-01, via SOURCE_DATE_EPOCH), so that the age of the shipped prices,
 * and so the output, does not change with the calendar.
 */
export const TEST_TODAY = '2026-12-01';
export const TEST_SOURCE_DATE_EPOCH = String(Date.parse(`${TEST_TODAY}T00:00:00Z`) / 1000);

/** How long one run may take before it counts as hung (exit code null, as a killed process). */
const TIMEOUT_MS = 60_000;

type CliOptions = { env?: Record<string, string>; input?: string; cwd?: string };

function cliEnv(env: Record<string, string> | undefined): Record<string, string> {
  return { PATH: process.env.PATH ?? '', NO_COLOR: '1', SOURCE_DATE_EPOCH: TEST_SOURCE_DATE_EPOCH, ...env };
}

/**
 * How `runCli` runs the CLI: `inprocess` (the default) calls `main()` of dist/cli/program.js in a worker thread and
 * falls back to a process where one is needed (see `needsProcess`); `spawn` always starts a process; `verify` does both
 * and throws when they differ (`KINESIS_PLAN_TEST_CLI=verify npx vitest run test/cli` checks the in-process runs).
 */
const MODE = process.env.KINESIS_PLAN_TEST_CLI ?? 'inprocess';

/** Runs the built CLI from the repository root with a clean environment (no colour, no CI variables, a fixed today). */
export function runCli(args: string[], opts: CliOptions = {}): RunResult {
  if (MODE === 'spawn' || needsProcess(args, opts)) return spawnCli(args, opts);
  const inProcess = runInWorker(args, cliEnv(opts.env));
  // A command that writes a file cannot run twice alike (the second finds the file): verify only the others.
  if (MODE !== 'verify' || args[0] === 'init' || args.some((a) => /^(-o|--output)/.test(a))) return inProcess ?? spawnCli(args, opts);
  const spawned = spawnCli(args, opts);
  if (JSON.stringify(inProcess) !== JSON.stringify(spawned)) {
    throw new Error(`in-process run differs from the process for ${JSON.stringify(args)}:\n${JSON.stringify(inProcess)}\n${JSON.stringify(spawned)}`);
  }
  return spawned;
}

/** Runs the built CLI as a real process (for exit codes, signals, pipes and standard input as a process sees them). */
export function spawnCli(args: string[], opts: CliOptions = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: cliEnv(opts.env),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * What a worker thread cannot stand in for: another working directory (a worker cannot chdir), standard input (`-`
 * or given text), `--debug` (its stack traces name the process's own frames and source maps), and Node's own
 * variables, which Node reads as the process starts.
 */
function needsProcess(args: string[], opts: CliOptions): boolean {
  if (resolvePath(opts.cwd ?? ROOT) !== resolvePath(process.cwd())) return true;
  if (opts.input !== undefined && opts.input !== '') return true;
  if (args.includes('-') || args.includes('--debug')) return true;
  return Object.keys(opts.env ?? {}).some((k) => k.startsWith('NODE_') || k === 'UV_THREADPOOL_SIZE');
}

/**
 * The worker: imports dist/cli/program.js once, then runs one command line per request with `process.env` replaced
 * and standard output and error captured (as test/helpers/fuzz/runner.ts does), and answers on a port. The caller waits
 * on a shared flag (Atomics.wait) and takes the answer with receiveMessageOnPort, so `runCli` stays synchronous.
 * Anything that a process would show differently (an error escaping main(), process.exit) is answered as a failure,
 * and the caller runs the command as a process instead.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { mainUrl, port, flag } = workerData;
const loaded = import(mainUrl);
let answered = true;
let current;
function answer(result) {
  if (answered) return;
  answered = true;
  port.postMessage(result);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
const fail = (why) => answer({ failure: why });
process.on('uncaughtException', (e) => fail('uncaught: ' + String((e && e.stack) || e)));
process.on('unhandledRejection', (e) => fail('unhandled rejection: ' + String((e && e.stack) || e)));
process.on('exit', (code) => fail('process.exit(' + code + ')'));
const out = process.stdout.write;
const err = process.stderr.write;
port.on('message', async ({ argv, env }) => {
  answered = false;
  for (const k of Object.keys(process.env)) delete process.env[k];
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  const capture = (append) => (chunk, encoding, callback) => {
    append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (cb) process.nextTick(cb);
    return true;
  };
  process.stdout.write = capture((s) => (stdout += s));
  process.stderr.write = capture((s) => (stderr += s));
  let result;
  try {
    const { main } = await loaded;
    const code = await main(['node', 'kinesis-plan', ...argv]);
    result = { code, stdout, stderr };
  } catch (e) {
    result = { failure: 'escaped main(): ' + String((e && e.stack) || e) };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  answer(result);
});
`;

interface CliWorker {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

let cliWorker: CliWorker | undefined;

function startWorker(): CliWorker {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const mainUrl = pathToFileURL(resolvePath(ROOT, 'dist/cli/program.js')).href;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { mainUrl, port: port2, flag }, transferList: [port2], env: {} });
  // Neither the worker nor the port keeps the test process alive.
  worker.unref();
  port1.unref();
  return { worker, port: port1, flag };
}

/** One run in the worker thread; undefined when a process is needed to show what happens (see WORKER_SOURCE). */
function runInWorker(args: string[], env: Record<string, string>): RunResult | undefined {
  cliWorker ??= startWorker();
  const { worker, port, flag } = cliWorker;
  Atomics.store(flag, 0, 0);
  port.postMessage({ argv: args, env });
  if (Atomics.wait(flag, 0, 0, TIMEOUT_MS) === 'timed-out') {
    cliWorker = undefined;
    void worker.terminate();
    return { code: null, stdout: '', stderr: '' };
  }
  const message = receiveMessageOnPort(port)?.message as (RunResult & { failure?: string }) | undefined;
  if (!message || message.failure !== undefined) {
    cliWorker = undefined;
    void worker.terminate();
    return undefined;
  }
  return { code: message.code, stdout: message.stdout, stderr: message.stderr };
}

/**
 * `runCli` without blocking the test's event loop: for tests that serve the CLI from the same process (a local HTTP
 * server), which a synchronous spawn would starve.
 */
export function runCliAsync(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: cliEnv(opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
