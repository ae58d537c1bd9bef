import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT, InputError, InternalError, UsageError } from '../errors.js';
import { runPlan } from './commands/plan.js';
import { runSchema } from './commands/schema.js';
import { VERSION } from './output.js';

/** Options shared by several commands, declared once. */
const OPTIONS = {
  format: () =>
    new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'),
  output: () => new Option('-o, --output <file>', 'write the report to a file (atomically) instead of standard output'),
};

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number.');
  return n;
}
void positiveNumber;

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
    .action(async (file: string, opts: { format: 'text' | 'json' | 'markdown'; output?: string }) => {
      process.exitCode = await runPlan(file, opts);
    });

  program
    .command('schema')
    .description('print the JSON Schema of the workload file (for editor validation and completion)')
    .addOption(OPTIONS.output())
    .action(async (opts: { output?: string }) => {
      process.exitCode = await runSchema(opts);
    });

  program.commands.forEach((c) => c.exitOverride().showHelpAfterError('(run with --help for usage)'));
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
