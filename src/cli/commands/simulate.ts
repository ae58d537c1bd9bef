import { EXIT, InputError, UsageError } from '../../errors.js';
import { renderSimJson, toSimReport } from '../../report/sim-json.js';
import { renderSimMarkdown } from '../../report/sim-markdown.js';
import { renderSimText } from '../../report/sim-text.js';
import { checkSimWork, formatWork, MAX_SIM_WORK_UNITS, parseTrace, simulateWith, type SimOptions } from '../../sim/index.js';
import type { Enforcement } from '../../sim/token-bucket.js';
import type { ClientModel } from '../../workload/traffic-schema.js';
import { locateInText } from '../../workload/locate.js';
import { inputName, readTextFile } from '../io.js';
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
/** Runs estimated above this many work units (seconds of wall time at the least) announce themselves off a terminal. */
const NOTICE_WORK_UNITS = 1e8;

function formatSeconds(sec: number): string {
  return sec >= 86_400 ? `${Number((sec / 86_400).toFixed(2))} days` : sec >= 3600 ? `${Number((sec / 3600).toFixed(2))} h` : `${sec} s`;
}

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
  const { workload, plan, text } = await planFile(file, {});
  const trace = opts.trace !== undefined ? parseTrace(await readTextFile(opts.trace, 'trace file'), inputName(opts.trace)) : undefined;
  if (trace && workload.streams.length === 0) {
    throw new UsageError(`--trace ${opts.trace}: ${inputName(file)} has no Kinesis streams, so the trace has no stream to replay through`);
  }
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
    const work = checkSimWork(workload, plan, options);
    // Off a terminal there is no progress bar: a long run says what it is about to do.
    if (!process.stderr.isTTY && work.workUnits > NOTICE_WORK_UNITS) {
      process.stderr.write(
        `kinesis-plan: simulating ${formatSeconds(durationSec)} of ${work.streams.length} stream(s), about ${formatWork(work.workUnits)} units of work (the most is ${formatWork(MAX_SIM_WORK_UNITS)}): seconds to minutes\n`,
      );
    }
    result = await simulateWith(workload, plan, options, runner, { onProgress: (fraction) => bar.onProgress(fraction) });
  } catch (e) {
    if (e instanceof InputError && e.file === undefined) {
      // A run refused for its size is about this workload and these options: name the file. An error about a field
      // of the workload (a closed producer with `--client kpl`) is located at the field.
      if (e.path === undefined) throw new InputError({ file: inputName(file), message: e.detail, hint: e.hint });
      if (/^(streams|firehose|flink|budget|settings)\b/.test(e.path)) throw locateInText(e, text, inputName(file));
    }
    throw e;
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
