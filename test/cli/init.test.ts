import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confirm, input, select } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import { CANCELLED_MESSAGE, EXIT_CANCELLED, NO_TTY_MESSAGE, noPricesWarning, runInit, summarize, type InitDeps } from '../../src/cli/commands/init.js';
import { createPrompter, isPromptCancel, type PromptFunctions } from '../../src/cli/prompts.js';
import { readPricingFile } from '../../src/cli/pricing.js';
import { InputError } from '../../src/errors.js';
import { planWorkload } from '../../src/plan/index.js';
import { formatUsd } from '../../src/report/units.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { workloadSchema } from '../../src/workload/schema.js';
import { ROOT } from '../helpers/cli.js';

/**
 * The wizard is driven through the real @inquirer/prompts, rendered by @inquirer/testing: each scripted step names
 * the question it expects (a pattern on the message), then types keys into the prompt as a user would.
 */
type Step =
  | { kind: 'input'; ask: RegExp; attempts: string[]; errors: RegExp[] }
  | { kind: 'select'; ask: RegExp; pick: string | undefined }
  | { kind: 'confirm'; ask: RegExp; yes: boolean | undefined }
  | { kind: 'any'; ask: RegExp; cancel: true };

/** Types an answer and Enter; '' is Enter alone (the default). */
const type = (ask: RegExp, answer = ''): Step => ({ kind: 'input', ask, attempts: [answer], errors: [] });
/** Types each wrong answer, checks the error the prompt shows, clears it, then types the right one. */
const fix = (ask: RegExp, wrong: [string, RegExp][], right: string): Step => ({
  kind: 'input',
  ask,
  attempts: [...wrong.map(([a]) => a), right],
  errors: wrong.map(([, e]) => e),
});
const pick = (ask: RegExp, value?: string): Step => ({ kind: 'select', ask, pick: value });
const yes = (ask: RegExp): Step => ({ kind: 'confirm', ask, yes: true });
const no = (ask: RegExp): Step => ({ kind: 'confirm', ask, yes: false });
const cancel = (ask: RegExp): Step => ({ kind: 'any', ask, cancel: true });

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

class Driver {
  readonly asked: string[] = [];
  readonly screens: string[] = [];
  constructor(
    private readonly steps: Step[] | 'accept-defaults',
  ) {}

  get remaining(): number {
    return this.steps === 'accept-defaults' ? 0 : this.steps.length;
  }

  fns(): PromptFunctions {
    return {
      input: (config) => this.input(config),
      select: (config) => this.select(config),
      confirm: (config) => this.confirm(config),
    };
  }

  private next(kind: Step['kind'], message: string): Step | undefined {
    this.asked.push(message);
    if (this.steps === 'accept-defaults') return undefined;
    const step = this.steps.shift();
    if (!step) throw new Error(`unscripted ${kind} question: ${message}`);
    expect(message, `question ${this.asked.length}`).toMatch(step.ask);
    if (step.kind !== 'any') expect(kind, `kind of "${message}"`).toBe(step.kind);
    return step;
  }

  private cancelled(step: Step | undefined, events: { keypress: (k: { name: string; ctrl: boolean }) => void }): boolean {
    if (step?.kind !== 'any') return false;
    events.keypress({ name: 'c', ctrl: true });
    return true;
  }

  private async input(config: Parameters<PromptFunctions['input']>[0]): Promise<string> {
    const step = this.next('input', config.message);
    const { answer, events, getScreen } = await render(input, config);
    if (!this.cancelled(step, events) && step?.kind === 'input') {
      for (const [i, attempt] of step.attempts.entries()) {
        events.type(attempt);
        events.keypress('enter');
        const error = step.errors[i];
        if (error === undefined) break;
        let screen = '';
        for (let n = 0; n < 100 && !error.test(screen); n += 1) {
          await tick();
          screen = getScreen();
        }
        expect(screen, `error shown for "${attempt}"`).toMatch(error);
        this.screens.push(screen);
        for (let n = 0; n < attempt.length; n += 1) events.keypress('backspace');
      }
    } else if (step === undefined) {
      events.keypress('enter');
    }
    this.screens.push(getScreen());
    return answer;
  }

