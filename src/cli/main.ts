import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT, InputError, InternalError, UsageError } from '../errors.js';
import { runPlan, type PlanOptions } from './commands/plan.js';
import { runCheck, runDiff, type CheckOptions } from './commands/check.js';
import { runInit } from './commands/init.js';
import { runSimulate, type SimulateOptions } from './commands/simulate.js';
import { runPricingImport, runPricingList, runPricingShow } from './commands/pricing.js';
import { runPricingFetch, type PricingFetchOptions } from './commands/pricing-fetch.js';
import { DEFAULT_PRICE_LIST_SOURCE } from './fetch.js';
import { runSchema } from './commands/schema.js';
import { VERSION } from './output.js';
import { CLIENT_MODELS } from '../workload/traffic-schema.js';
import { parseDuration } from '../workload/units.js';

/** Options shared by several commands, declared once. */
const OPTIONS = {
  format: () =>
    new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'),
  output: () => new Option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output'),
  region: () => new Option('--region <region>', "AWS Region whose shipped prices to use (default: the workload's region)"),
  pricing: () => new Option('--pricing <file>', 'use your own pricing file (e.g. negotiated rates) instead of the shipped one'),
  monthHours: () =>
    new Option('--month-hours <hours>', 'hours in a billing month, at most 744 (default: settings.monthHours, 730)').argParser(monthHours),
};

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number ≥ 0.');
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number.');
  return n;
}

/** A percentage flag: `10%` or `10` both mean 10 % (a fraction 0.1). */
function percentFlag(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*%?\s*$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected a percentage such as 10 or 10%.');
  return Number(m[1]) / 100;
}

/** A duration flag: `90s`, `10min`, `1h`, `7d`, or seconds. */
function durationFlag(value: string): number {
  const r = parseDuration(value);
  if (!r.ok || r.value <= 0) throw new InvalidArgumentError(`expected a duration such as 10min or 1h.`);
  return r.value;
}

function monthHours(value: string): number {
  const n = positiveNumber(value);
  if (n > 744) throw new InvalidArgumentError('a month has at most 744 hours (31 days).');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number.');
  return n;
}

let debug = process.argv.includes('--debug');

