import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { FAIL_ON_LEVELS } from '../budget/check.js';
import { EXIT, InputError, InputErrors, InternalError, UsageError } from '../errors.js';
import type { PlanOptions } from './commands/plan.js';
import type { CheckOptions } from './commands/check.js';
import type { DiffOptions } from './commands/diff.js';
import type { SimulateOptions } from './commands/simulate.js';
import type { RightsizeCliOptions } from './commands/rightsize.js';
import type { PricingFetchOptions } from './commands/pricing-fetch.js';
import { useStdoutDescriptor } from './io.js';
import { VERSION } from './version.js';
import { renderWelcome } from './welcome.js';
import { CLIENT_MODELS } from '../vocab/client-models.js';
import { DEFAULT_PRICE_LIST_SOURCE } from './fetch.js';
import { parseDuration } from '../workload/units.js';
import { CLOUDWATCH_MAX_HISTORY_SEC, MAX_SHARDS_PER_STREAM } from '../limits.js';
import { MAX_FACTOR, MAX_HEADROOM, MAX_MONTH_HOURS } from '../workload/bounds.js';

/** Options shared by several commands, declared once. */
const OPTIONS = {
  format: () =>
    new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'),
  output: () => new Option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output'),
  region: () => new Option('--region <region>', "AWS Region whose shipped prices to use (default: the workload's region)"),
  pricing: () => new Option('--pricing <file>', 'use your own pricing file (e.g. negotiated rates) instead of the shipped one'),
  iac: () =>
    new Option(
      '--iac <files...>',
      'infrastructure files (Terraform plan JSON, .tf, CloudFormation or CDK templates): plan at the capacity they declare and check it against the workload',
    ),
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
/** The longest simulation: CloudWatch's longest history (src/sim/work.ts, MAX_SIM_DURATION_SEC), so the longest trace fits. */
const simDurationFlag = durationFlag(CLOUDWATCH_MAX_HISTORY_SEC, ' (CloudWatch keeps 455 days of history, so no trace is longer)');

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

// Each command's module is imported when the command runs, so that a run loads only its own code (the wizard's
// @inquirer, the simulator and the importer stay unloaded for a plan, and all of them for --version or --help).
const commands = {
  plan: () => import('./commands/plan.js'),
  check: () => import('./commands/check.js'),
  diff: () => import('./commands/diff.js'),
  init: () => import('./commands/init.js'),
  initFromIac: () => import('./commands/init-from-iac.js'),
  simulate: () => import('./commands/simulate.js'),
  pricing: () => import('./commands/pricing.js'),
  pricingFetch: () => import('./commands/pricing-fetch.js'),
  schema: () => import('./commands/schema.js'),
  rightsize: () => import('./commands/rightsize.js'),
};

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
    .addOption(OPTIONS.iac())
    .action(async (file: string, opts: PlanOptions) => {
      setCode(await (await commands.plan()).runPlan(file, opts));
    });

  const pricing = program.command('pricing').description('list, show, fetch and import the unit prices kinesis-plan uses');
  pricing
    .command('list')
    .description('every pricing file (fetched into ./pricing, and shipped) with its effective date and age')
    .addOption(OPTIONS.output())
    .action(async (opts: { output?: string }) => {
      setCode(await (await commands.pricing()).runPricingList(opts));
    });
  pricing
    .command('show')
    .description('every unit price of a Region, with its source and the date it was read')
    .argument('<region>', 'AWS Region, e.g. us-east-1')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(OPTIONS.pricing())
    .addOption(OPTIONS.output())
    .action(async (region: string, opts: { format: 'text' | 'json'; pricing?: string; output?: string }) => {
      setCode(await (await commands.pricing()).runPricingShow(region, opts));
    });
  pricing
    .command('fetch')
    .description("download Regions' current prices from AWS's public Price List bulk files (no credentials) into pricing/<region>.<date>.json")
    .argument('<regions...>', 'AWS Regions, e.g. eu-west-1')
    .option('--source <url>', `base address of the Price List bulk files, e.g. a mirror (default: ${DEFAULT_PRICE_LIST_SOURCE})`)
    .option('--timeout <duration>', 'give up on a download that sends nothing for this long', durationFlag(3600, ''), 30)
    .addOption(new Option('-o, --output <file>', 'write the pricing file here instead (one Region only), atomically'))
    .action(async (regions: string[], opts: PricingFetchOptions) => {
      setCode(await (await commands.pricingFetch()).runPricingFetch(regions, opts));
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
      setCode(await (await commands.pricing()).runPricingImport(files, opts));
    });

  program
    .command('init')
    .description('answer a few questions and get a commented workload file (needs a terminal)')
    .argument('[file]', 'workload YAML file to write (asked when omitted)')
    .option('--from <file>', "start from an existing workload file's answers")
    .option('--force', 'overwrite FILE without asking')
    .option('--from-iac <files...>', 'write a skeleton from infrastructure files (Terraform plan JSON, .tf, CloudFormation or CDK templates), without questions')
    .action(async (file: string | undefined, opts: { from?: string; force?: boolean; fromIac?: string[] }) => {
      setCode(
        opts.fromIac !== undefined
          ? await (await commands.initFromIac()).runInitFromIac(file, { fromIac: opts.fromIac, force: opts.force })
          : await (await commands.init()).runInit(file, opts),
      );
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
      setCode(await (await commands.simulate()).runSimulate(file, opts));
    });

  program
    .command('check')
    .description(
      "check workloads against their budget (cost, shards, throttling, increase over a baseline) and their plan's findings; exit 1 when any check fails",
    )
    .argument('[files...]', 'workload YAML files')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown', 'github']).default('text'))
    .addOption(OPTIONS.output())
    .option('--output-markdown <file>', 'also write the Markdown report (a pull-request comment) to a file, in the same run')
    .option('--output-json <file>', 'also write the JSON report to a file, in the same run')
    .addOption(
      new Option('--fail-on <level>', "which of the plan's findings fail a check: error findings, warnings too, or none (errors are still shown)")
        .choices([...FAIL_ON_LEVELS])
        .default('error'),
    )
    .option('--compare-to <reports...>', 'baseline JSON reports (from `plan --format json --output base.json`), matched by workload name')
    .option(
      '--base-dir <dir>',
      "the base version's workload files at the same relative paths (e.g. from git archive): each file is compared with its copy, copies left over are deleted workloads",
    )
    .option('--base-label <name>', 'how reports name the base version, e.g. main (main:pipelines/a.yaml)')
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
    .addOption(OPTIONS.iac())
    .action(async (files: string[], opts: CheckOptions) => {
      setCode(await (await commands.check()).runCheck(files, opts));
    });

  program
    .command('diff')
    .description('what changed between two workloads or saved JSON reports: inputs, capacity modes, streams, stages and cost lines')
    .argument('<old>', 'workload YAML file or JSON report')
    .argument('<new>', 'workload YAML file or JSON report')
    .addOption(OPTIONS.format())
    .addOption(OPTIONS.output())
    .addOption(OPTIONS.region())
    .addOption(OPTIONS.pricing())
    .addOption(OPTIONS.monthHours())
    .action(async (oldFile: string, newFile: string, opts: DiffOptions) => {
      setCode(await (await commands.diff()).runDiff(oldFile, newFile, opts));
    });

  program
    .command('rightsize')
    .description('right-size a running stream from its CloudWatch exports: shards, a scaling schedule and every mode priced')
    .argument('<files...>', 'get-metric-data or get-metric-statistics JSON, or CSV (timestamp plus one column per metric)')
    .option('--shards <n>', 'the stream\'s shard count today (provisioned)', shardsFlag)
    .addOption(new Option('--mode <mode>', 'the stream\'s capacity mode today').choices(['provisioned', 'on-demand', 'on-demand-advantage']))
    .option('--stream <name>', 'the stream\'s name, for the report and the written workload', 'stream')
    .option('--headroom <percent>', 'spare capacity above the observed peak, e.g. 20%', percentFlag(MAX_HEADROOM * 100), 0.2)
    .addOption(new Option('--region <region>', 'AWS Region whose shipped prices to use').default('us-east-1'))
    .addOption(OPTIONS.pricing())
    .addOption(OPTIONS.monthHours())
    .addOption(OPTIONS.format())
    .addOption(OPTIONS.output())
    .option('--write-workload <file>', 'also write a workload file that replays the observed traffic (atomically)')
    .action(async (files: string[], opts: RightsizeCliOptions) => {
      setCode(await (await commands.rightsize()).runRightsize(files, opts));
    });

  program
    .command('schema')
    .description('print the JSON Schema of the workload file (for editor validation and completion)')
    .addOption(OPTIONS.output())
    .action(async (opts: { output?: string }) => {
      setCode(await (await commands.schema()).runSchema(opts));
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
 * entry point (main.ts) sets the process's exit code. `ownsStdout`: the caller is the process itself, whose standard
 * output no one captures through process.stdout, so reports to a pipe or a file are written to its descriptor.
 */
export async function main(argv: string[], opts: { ownsStdout?: boolean } = {}): Promise<number> {
  debug = argv.includes('--debug');
  if (opts.ownsStdout === true) useStdoutDescriptor();
  // No command and no file: a first contact, not a usage error. `kinesis-plan FILE` still runs `plan FILE`.
  if (argv.slice(2).every((a) => a === '--debug')) {
    process.stdout.write(renderWelcome(VERSION));
    return EXIT.OK;
  }
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