  private async select(config: Parameters<PromptFunctions['select']>[0]): Promise<string> {
    const step = this.next('select', config.message);
    const { answer, events, getScreen } = await render(select<string>, config as Parameters<typeof select<string>>[0]);
    this.screens.push(getScreen());
    if (!this.cancelled(step, events)) {
      const values = config.choices.map((c) => c.value);
      const from = Math.max(0, values.indexOf(config.default as string));
      const target = step?.kind === 'select' && step.pick !== undefined ? values.indexOf(step.pick) : from;
      expect(target, `choice ${step?.kind === 'select' ? step.pick : ''} among ${values.join(', ')}`).toBeGreaterThanOrEqual(0);
      for (let n = from; n < target; n += 1) events.keypress('down');
      for (let n = from; n > target; n -= 1) events.keypress('up');
      events.keypress('enter');
    }
    return answer;
  }

  private async confirm(config: Parameters<PromptFunctions['confirm']>[0]): Promise<boolean> {
    const step = this.next('confirm', config.message);
    const { answer, events } = await render(confirm, config);
    if (!this.cancelled(step, events)) {
      if (step?.kind === 'confirm' && step.yes !== undefined) events.type(step.yes ? 'y' : 'n');
      events.keypress('enter');
    }
    return answer;
  }
}

interface Run {
  code: number;
  out: string;
  err: string;
  driver: Driver;
}

async function drive(
  file: string | undefined,
  steps: Step[] | 'accept-defaults',
  opts: { from?: string; force?: boolean } = {},
  deps: Partial<InitDeps> = {},
): Promise<Run> {
  const driver = new Driver(steps);
  let out = '';
  let err = '';
  const code = await runInit(file, opts, {
    prompter: createPrompter(driver.fns(), (t) => t),
    isTTY: true,
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    ...deps,
  });
  expect(driver.remaining, 'every scripted step was asked').toBe(0);
  return { code, out, err, driver };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'kinesis-plan-init-'));

/** The questions of one simple stream up to the capacity mode, with the given record answers. */
const simpleStream = (records: Step[]): Step[] => [
  type(/^Stream name/),
  ...records,
  type(/^Distinct partition keys/, '50k'),
  type(/^Partition key length/),
  pick(/^How records spread/),
  pick(/^Producer aggregation/),
  yes(/^Does an application read this stream/),
  type(/^Consumer name/, 'analytics'),
  pick(/^How it reads/),
  type(/^Poll interval/),
  no(/^Add another consumer/),
  type(/^Retention/),
  pick(/^Capacity mode/),
  pick(/^Traffic shape to simulate/),
];

const ordersRecords = [type(/^Average record size/, '2 KiB'), type(/^Average write rate/, '3000/s'), type(/^Peak write rate/, '3x')];

const ordersExpected = {
  version: 1,
  name: 'orders',
  region: 'us-east-1',
  streams: [
    {
      name: 'orders',
      retention: '24h',
      records: { size: '2 KiB', rate: '3000/s', peak: '3x' },
      partitionKeys: { distinct: '50k', length: 36, distribution: 'uniform' },
      producer: { aggregation: 'none' },
      consumers: [{ name: 'analytics', type: 'polling' }],
    },
  ],
};

const noStagesNoBudget = [no(/^Add another stream/), no(/^Add a Firehose/), no(/^Add a Managed Service for Apache Flink/), no(/^Set a budget/)];