function buildProgram(): Command {
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
      process.exitCode = await runPlan(file, opts);
    });

  const pricing = program.command('pricing').description('list, show, fetch and import the unit prices kinesis-plan uses');
  pricing
    .command('list')
    .description('every pricing file (fetched into ./pricing, and shipped) with its effective date and age')
    .addOption(OPTIONS.output())
    .action(async (opts: { output?: string }) => {
      process.exitCode = await runPricingList(opts);
    });
  pricing
    .command('show')
    .description('every unit price of a Region, with its source and the date it was read')
    .argument('<region>', 'AWS Region, e.g. us-east-1')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(OPTIONS.pricing())
    .addOption(OPTIONS.output())
    .action(async (region: string, opts: { format: 'text' | 'json'; pricing?: string; output?: string }) => {
      process.exitCode = await runPricingShow(region, opts);
    });
  pricing
    .command('fetch')
    .description("download Regions' current prices from AWS's public Price List bulk files (no credentials) into pricing/<region>.<date>.json")
    .argument('<regions...>', 'AWS Regions, e.g. eu-west-1')
    .option('--source <url>', `base address of the Price List bulk files, e.g. a mirror (default: ${DEFAULT_PRICE_LIST_SOURCE})`)
    .option('--timeout <duration>', 'give up on a download that sends nothing for this long', durationFlag, 30)
    .addOption(new Option('-o, --output <file>', 'write the pricing file here instead (one Region only), atomically'))
    .action(async (regions: string[], opts: PricingFetchOptions) => {
      process.exitCode = await runPricingFetch(regions, opts);
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
      process.exitCode = await runPricingImport(files, opts);
    });

  program
    .command('init')
    .description('answer a few questions and get a commented workload file (needs a terminal)')
    .argument('[file]', 'workload YAML file to write (asked when omitted)')
    .option('--from <file>', "start from an existing workload file's answers")
    .option('--force', 'overwrite FILE without asking')
    .action(async (file: string | undefined, opts: { from?: string; force?: boolean }) => {
      process.exitCode = await runInit(file, opts);
    });

  program
    .command('simulate')
    .description('replay bursty traffic through per-shard token buckets, with client retries, to predict throttling')
    .argument('<file>', 'workload YAML file (each stream\'s traffic: block drives it)')
    .option('--duration <duration>', 'simulated time, e.g. 10min, 1h, 7d (default: 1h, or the trace\'s length)', durationFlag)
    .option('--seed <n>', 'random seed: the same seed gives the same result', wholeNumber, 1)
    .option('--shards <n>', 'shard count of every provisioned stream (default: the plan\'s)', wholeNumber)
    .addOption(new Option('--mode <mode>', 'capacity mode for every stream (default: each stream\'s own)').choices(['provisioned', 'on-demand']))
    .option('--trace <file>', 'replay a CloudWatch get-metric-statistics / get-metric-data JSON or a CSV (timestamp,records,bytes)')
    .option('--stream <name>', 'the stream the trace is for (default: the first)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'table', 'json', 'markdown']).default('text'))
    .addOption(OPTIONS.output())
    .option('--find-shards', 'also find the smallest shard count that keeps the throttled share within budget.maxThrottledShare')
    .option('--max-throttled-share <percent>', 'throttled share for --find-shards (overrides budget.maxThrottledShare)', percentFlag)
    .option('--step <duration>', 'simulation step (default 100ms)', durationFlag)
    .option('--burst-seconds <s>', 'write bucket depth in seconds of refill (default 1)', positiveNumber)
    .addOption(new Option('--enforcement <rule>', 'how AWS enforces the per-second limits (default token-bucket)').choices(['token-bucket', 'fixed-window']))
    .addOption(new Option('--client <model>', 'producer retry model for every stream').choices([...CLIENT_MODELS]))
    .option('--split-delay <duration>', 'on-demand: time from a split decision to the new shards (default 15min)', durationFlag)
    .action(async (file: string, opts: SimulateOptions) => {
      process.exitCode = await runSimulate(file, opts);
    });

  program
    .command('check')
    .description('check workloads against their budget (cost, shards, throttling, increase over a baseline); exit 1 when any check fails')
    .argument('<files...>', 'workload YAML files')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown', 'github']).default('text'))
    .addOption(OPTIONS.output())
    .option('--compare-to <reports...>', 'baseline JSON reports (from `plan --format json --output base.json`), matched by workload name')
    .option('--max-monthly-usd <usd>', 'largest monthly cost of a workload (overrides budget.monthlyUsd)', nonNegativeNumber)
    .option('--max-shards <n>', 'largest shard count of any stream (overrides budget.maxShards)', wholeNumber)
    .option('--max-throttled-share <percent>', 'largest share of write attempts throttled in simulation, e.g. 0.1% (overrides budget.maxThrottledShare)', percentFlag)
    .option('--max-increase-usd <usd>', 'largest monthly increase against the baseline (overrides budget.maxIncreaseUsd)', nonNegativeNumber)
    .option('--max-increase-percent <percent>', 'largest monthly increase against the baseline, e.g. 10% (overrides budget.maxIncreasePercent)', percentFlag)
    .option('--sim-duration <duration>', 'simulated time for throttling checks', durationFlag, 600)
    .option('--seed <n>', 'simulator seed', wholeNumber, 1)
    .addOption(OPTIONS.region())
    .addOption(OPTIONS.pricing())
    .addOption(OPTIONS.monthHours())
    .action(async (files: string[], opts: CheckOptions) => {
      process.exitCode = await runCheck(files, opts);
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
      process.exitCode = await runDiff(oldFile, newFile, opts);
    });

  program
    .command('schema')
    .description('print the JSON Schema of the workload file (for editor validation and completion)')
    .addOption(OPTIONS.output())
    .action(async (opts: { output?: string }) => {
      process.exitCode = await runSchema(opts);
    });

  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  all(program).forEach((c) => c.exitOverride().showHelpAfterError('(run with --help for usage)'));
  return program;
}

function report(e: unknown): number {
  if (e instanceof CommanderError) {
    // --help and --version end here with code 0; every usage error maps to 2 (commander's default is 1).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
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

async function main(argv: string[]): Promise<void> {
  debug = argv.includes('--debug');
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.exitCode = report(e);
  }
}

await main(process.argv);
