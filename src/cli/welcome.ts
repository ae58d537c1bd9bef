/**
 * What `kinesis-plan` with no arguments prints: what the tool does, the three ways to start and the commands, one line
 * each, within an 80 × 24 terminal. test/cli/welcome.test.ts holds the list to the program's commands.
 */

/** The commands, one line each: how to call it, and what it gives. */
const COMMANDS: readonly (readonly [string, string])[] = [
  ['FILE, plan FILE', 'shards, costs line by line and findings for a workload'],
  ['simulate FILE', 'replay bursty traffic: throttling, retries, drops, lag'],
  ['check FILE...', 'budgets and findings; exit 1 when a check fails (CI)'],
  ['diff OLD NEW', 'what changed between two workloads or saved reports'],
  ['init [FILE]', 'answer questions and get a commented workload file'],
  ['rightsize FILE...', 'right-size a running stream from CloudWatch exports'],
  ['pricing ...', 'list, show, fetch and import the unit prices'],
  ['schema', "the workload file's JSON Schema, for your editor"],
];

/** The welcome screen for `version`, as lines joined with newlines (ending in one). */
export function renderWelcome(version: string): string {
  const width = Math.max(...COMMANDS.map(([usage]) => usage.length)) + 2;
  return [
    `kinesis-plan ${version}`,
    'Size and price an Amazon Kinesis pipeline before you build it: shards, the cost',
    'of each capacity mode and, by simulation, how often it will be throttled.',
    '',
    'Three ways to start:',
    '  1. Plan an example (in a clone of the repository):',
    '       kinesis-plan examples/clickstream.yaml',
    '  2. Answer questions about your workload and get a commented file:',
    '       kinesis-plan init',
    '  3. Start from what you run: infrastructure code, or CloudWatch exports:',
    '       kinesis-plan init --from-iac main.tf',
    '       kinesis-plan rightsize metrics.json',
    '',
    'Commands:',
    ...COMMANDS.map(([usage, what]) => `  ${usage.padEnd(width)}${what}`),
    '',
    "kinesis-plan COMMAND --help lists a command's options; README.md has the rest.",
    '',
  ].join('\n');
}
