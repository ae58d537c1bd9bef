import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT, InputError, InputErrors, InternalError, UsageError } from '../errors.js';
import { runPlan, type PlanOptions } from './commands/plan.js';
import { runCheck, runDiff, type CheckOptions } from './commands/check.js';
import { runInit } from './commands/init.js';
import { runSimulate, type SimulateOptions } from './commands/simulate.js';
import { runPricingImport, runPricingList, runPricingShow } from './commands/pricing.js';
import { runSchema } from './commands/schema.js';
import { VERSION } from './output.js';
import { CLIENT_MODELS } from '../workload/traffic-schema.js';
import { parseDuration } from '../workload/units.js';
import { MAX_SHARDS_PER_STREAM } from '../limits.js';
import { MAX_FACTOR, MAX_MONTH_HOURS } from '../workload/bounds.js';
import { MAX_SIM_DURATION_SEC } from '../sim/work.js';

/** Options shared by several commands, declared once. */
const OPTIONS = {
  format: () =>
    new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'),
  output: () => new Option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output'),
  region: () => new Option('--region <region>', "AWS Region whose shipped prices to use (default: the workload's region)"),
  pricing: () => new Option('--pricing <file>', 'use your own pricing file (e.g. negotiated rates) instead of the shipped one'),
  monthHours: () =>
    new Option('--month-hours <hours>', `hours in a billing month, at most ${MAX_MONTH_HOURS} (default: settings.monthHours, 730)`).argParser(monthHours),
};

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number ≥ 0.');
  return n;
}

