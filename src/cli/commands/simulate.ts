import { EXIT, UsageError } from '../../errors.js';
import { renderSimJson, toSimReport } from '../../report/sim-json.js';
import { renderSimMarkdown } from '../../report/sim-markdown.js';
import { renderSimText } from '../../report/sim-text.js';
import { parseTrace, simulateWith, type SimOptions } from '../../sim/index.js';
import type { Enforcement } from '../../sim/token-bucket.js';
import type { ClientModel } from '../../workload/traffic-schema.js';
import { readTextFile } from '../io.js';
import { emit, renderOptions, VERSION } from '../output.js';
import { createThreadRunner } from '../sim-threads.js';
import { planFile } from './plan.js';

export interface SimulateOptions {
  duration?: number | undefined;
  seed: number;
  shards?: number | undefined;
  mode?: 'provisioned' | 'on-demand' | undefined;
  trace?: string | undefined;
  stream?: string | undefined;
  format: 'text' | 'table' | 'json' | 'markdown';
  output?: string | undefined;
  findShards?: boolean | undefined;
  maxThrottledShare?: number | undefined;
  step?: number | undefined;
  burstSeconds?: number | undefined;
  enforcement?: Enforcement | undefined;
  client?: ClientModel | undefined;
  splitDelay?: number | undefined;
}

const DEFAULT_DURATION_SEC = 3600;

/** The environment variable that caps the simulator's worker threads (1: none; default one per core). */
export const SIM_THREADS_ENV = 'KINESIS_PLAN_SIM_THREADS';

/** The thread count from the environment's value: a whole number ≥ 1, else undefined (one per core). */
function simThreads(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

/** A progress bar on standard error, only on a terminal and only once a run has taken a second. */
function progressBar(): { onProgress(fraction: number): void; done(): void } {
  if (!process.stderr.isTTY) return { onProgress: () => undefined, done: () => undefined };
  const started = performance.now();
  let last = -1;
  let shown = false;
  return {
    onProgress(fraction) {
      if (performance.now() - started < 1000) return;
      const pct = Math.floor(fraction * 100);
      if (pct === last) return;
      last = pct;
      shown = true;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      process.stderr.write(`\rsimulating [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}%`);
    },
    done() {
      if (shown) process.stderr.write('\r\u001b[K');
    },
  };
}

/** `kinesis-plan simulate FILE`: replay the workload's traffic through per-shard token buckets. */
export async function runSimulate(file: string, opts: SimulateOptions): Promise<number> {
  // The same plan as `plan` and `check` make (priced, when the Region has prices, so the planned mode is the same).
  const { workload, plan } = await planFile(file, {});
  const trace = opts.trace !== undefined ? parseTrace(await readTextFile(opts.trace, 'trace file'), opts.trace) : undefined;
  let traceStream: number | undefined;
  if (opts.stream !== undefined) {
    traceStream = workload.streams.findIndex((s) => s.name === opts.stream);
    if (traceStream < 0) {
      throw new UsageError(`--stream ${opts.stream}: no such stream in ${file} (streams: ${workload.streams.map((s) => s.name).join(', ')})`);
    }
  }
  const durationSec = opts.duration ?? (trace ? trace.points.length * trace.periodSec : DEFAULT_DURATION_SEC);
  let findShards: SimOptions['findShards'];
  if (opts.findShards) {
    const limit = opts.maxThrottledShare ?? workload.budget?.maxThrottledShare;
    if (limit === undefined) {
      throw new UsageError('--find-shards needs a throttling limit: set budget.maxThrottledShare in the workload or pass --max-throttled-share');
    }
    findShards = { maxThrottledShare: limit };
  }
  const options: SimOptions = {
    seed: opts.seed,
    durationSec,
    ...(opts.shards !== undefined ? { shardsByStream: plan.streams.map(() => opts.shards!) } : {}),
    ...(findShards ? { findShards } : {}),
    ...(opts.mode ? { mode: opts.mode } : {}),
    ...(trace ? { trace } : {}),
    ...(traceStream !== undefined ? { traceStream } : {}),
    ...(opts.step !== undefined ? { stepSec: opts.step } : {}),
    ...(opts.burstSeconds !== undefined ? { burstSeconds: opts.burstSeconds } : {}),
    ...(opts.enforcement ? { enforcement: opts.enforcement } : {}),
    ...(opts.client ? { clientModel: opts.client } : {}),
    ...(opts.splitDelay !== undefined ? { onDemandSplitDelaySec: opts.splitDelay } : {}),
  };
  const bar = progressBar();
  const runner = createThreadRunner(simThreads(process.env[SIM_THREADS_ENV]));
  let result;
  try {
    result = await simulateWith(workload, plan, options, runner, { onProgress: (fraction) => bar.onProgress(fraction) });
  } finally {
    bar.done();
    await runner.close();
  }
  const toFile = opts.output !== undefined && opts.output !== '-';
  const content =
    opts.format === 'json'
      ? renderSimJson(toSimReport(result, VERSION))
      : opts.format === 'markdown'
        ? renderSimMarkdown(result)
        : renderSimText(result, renderOptions(toFile));
  await emit(content, opts.output);
  return EXIT.OK;
}