describe('kinesis-plan init', () => {
  it('simple path: one stream with defaults, plan summary, commented YAML that plans to the same workload', async () => {
    const dir = tmp();
    const file = join(dir, 'orders.yaml');
    const run = await drive(file, [type(/^Workload name/, 'orders'), type(/^AWS Region/), ...simpleStream(ordersRecords), ...noStagesNoBudget]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    const written = parseWorkload(text, file);
    expect(written).toEqual(workloadSchema.parse(ordersExpected));
    // Round trip through the planner: the file plans exactly as the answers do.
    expect(planWorkload(written)).toEqual(planWorkload(workloadSchema.parse(ordersExpected)));
    expect(text).toMatch(/^# Kinesis workload, written by `kinesis-plan init`/);
    expect(text).toContain('      # Average record payload size (the data blob, without the partition key).\n      size: 2 KiB\n');
    // Peak 3 × 3000 = 9000 records/s of 2048 B + a 36-character key = 18,756,000 B/s = 17.887 MiB/s; with 20%
    // headroom 21.46 MiB/s → at least 22 shards, bound by write throughput (records: 9000 × 1.2 / 1000 = 10.8 → 11;
    // one polling reader: 17.887 × 1.2 / 2 = 10.7 → 11). The planner may add shards for key skew (50k keys), so
    // the summary must print the plan's own count, which is at least 22.
    const required = planWorkload(written).streams[0]!.shards.required;
    expect(required).toBeGreaterThanOrEqual(22);
    expect(run.out).toContain(`  orders: ${required} shards at peak, bound by write throughput (1 MiB/s per shard); cheapest: `);
    expect(run.out).toMatch(/\n {2}Total: \$[\d,.]+ a month\n/);
    expect(run.out).toContain(`Wrote ${file}. Next: kinesis-plan plan ${file}`);
    // Short help from the schema on each question.
    expect(run.driver.asked).toContain(
      'Average record size (Average record payload size (the data blob, without the partition key); e.g. 512, 2 KiB, 1.5 MB)',
    );
    expect(readdirSync(dir)).toEqual(['orders.yaml']);
  });

  it('pipeline path: a stream, Firehose to S3 as Parquet, a Flink application and a budget', async () => {
    const dir = tmp();
    const file = join(dir, 'pipeline.yaml');
    const run = await drive(file, [
      type(/^Workload name/, 'clicks'),
      type(/^AWS Region/, 'eu-west-1'),
      type(/^Stream name/, 'clickstream'),
      type(/^Average record size/, '1 KiB'),
      type(/^Average write rate/, '3000/s'),
      type(/^Peak write rate/, '3x'),
      type(/^Distinct partition keys/, '50k'),
      type(/^Partition key length/),
      pick(/^How records spread/, 'zipf'),
      type(/^Zipf exponent/, '1.1'),
      pick(/^Producer aggregation/, 'kpl'),
      no(/^Does an application read this stream/),
      type(/^Retention/, '7d'),
      pick(/^Capacity mode/, 'provisioned'),
      pick(/^Traffic shape to simulate/, 'spikes'),
      no(/^Add another stream/),
      yes(/^Add a Firehose/),
      type(/^Firehose stream name/, 'clicks-to-s3'),
      pick(/^Source/, 'clickstream'),
      pick(/^Destination/, 's3'),
      pick(/^Format conversion/, 'parquet'),
      type(/^Delivered size as a share/, '25%'),
      type(/^Longest acceptable delivery latency/, '15min'),
      no(/^Add another Firehose stream/),
      yes(/^Add a Managed Service for Apache Flink/),
      type(/^Flink application name/, 'anomaly-detector'),
      pick(/^Source stream/, 'clickstream'),
      pick(/^How it reads the stream/, 'efo'),
      pick(/^How to size it/, 'throughputPerKpu'),
      type(/^Throughput one KPU sustains/, '2 MiB/s'),
      type(/^Application backups kept/, '10 GiB'),
      no(/^Add another Flink application/),
      yes(/^Set a budget/),
      type(/^Largest monthly cost/, '500'),
      type(/^Largest shard count/, '20'),
      type(/^Largest throttled share/, '0.1%'),
      type(/^Largest monthly increase against a baseline \(USD\)/),
      type(/^Largest monthly increase against a baseline \(%\)/, '10%'),
    ]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const expected = {
      version: 1,
      name: 'clicks',
      region: 'eu-west-1',
      streams: [
        {
          name: 'clickstream',
          retention: '7d',
          capacityMode: 'provisioned',
          records: { size: '1 KiB', rate: '3000/s', peak: '3x' },
          partitionKeys: { distinct: '50k', length: 36, distribution: 'zipf', zipfExponent: 1.1 },
          producer: { aggregation: 'kpl' },
          traffic: { rate: '3000/s', spikes: [{ at: '10min', length: '5min', factor: 3, ramp: '30s' }] },
        },
      ],
      firehose: [
        {
          name: 'clicks-to-s3',
          source: { stream: 'clickstream' },
          destination: 's3',
          formatConversion: 'parquet',
          outputRatio: '25%',
          target: { maxLatency: '15min' },
        },
      ],
      flink: [{ name: 'anomaly-detector', source: { stream: 'clickstream', type: 'efo' }, throughputPerKpu: '2 MiB/s', backups: '10 GiB' }],
      budget: { monthlyUsd: 500, maxShards: 20, maxThrottledShare: '0.1%', maxIncreasePercent: '10%' },
    };
    const written = parseWorkload(readFileSync(file, 'utf8'), file);
    expect(written).toEqual(workloadSchema.parse(expected));
    expect(planWorkload(written)).toEqual(planWorkload(workloadSchema.parse(expected)));
    expect(run.out).toContain('\nFirehose stream 1\n');
    // No prices ship for eu-west-1: the wizard warns at the Region question, before the stream questions, and the
    // summary says so instead of a cost.
    expect(run.out.indexOf(noPricesWarning('eu-west-1'))).toBeGreaterThanOrEqual(0);
    expect(run.out.indexOf(noPricesWarning('eu-west-1'))).toBeLessThan(run.out.indexOf('\nStream 1\n'));
    expect(run.out).toMatch(/\n {2}Costs left out: [^\n]*eu-west-1/);
    expect(run.out).toContain('\nFlink application 1\n');
  });

  it('shows a validation error as the answer is typed and accepts the corrected answer; cross-field errors re-ask', async () => {
    const dir = tmp();
    const file = join(dir, 'fixed.yaml');
    const run = await drive(file, [
      fix(/^Workload name/, [['my orders', /Workload names use letters, digits, "_", "." and "-" only/]], 'orders'),
      fix(/^AWS Region/, [['Frankfurt', /must be an AWS Region code such as us-east-1/]], 'eu-central-1'),
      ...simpleStream([
        fix(
          /^Average record size/,
          [
            // The messages and hints are the schema's own (src/workload/units.ts, src/workload/fields.ts).
            ['two kilobytes', /cannot read "two kilobytes" as a size \(a size such as 512, 2 KiB/],
            ['0', /must be greater than 0 B, got 0/],
          ],
          '2 KiB',
        ),
        fix(/^Average write rate/, [['fast', /cannot read "fast" as a rate/]], '3000/s'),
        // 100/s is a valid rate on its own; the stream check finds it below the average and asks the records again.
        type(/^Peak write rate/, '100/s'),
      ]).map((s) => s),
      type(/^Average record size/),
      type(/^Average write rate/),
      type(/^Peak write rate/, '3x'),
      ...noStagesNoBudget,
    ]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      '✖ streams[0].records.peak: the peak (100/s) is below the average rate (3000/s) (peak is the highest rate; give at least the average, or a factor such as 3x)',
    );
    const written = parseWorkload(readFileSync(file, 'utf8'), file);
    expect(written).toEqual(workloadSchema.parse({ ...ordersExpected, region: 'eu-central-1' }));
    // The error appeared on the prompt's own screen, under the typed answer.
    expect(run.driver.screens.some((s) => s.includes('two kilobytes') && s.includes('cannot read'))).toBe(true);
  });

  it('rejects a stream name that is already taken, on the spot', async () => {
    const dir = tmp();
    const file = join(dir, 'two.yaml');
    const second = simpleStream([type(/^Average record size/, '100'), type(/^Average write rate/, '10'), type(/^Peak write rate/)]);
    second[0] = fix(/^Stream name/, [['orders', /stream name "orders" is used twice/]], 'refunds');
    const run = await drive(file, [
      type(/^Workload name/, 'orders'),
      type(/^AWS Region/),
      ...simpleStream(ordersRecords),
      yes(/^Add another stream/),
      ...second,
      ...noStagesNoBudget,
    ]);
    expect(run.code).toBe(0);
    expect(parseWorkload(readFileSync(file, 'utf8'), file).streams.map((s) => s.name)).toEqual(['orders', 'refunds']);
  });

  it('Ctrl-C at any question: exit 130, a short message, nothing written', async () => {
    const dir = tmp();
    const file = join(dir, 'never.yaml');
    const run = await drive(file, [type(/^Workload name/, 'orders'), type(/^AWS Region/), type(/^Stream name/), cancel(/^Average record size/)]);
    expect(run.code).toBe(EXIT_CANCELLED);
    expect(run.err).toBe(CANCELLED_MESSAGE);
    expect(CANCELLED_MESSAGE).toBe('kinesis-plan: init cancelled; nothing written.\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('Ctrl-C at the last question (the budget) still writes nothing', async () => {
    const dir = tmp();
    const file = join(dir, 'never.yaml');
    const run = await drive(file, [
      type(/^Workload name/, 'orders'),
      type(/^AWS Region/),
      ...simpleStream(ordersRecords),
      no(/^Add another stream/),
      no(/^Add a Firehose/),
      no(/^Add a Managed Service for Apache Flink/),
      cancel(/^Set a budget/),
    ]);
    expect(run.code).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never overwrites an existing file without asking: declining asks for another name', async () => {
    const dir = tmp();
    const file = join(dir, 'taken.yaml');
    writeFileSync(file, 'keep me\n');
    const run = await drive(file, [
      no(/taken\.yaml exists\. Overwrite it/),
      type(/^File to write/),
      type(/^Workload name/, 'orders'),
      type(/^AWS Region/),
      ...simpleStream(ordersRecords),
      ...noStagesNoBudget,
    ]);
    expect(run.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    // The suggested free name is taken-2.yaml, beside the original.
    expect(readdirSync(dir).sort()).toEqual(['taken-2.yaml', 'taken.yaml']);
    expect(parseWorkload(readFileSync(join(dir, 'taken-2.yaml'), 'utf8'), 'x')).toEqual(workloadSchema.parse(ordersExpected));
  });

  it('overwrites when confirmed, and --force skips the question', async () => {
    const dir = tmp();
    const file = join(dir, 'taken.yaml');
    writeFileSync(file, 'old\n');
    const asked = await drive(file, [yes(/exists\. Overwrite it/), type(/^Workload name/, 'orders'), type(/^AWS Region/), ...simpleStream(ordersRecords), ...noStagesNoBudget]);
    expect(asked.code).toBe(0);
    expect(parseWorkload(readFileSync(file, 'utf8'), file).name).toBe('orders');
    writeFileSync(file, 'old\n');
    const forced = await drive(file, [type(/^Workload name/, 'orders'), type(/^AWS Region/), ...simpleStream(ordersRecords), ...noStagesNoBudget], { force: true });
    expect(forced.code).toBe(0);
    expect(forced.driver.asked.some((m) => m.includes('Overwrite'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['taken.yaml']);
  });

  it('asks for the file name when none is given, suggesting workload.yaml', async () => {
    const dir = tmp();
    const run = await drive(undefined, [type(/^File to write/, join(dir, 'asked.yaml')), type(/^Workload name/), type(/^AWS Region/), ...simpleStream(ordersRecords), ...noStagesNoBudget]);
    expect(run.code).toBe(0);
    expect(run.driver.asked[0]).toContain('File to write');
    // The workload name defaults to the file name.
    expect(parseWorkload(readFileSync(join(dir, 'asked.yaml'), 'utf8'), 'x').name).toBe('asked');
  });

  it.each([
    ['daily', { rate: '3000/s', daily: { amplitude: '50%', peakAt: '14h', startAt: '13h' } }],
    ['hourly', { rate: '3000/s', onOff: { on: '2min', off: '58min', onFactor: 3, offFactor: 1 } }],
    ['spikes', { rate: '3000/s', spikes: [{ at: '10min', length: '5min', factor: 3, ramp: '30s' }] }],
  ])('traffic shape %s: one question writes the preset around the average rate', async (preset, traffic) => {
    const dir = tmp();
    const file = join(dir, `${preset}.yaml`);
    const steps = simpleStream(ordersRecords);
    steps[steps.length - 1] = pick(/^Traffic shape to simulate/, preset);
    const run = await drive(file, [type(/^Workload name/, 'orders'), type(/^AWS Region/), ...steps, ...noStagesNoBudget]);
    expect(run.code).toBe(0);
    const written = parseWorkload(readFileSync(file, 'utf8'), file);
    expect(written.streams[0]!.traffic).toEqual(workloadSchema.parse({ ...ordersExpected, streams: [{ ...ordersExpected.streams[0], traffic }] }).streams[0]!.traffic);
    // The plan is the same: traffic shapes only change what a simulation offers.
    expect(planWorkload(written).streams[0]!.shards).toEqual(planWorkload(workloadSchema.parse(ordersExpected)).streams[0]!.shards);
  });

  it('--from a file with its own traffic block keeps it unless another shape is chosen', async () => {
    const dir = tmp();
    const from = join(dir, 'custom.yaml');
    const custom = { ...ordersExpected, streams: [{ ...ordersExpected.streams[0], traffic: { rate: '2000/s', heavyTail: { meanOn: '2s', meanOff: '30s', onFactor: 4 } } }] };
    writeFileSync(from, JSON.stringify(custom));
    const file = join(dir, 'again.yaml');
    const run = await drive(file, 'accept-defaults', { from });
    expect(run.code).toBe(0);
    expect(parseWorkload(readFileSync(file, 'utf8'), file).streams[0]!.traffic).toEqual(parseWorkload(JSON.stringify(custom), from).streams[0]!.traffic);
    expect(run.driver.asked).toContain('Traffic shape to simulate (what `kinesis-plan simulate` offers the stream; the plan itself sizes for the peak)');
  });

  const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml'));
  for (const example of examples) {
    it(`--from ${example}: every answer is pre-filled; Enter throughout writes the same workload`, async () => {
      const dir = tmp();
      const from = join(dir, example);
      copyFileSync(join(ROOT, 'examples', example), from);
      const file = join(dir, 'again.yaml');
      const run = await drive(file, 'accept-defaults', { from });
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      expect(parseWorkload(readFileSync(file, 'utf8'), file)).toEqual(parseWorkload(readFileSync(from, 'utf8'), from));
      // Every stream was walked through (name, records, keys, producer, consumers, retention, mode, another?).
      expect(run.driver.asked.length).toBeGreaterThanOrEqual(4 + 12 * parseWorkload(readFileSync(from, 'utf8'), from).streams.length);
    });
  }

  it('--from a file that is not a valid workload fails with its located error before any question', async () => {
    const dir = tmp();
    const from = join(dir, 'bad.yaml');
    writeFileSync(from, 'version: 1\nname: x\nstreams: []\n');
    const driver = new Driver([]);
    await expect(runInit(join(dir, 'out.yaml'), { from }, { prompter: createPrompter(driver.fns()), isTTY: true, out: () => {}, err: () => {} })).rejects.toThrow(
      InputError,
    );
    expect(driver.asked).toEqual([]);
    expect(existsSync(join(dir, 'out.yaml'))).toBe(false);
  });

  it('without a terminal: exit 2 and a message that points to the file format and `kinesis-plan schema`', async () => {
    const dir = tmp();
    let err = '';
    const code = await runInit(join(dir, 'x.yaml'), {}, { isTTY: false, err: (t) => (err += t), out: () => {} });
    expect(code).toBe(2);
    expect(err).toBe(NO_TTY_MESSAGE);
    expect(err).toContain('README');
    expect(err).toContain('`kinesis-plan schema`');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('prompts', () => {
  it('isPromptCancel knows inquirer\'s cancel errors and nothing else', async () => {
    const { answer, events } = await render(input, { message: 'x' });
    events.keypress({ name: 'c', ctrl: true });
    const e: unknown = await answer.catch((x: unknown) => x);
    expect(isPromptCancel(e)).toBe(true);
    expect(isPromptCancel(new Error('boom'))).toBe(false);
    expect(isPromptCancel('ExitPromptError')).toBe(false);
  });

  it('choose rejects an answer that is not one of the choices', async () => {
    const p = createPrompter({ input: () => Promise.resolve(''), confirm: () => Promise.resolve(true), select: () => Promise.resolve('other') });
    await expect(p.choose({ message: 'm', choices: [{ value: 'a' }] })).rejects.toThrow('not one of the choices');
  });
});

describe('summary', () => {
  const base = planWorkload(workloadSchema.parse(ordersExpected));
  const plan = { ...base, streams: base.streams.map((s) => ({ ...s, shards: { ...s.shards, required: 22, binding: 'writeBytes' as const } })), findings: [] };

  it('shows shards and the binding limit per stream, and why costs are missing when unpriced', () => {
    expect(summarize(plan)).toBe('\nPlan for orders (us-east-1)\n  orders: 22 shards at peak, bound by write throughput (1 MiB/s per shard)\n\n');
    expect(summarize(plan, 'no shipped prices for eu-west-1.')).toContain('  Costs left out: no shipped prices for eu-west-1.\n');
    expect(summarize({ ...plan, findings: [{ code: 'NO_PEAK_GIVEN', severity: 'warning', path: 'streams[0]', args: {} }] })).toContain(
      '  0 error(s), 1 warning(s): run kinesis-plan plan on the file for details\n',
    );
  });

  it('shows the cheapest mode, the mode as set when it differs, and the total, as the priced plan has them', async () => {
    const pricing = await readPricingFile(join(ROOT, 'pricing', readdirSync(join(ROOT, 'pricing')).find((f) => f.startsWith('us-east-1.'))!));
    const workload = workloadSchema.parse({ ...ordersExpected, streams: [{ ...ordersExpected.streams[0], capacityMode: 'on-demand-advantage' }] });
    const priced = planWorkload(workload, { pricing });
    const cost = priced.streams[0]!.cost!;
    expect(cost.planned.mode).toBe('on-demand-advantage');
    expect(cost.cheapest).not.toBe('on-demand-advantage');
    const text = summarize(priced);
    expect(text).toContain(
      `  orders: ${priced.streams[0]!.shards.required} shards at peak, bound by write throughput (1 MiB/s per shard); ` +
        `cheapest: ${cost.cheapest} at ${formatUsd(cost.comparison.monthlyUsd[cost.cheapest])} a month; ` +
        `as set (on-demand-advantage): ${formatUsd(cost.planned.monthlyUsd)} a month\n`,
    );
    expect(text).toContain(`  Total: ${formatUsd(priced.totals.monthlyUsd)} a month`);
  });
});