/** A whole number from `min` to `max`, with what the range stands for. */
function wholeNumber(min: number, max: number, why = '') {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number${min > 0 ? ` ≥ ${min}` : ''}.`);
    if (n > max) throw new InvalidArgumentError(`at most ${max.toLocaleString('en-US')}${why}.`);
    return n;
  };
}
/** Seeds are 32-bit: the generator reads a seed modulo 2^32 (src/sim/random.ts). */
const seedFlag = wholeNumber(0, 2 ** 32 - 1, ' (seeds are 32-bit)');
const shardsFlag = wholeNumber(1, MAX_SHARDS_PER_STREAM, ', the most shards a stream can have');

/** A percentage flag: `10%` or `10` both mean 10 % (a fraction 0.1), at most `maxPercent`. */
function percentFlag(maxPercent: number) {
  return (value: string): number => {
    const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*%?\s*$/.exec(value);
    if (!m) throw new InvalidArgumentError('expected a percentage such as 10 or 10%.');
    const n = Number(m[1]);
    if (n > maxPercent) throw new InvalidArgumentError(`at most ${maxPercent.toLocaleString('en-US')}%.`);
    return n / 100;
  };
}

/** A duration flag: `90s`, `10min`, `1h`, `7d`, or seconds; more than 0, at most `max` seconds. */
function durationFlag(max: number, why: string) {
  return (value: string): number => {
    const r = parseDuration(value);
    if (!r.ok || !(r.value > 0)) throw new InvalidArgumentError(`expected a duration such as 10min or 1h.`);
    if (r.value > max) throw new InvalidArgumentError(`at most ${formatDuration(max)}${why}.`);
    return r.value;
  };
}
const simDurationFlag = durationFlag(MAX_SIM_DURATION_SEC, ' (CloudWatch keeps 455 days of history, so no trace is longer)');

/** The simulation step: from 1 ms to 1 s, dividing a second evenly. */
function stepFlag(value: string): number {
  const step = durationFlag(1, ': a step divides one second')(value);
  const perSec = 1 / step;
  if (step < 0.001 || Math.abs(perSec - Math.round(perSec)) > 1e-9) {
    throw new InvalidArgumentError('expected a step that divides one second evenly, from 1ms to 1s (e.g. 100ms, 50ms, 1s).');
  }
  return step;
}

function formatDuration(sec: number): string {
  return sec >= 86_400 && sec % 86_400 === 0 ? `${sec / 86_400}d` : `${sec}s`;
}

function monthHours(value: string): number {
  const n = positiveNumber(value);
  if (n > MAX_MONTH_HOURS) throw new InvalidArgumentError(`a month has at most ${MAX_MONTH_HOURS} hours (31 days).`);
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number.');
  return n;
}

/** The write bucket's depth: a positive number of seconds of refill, at most a day. */
function burstSecondsFlag(value: string): number {
  const n = positiveNumber(value);
  if (n > 86_400) throw new InvalidArgumentError('at most 86400 (a day of refill).');
  return n;
}

let debug = process.argv.includes('--debug');

/** The command line: every command and option, declared once. `setCode` receives the exit code of the command run. */
function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command('kinesis-plan')
    .description('Size and price an Amazon Kinesis pipeline from a workload file, before you build it.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

  program
    .command('plan', { isDefault: true })
    .description('plan shards (and costs) for a workload file; `kinesis-plan FILE` is short for `kinesis-plan plan FILE`')
    .argument('<file>', 'workload YAML file')
    .addOption(OPTIONS.format())
    .addOption(OPTIONS.output())
    .addOption(OPTIONS.region())
    .addOption(OPTIONS.pricing())
    .addOption(OPTIONS.monthHours())
    .action(async (file: string, opts: PlanOptions) => {
      setCode(await runPlan(file, opts));
    });

  const pricing = program.command('pricing').description('list, show and import the unit prices kinesis-plan uses');
  pricing
    .command('list')
    .description('the Regions with shipped prices and their effective dates')
    .addOption(OPTIONS.output())
    .action(async (opts: { output?: string }) => {
      setCode(await runPricingList(opts));
    });
  pricing
    .command('show')
    .description('every unit price of a Region, with its source and the date it was read')
    .argument('<region>', 'AWS Region, e.g. us-east-1')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(OPTIONS.pricing())
    .addOption(OPTIONS.output())
    .action(async (region: string, opts: { format: 'text' | 'json'; pricing?: string; output?: string }) => {
      setCode(await runPricingShow(region, opts));
    });
  pricing
    .command('import')
    .description('convert AWS Price List bulk offer files (AmazonKinesis, AmazonKinesisFirehose, AmazonKinesisAnalytics) into a pricing file')
    .argument('<files...>', 'offer files (index.json of each service)')
    .option('--region <region>', 'the Region to take prices for, when an offer file covers several')
    .option('--base <file>', 'a pricing file to start from (prices the offers lack are kept)')
    .option('--retrieved <date>', 'the date the offers were downloaded, YYYY-MM-DD (default: today)')
    .addOption(OPTIONS.output())
    .action(async (files: string[], opts: { region?: string; base?: string; retrieved?: string; output?: string }) => {
      setCode(await runPricingImport(files, opts));
    });

  program
    .command('init')
    .description('answer a few questions and get a commented workload file (needs a terminal)')
    .argument('[file]', 'workload YAML file to write (asked when omitted)')
    .option('--from <file>', "start from an existing workload file's answers")
    .option('--force', 'overwrite FILE without asking')
    .action(async (file: string | undefined, opts: { from?: string; force?: boolean }) => {
      setCode(await runInit(file, opts));
    });

  program
    .command('simulate')
    .description('replay bursty traffic through per-shard token buckets, with client retries, to predict throttling')
    .argument('<file>', 'workload YAML file (each stream\'s traffic: block drives it)')
    .option('--duration <duration>', 'simulated time, e.g. 10min, 1h, 7d (default: 1h, or the trace\'s length)', simDurationFlag)
    .option('--seed <n>', 'random seed: the same seed gives the same result', seedFlag, 1)
    .option('--shards <n>', 'shard count of every provisioned stream (default: the plan\'s)', shardsFlag)
    .addOption(new Option('--mode <mode>', 'capacity mode for every stream (default: each stream\'s own)').choices(['provisioned', 'on-demand']))
    .option('--trace <file>', 'replay a CloudWatch get-metric-statistics / get-metric-data JSON or a CSV (timestamp,records,bytes)')
    .option('--stream <name>', 'the stream the trace is for (default: the first)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'table', 'json', 'markdown']).default('text'))
    .addOption(OPTIONS.output())
    .option('--find-shards', 'also find the smallest shard count that keeps the throttled share within budget.maxThrottledShare')
    .option('--max-throttled-share <percent>', 'throttled share for --find-shards (overrides budget.maxThrottledShare)', percentFlag(100))
    .option('--step <duration>', 'simulation step (default 100ms)', stepFlag)
    .option('--burst-seconds <s>', 'write bucket depth in seconds of refill (default 1)', burstSecondsFlag)
    .addOption(new Option('--enforcement <rule>', 'how AWS enforces the per-second limits (default token-bucket)').choices(['token-bucket', 'fixed-window']))
    .addOption(new Option('--client <model>', 'producer retry model for every stream').choices([...CLIENT_MODELS]))
    .option('--split-delay <duration>', 'on-demand: time from a split decision to the new shards (default 15min)', simDurationFlag)
    .action(async (file: string, opts: SimulateOptions) => {
      setCode(await runSimulate(file, opts));
    });

  program
    .command('check')
    .description('check workloads against their budget (cost, shards, throttling, increase over a baseline); exit 1 when any check fails')
    .argument('<files...>', 'workload YAML files')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown', 'github']).default('text'))
    .addOption(OPTIONS.output())
    .option('--compare-to <reports...>', 'baseline JSON reports (from `plan --format json --output base.json`), matched by workload name')
    .option('--max-monthly-usd <usd>', 'largest monthly cost of a workload (overrides budget.monthlyUsd)', nonNegativeNumber)
    .option('--max-shards <n>', 'largest shard count of any stream (overrides budget.maxShards)', shardsFlag)
    .option('--max-throttled-share <percent>', 'largest share of write attempts throttled in simulation, e.g. 0.1% (overrides budget.maxThrottledShare)', percentFlag(100))
    .option('--max-increase-usd <usd>', 'largest monthly increase against the baseline (overrides budget.maxIncreaseUsd)', nonNegativeNumber)
    .option('--max-increase-percent <percent>', 'largest monthly increase against the baseline, e.g. 10% (overrides budget.maxIncreasePercent)', percentFlag(MAX_FACTOR * 100))
    .option('--sim-duration <duration>', 'simulated time for throttling checks', simDurationFlag, 600)
    .option('--seed <n>', 'simulator seed', seedFlag, 1)
    .addOption(OPTIONS.region())
    .addOption(OPTIONS.pricing())
    .addOption(OPTIONS.monthHours())
    .action(async (files: string[], opts: CheckOptions) => {
      setCode(await runCheck(files, opts));
    });

  program
    .command('diff')
    .description('the change per stream and per cost line between two workloads or saved JSON reports')
    .argument('<old>', 'workload YAML file or JSON report')
    .argument('<new>', 'workload YAML file or JSON report')
    .addOption(OPTIONS.format())
    .addOption(OPTIONS.output())
    .addOption(OPTIONS.region())
    .addOption(OPTIONS.pricing())
    .addOption(OPTIONS.monthHours())
    .action(async (oldFile: string, newFile: string, opts: Parameters<typeof runDiff>[2]) => {
      setCode(await runDiff(oldFile, newFile, opts));
    });

  program
    .command('schema')
    .description('print the JSON Schema of the workload file (for editor validation and completion)')
    .addOption(OPTIONS.output())
    .action(async (opts: { output?: string }) => {
      setCode(await runSchema(opts));
    });

  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  all(program).forEach((c) => c.exitOverride().showHelpAfterError('(run with --help for usage)'));
  return program;
}

/** Reports an error on standard error and returns its exit code: one located line per input error, no stack trace. */
function report(e: unknown): number {
  if (e instanceof CommanderError) {
    // --help and --version end here with code 0; every usage error maps to 2 (commander's default is 1).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
    return EXIT.BAD_INPUT;
  }
  if (e instanceof InputErrors) {
    for (const one of e.errors) process.stderr.write(`kinesis-plan: ${one.message}\n`);
    if (e.omitted > 0) {
      const where = e.file !== undefined ? `${e.file}: ` : '';
      process.stderr.write(`kinesis-plan: ${where}${e.omitted} more error${e.omitted === 1 ? '' : 's'} not shown. Hint: fix these first, then run again.\n`);
    }
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
    return EXIT.BAD_INPUT;
  }
  if (e instanceof InputError || e instanceof UsageError) {
    process.stderr.write(`kinesis-plan: ${e.message}\n`);
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
    return EXIT.BAD_INPUT;
  }
  const what = e instanceof InternalError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  process.stderr.write(`kinesis-plan: internal error: ${what}\nThis is a bug in kinesis-plan; please report it with the workload file that caused it.\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return EXIT.BAD_INPUT;
}

/**
 * Runs the command line `argv` (as process.argv: node, script, arguments) and returns its exit code: 0 ok, 1 a check
 * failed, 2 bad input, usage or internal error, 130 a cancelled wizard. Writes only to standard output and error; the
 * entry point (main.ts) sets the process's exit code.
 */
export async function main(argv: string[]): Promise<number> {
  debug = argv.includes('--debug');
  let code: number = EXIT.OK;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    return report(e);
  }
  return code;
}
