import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import confirm from '@inquirer/confirm';
import input from '@inquirer/input';
import select from '@inquirer/select';
import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import { CANCELLED_MESSAGE, EXIT_CANCELLED, NO_TTY_MESSAGE, noPricesWarning, runInit, summarize, type InitDeps } from '../../src/cli/commands/init.js';
import { restates } from '../../src/cli/commands/init-wizard.js';
import { createPrompter, isPromptCancel, type PromptFunctions } from '../../src/cli/prompts.js';
import { readPricingFile } from '../../src/cli/pricing.js';
import { InputError } from '../../src/errors.js';
import { planWorkload } from '../../src/plan/index.js';
import { formatPercent, formatUsd } from '../../src/report/units.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { workloadSchema } from '../../src/workload/schema.js';
import { ROOT } from '../helpers/cli.js';

/**
 * The wizard is driven through the real @inquirer prompts, rendered by @inquirer/testing: each scripted step names
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
        // The prompt wraps long errors at the terminal's width: compare with the line breaks read as spaces.
        let screen = '';
        for (let n = 0; n < 100 && !error.test(screen); n += 1) {
          await tick();
          screen = getScreen().replace(/\s+/g, ' ');
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

/** The review's question; Enter (or "write") writes. */
const REVIEW = /^Number to change, or "write"/;
const write = () => type(REVIEW);
/** A stream added at the review, every question after its average rate left at its default, no consumer. */
const streamDefaultsAfterRate = (): Step[] => [
  type(/^Peak write rate/),
  type(/^Distinct partition keys/),
  type(/^Partition key length/),
  pick(/^How records spread/),
  pick(/^Producer aggregation/),
  no(/^Does an application read this stream/),
  type(/^Retention/),
  pick(/^Capacity mode/),
  pick(/^Traffic shape to simulate/),
];
/** The review list's numbers for a workload of one stream and no stages. */
const ITEM = { keys: '7', producer: '8', consumers: '9', retention: '10', mode: '11', traffic: '12', addStream: '13', addFirehose: '14', addFlink: '15', budget: '16' };

/** The simple path: ten answers for one stream read by one Kinesis consumer, a budget, and the review. */
const simplePath = (o: { name?: string; size?: string; rate?: string; peak?: string; budget?: string; review?: Step[] } = {}): Step[] => [
  type(/^Workload name/, o.name ?? 'orders'),
  type(/^AWS Region/),
  type(/^Average record size/, o.size ?? '2 KiB'),
  type(/^Average write rate/, o.rate ?? '3000/s'),
  type(/^Peak write rate/, o.peak ?? '3x'),
  type(/^How many applications read the stream/),
  pick(/^How does it read the stream/),
  pick(/^What else reads the stream/),
  type(/^Monthly budget \(USD\)/, o.budget ?? ''),
  ...(o.review ?? []),
  write(),
];

const ordersExpected = {
  version: 1,
  name: 'orders',
  region: 'us-east-1',
  streams: [{ name: 'orders', records: { size: '2 KiB', rate: '3000/s', peak: '3x' }, consumers: [{ name: 'consumer-1', type: 'polling' }] }],
};

/** No question's help says the question again, in other words or at its start. */
function expectHelpNotRepeating(asked: readonly string[]): void {
  const words = (t: string) => new Set(t.toLowerCase().match(/[a-z0-9]+/g) ?? []);
  for (const question of asked) {
    // "message (help)", where the message may hold its own parentheses ("(%)") and the help balanced ones.
    const whole = /^(.*?) \(((?:[^()]|\([^()]*\))*)\)$/.exec(question);
    if (!whole) continue;
    const m = [whole[0], whole[1]!, whole[2]!.split(';')[0]!];
    const q = words(m[1]!);
    const helpWords = [...words(m[2]!)].filter((w) => !['the', 'of', 'a', 'an', 'in', 'per', 'to'].includes(w));
    expect(helpWords.every((w) => q.has(w)), `help of "${question}" only restates it`).toBe(false);
    expect(m[2]!.toLowerCase().startsWith(m[1]!.toLowerCase()), `help of "${question}" starts with the question`).toBe(false);
  }
}

describe('kinesis-plan init', () => {
  it('simple path: at most 10 answers (22 before the review existed), "200k/10s" and "$2,000" as typed, defaults listed for review', async () => {
    const dir = tmp();
    const file = join(dir, 'fleet.yaml');
    const run = await drive(file, simplePath({ name: 'fleet', size: '1 KiB', rate: '200k/10s', budget: '$2,000' }));
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    // Every prompt the user answered, counted: name, Region, size, rate, peak, how many consumers, how they read,
    // what else reads the stream, the budget, and "write" at the review.
    expect(run.driver.asked).toHaveLength(10);
    const text = readFileSync(file, 'utf8');
    const written = parseWorkload(text, file);
    const expected = {
      version: 1,
      name: 'fleet',
      region: 'us-east-1',
      streams: [{ name: 'fleet', records: { size: '1 KiB', rate: '200k/10s', peak: '3x' }, consumers: [{ name: 'consumer-1', type: 'polling' }] }],
      budget: { monthlyUsd: '$2,000' },
    };
    expect(written).toEqual(workloadSchema.parse(expected));
    // 200k records every 10 s = 20,000 records/s; the budget is 2,000 USD.
    expect(written.streams[0]!.records.rate).toBe(20_000);
    expect(written.budget?.monthlyUsd).toBe(2000);
    expect(text).toContain('    rate: 200k/10s\n');
    expect(planWorkload(written)).toEqual(planWorkload(workloadSchema.parse(expected)));
    // The review lists answers and defaults, numbered.
    expect(run.out).toContain(
      [
        '\nThe workload (defaults marked; change any by its number):',
        '   1. Workload name: fleet',
        '   2. AWS Region: us-east-1',
        '   3. Stream name: fleet',
        '   4. Stream record size: 1 KiB',
        '   5. Stream average write rate: 200k/10s',
        '   6. Stream peak write rate: 3x',
        '   7. Stream partition keys: count not given, 36 characters, uniform (default)',
        '   8. Stream producer aggregation: none (default)',
        '   9. Stream consumers: consumer-1 (polling)',
        '  10. Stream retention: 24h (default)',
        '  11. Stream capacity mode: compare all three (default)',
        '  12. Stream traffic to simulate: steady',
        '  13. Add a stream',
        '  14. Add a Firehose delivery stream',
        '  15. Add a Flink application',
        '  16. Budget: $2,000 a month',
        '',
      ].join('\n'),
    );
    expect(run.out).toMatch(/\n {2}Total: \$[\d,.]+ a month, [^\n]+ your \$2,000\.00 budget\n/);
    expect(run.out).toContain(`Wrote ${file}. Next: kinesis-plan plan ${file}`);
    expect(readdirSync(dir)).toEqual(['fleet.yaml']);
  });

  it('help never repeats the question; the schema\'s description and examples are the help', async () => {
    const run = await drive(join(tmp(), 'orders.yaml'), simplePath());
    expect(run.driver.asked[0]).toBe('Workload name');
    expect(run.driver.asked).toContain(
      'Average record size (Average record payload size (the data blob, without the partition key); e.g. 512, 2 KiB, 1.5 MB)',
    );
    expect(run.driver.asked).toContain(
      'Average write rate (in records per second across the stream; e.g. 3000/s, 180k/min, 200k/10s)',
    );
    expect(run.driver.asked).toContain(
      'Peak write rate (a rate such as 9000/s, or a multiple of the average rate such as 3x; e.g. 9000/s, 3x; optional: Enter or "none" leaves it out)',
    );
    expectHelpNotRepeating(run.driver.asked);
    expect(restates('Workload name', 'Name of the workload.')).toBe(true);
  });

  it('shows a validation error as the answer is typed; a peak below the average is rejected at the peak question', async () => {
    const dir = tmp();
    const file = join(dir, 'fixed.yaml');
    const steps = simplePath();
    steps[0] = fix(/^Workload name/, [['my orders', /Workload names use letters, digits, "_", "." and "-" only/]], 'orders');
    steps[1] = fix(/^AWS Region/, [['Frankfurt', /must be an AWS Region code such as us-east-1/]], 'eu-central-1');
    steps[2] = fix(
      /^Average record size/,
      [
        // The messages and hints are the schema's own (src/workload/units.ts, src/workload/fields.ts).
        ['two kilobytes', /cannot read "two kilobytes" as a size \(a size such as 512, 2 KiB/],
        ['0', /must be greater than 0 B, got 0/],
      ],
      '2 KiB',
    );
    steps[3] = fix(/^Average write rate/, [['fast', /cannot read "fast" as a rate \(a rate such as 3000\/s, 3,000\/s, 1\.5k\/s, 180k\/min, 2\.5M\/h, 200k\/10s/]], '3,000/s');
    // 100/s is a valid rate on its own; the stream's own rule finds it below the average on the spot.
    steps[4] = fix(/^Peak write rate/, [['100/s', /the peak \(100\/s\) is below the average rate \(3000\/s\) \(peak is the highest rate/]], '3x');
    steps[8] = fix(/^Monthly budget/, [['two grand', /cannot read "two grand" as an amount in US dollars \(an amount in US dollars such as 2000, \$2,000 or \$2,000\.50\)/]], '$2,000.50');
    const run = await drive(file, steps);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const written = parseWorkload(readFileSync(file, 'utf8'), file);
    const expected = { ...ordersExpected, region: 'eu-central-1', streams: [{ ...ordersExpected.streams[0]!, records: { size: '2 KiB', rate: '3,000/s', peak: '3x' } }], budget: { monthlyUsd: 2000.5 } };
    expect(written).toEqual(workloadSchema.parse(expected));
    // The error appeared on the prompt's own screen, under the typed answer.
    expect(run.driver.screens.some((s) => s.includes('two kilobytes') && s.includes('cannot read'))).toBe(true);
    expect(run.driver.screens.some((s) => s.includes('100/s') && s.includes('is below the average rate'))).toBe(true);
  });

  it('a rule across fields runs as soon as both are known: 21 enhanced fan-out readers are refused at the choice', async () => {
    const dir = tmp();
    const file = join(dir, 'fanout.yaml');
    const steps = simplePath();
    steps.splice(5, 2, type(/^How many applications read the stream/, '21'), pick(/^How do they read the stream/, 'efo'), type(/^How many applications read the stream/, '2'), pick(/^How do they read the stream/));
    const run = await drive(file, steps);
    expect(run.code).toBe(0);
    // The stream schema's own rule (at most 20 enhanced fan-out consumers), shown before the next question.
    expect(run.out).toContain(
      '✖ streams[0].consumers: 21 enhanced fan-out consumers, but a provisioned or on-demand stream allows at most 20 (use at most 20, switch to capacityMode: on-demand-advantage (50), or use polling for some)\n',
    );
    // The second time the choice offers what was picked before.
    expect(parseWorkload(readFileSync(file, 'utf8'), file).streams[0]!.consumers.map((c) => [c.name, c.type])).toEqual([
      ['consumer-1', 'efo'],
      ['consumer-2', 'efo'],
    ]);
  });

  it('the review changes a field by its number and comes back to the list', async () => {
    const dir = tmp();
    const file = join(dir, 'orders.yaml');
    const run = await drive(
      file,
      simplePath({
        review: [
          type(REVIEW, ITEM.consumers),
          yes(/^Does an application read this stream/),
          type(/^Consumer name/, 'analytics'),
          pick(/^How it reads/, 'efo'),
          no(/^Add another consumer/),
          type(REVIEW, ITEM.retention),
          type(/^Retention/, '7d'),
          type(REVIEW, ITEM.keys),
          type(/^Distinct partition keys/, '50k'),
          type(/^Partition key length/),
          pick(/^How records spread/),
          fix(REVIEW, [['99', /a number from 1 to 16, or "write"/]], ITEM.traffic),
          pick(/^Traffic shape to simulate/, 'daily'),
        ],
      }),
    );
    expect(run.code).toBe(0);
    const written = parseWorkload(readFileSync(file, 'utf8'), file);
    const stream = {
      ...ordersExpected.streams[0]!,
      retention: '7d',
      partitionKeys: { distinct: '50k', length: 36, distribution: 'uniform' },
      consumers: [{ name: 'analytics', type: 'efo' }],
      traffic: { rate: '3000/s', daily: { amplitude: '50%', peakAt: '14h', startAt: '13h' } },
    };
    expect(written).toEqual(workloadSchema.parse({ ...ordersExpected, streams: [stream] }));
    // The list is shown again after each change, with the new values.
    expect(run.out).toContain('   9. Stream consumers: analytics (efo)\n');
    expect(run.out).toContain('  10. Stream retention: 7d\n');
    expect(run.out.split('The workload (defaults marked').length - 1).toBe(5);
  });

  it('Parquet sets the delivered-size default to 25 %, and the review states it as an assumption', async () => {
    const dir = tmp();
    const file = join(dir, 'iot.yaml');
    const steps = simplePath({ name: 'iot', size: '1 KiB', rate: '200k/10s', budget: '$2,000' });
    steps.splice(
      8,
      0,
      type(/^Firehose stream name/),
      pick(/^Source/),
      pick(/^Destination/, 's3'),
      pick(/^Format conversion/, 'parquet'),
      type(/^Delivered size as a share of the input/),
      type(/^Longest acceptable delivery latency/),
    );
    steps[7] = pick(/^What else reads the stream/, 'firehose');
    steps[5] = type(/^How many applications read the stream/, '2');
    steps[6] = pick(/^How do they read the stream/);
    const run = await drive(file, steps);
    expect(run.code).toBe(0);
    // The IoT fleet (one stream, two consumers, a Firehose stage to S3 as Parquet, a budget) took 37 answers;
    // now the short path's ten and the Firehose stage's six.
    expect(run.driver.asked).toHaveLength(16);
    expect(run.driver.asked).toContain('Delivered size as a share of the input (Delivered object size as a share of the buffered bytes (compression, Parquet/ORC encoding); e.g. 30%, 100%)');
    const written = parseWorkload(readFileSync(file, 'utf8'), file);
    expect(written.firehose[0]).toMatchObject({ name: 'iot-delivery', formatConversion: 'parquet', outputRatio: 0.25, source: { stream: 'iot' } });
    expect(run.out).toContain(
      '  14. Firehose iot-delivery: from iot to s3 as parquet, delivered 25% of the input (assumed for parquet: columnar encoding with compression; give your measured ratio if you have one)\n',
    );
    // The summary compares the plan's total with the budget and names the largest part, from the plan's own figures.
    const prices = await readPricingFile(join(ROOT, 'pricing', readdirSync(join(ROOT, 'pricing')).find((f) => f.startsWith('us-east-1.'))!));
    const t = planWorkload(written, { pricing: prices }).totals;
    const total = t.monthlyUsd!;
    const [what, part] = t.firehoseMonthlyUsd! > t.streamsMonthlyUsd! ? ['Firehose is', t.firehoseMonthlyUsd!] : ['the stream is', t.streamsMonthlyUsd!];
    const line = run.out.split('\n').find((l) => l.startsWith('  Total: '));
    expect(line).toMatch(/ your \$2,000\.00 budget; /);
    expect(line?.startsWith(`  Total: ${formatUsd(total)} a month, `)).toBe(true);
    expect(line?.endsWith(`; ${what} ${formatPercent(part / total)} of it`)).toBe(true);
  });

  it('Ctrl-C after some answers offers a draft; init --from DRAFT asks only the rest; exit 130', async () => {
    const dir = tmp();
    const file = join(dir, 'orders.yaml');
    const first = await drive(file, [...simplePath().slice(0, 5), cancel(/^How many applications/), type(/^Save your answers as a draft\?/)]);
    expect(first.code).toBe(EXIT_CANCELLED);
    const draft = join(dir, 'orders.draft.yaml');
    expect(first.err).toBe(`kinesis-plan: init cancelled; answers saved to ${draft}. Resume with: kinesis-plan init ${file} --from ${draft}\n`);
    expect(readdirSync(dir)).toEqual(['orders.draft.yaml']);
    const text = readFileSync(draft, 'utf8');
    expect(text).toContain(`# Resume with: kinesis-plan init ${file} --from ${draft}\n`);
    expect(text).toContain('      size: 2 KiB\n');
    // The draft is no workload file: plan refuses it; init resumes it.
    expect(() => parseWorkload(text, draft)).toThrow(InputError);
    expect(() => parseWorkload(text, draft)).toThrow(/unknown key "draft"\. Hint: this is a draft saved by a cancelled `kinesis-plan init`: finish it with `kinesis-plan init --from FILE`/);
    const resumed = await drive(undefined, simplePath().slice(5), { from: draft });
    expect(resumed.err).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.driver.asked).toHaveLength(5);
    expect(parseWorkload(readFileSync(file, 'utf8'), file)).toEqual(workloadSchema.parse(ordersExpected));
  });

  it('a second Ctrl-C at the draft offer, or "no", exits 130 and writes nothing', async () => {
    const dir = tmp();
    const file = join(dir, 'orders.yaml');
    const twice = await drive(file, [type(/^Workload name/, 'orders'), cancel(/^AWS Region/), cancel(/^Save your answers as a draft\?/)]);
    expect(twice.code).toBe(130);
    expect(twice.err).toBe(CANCELLED_MESSAGE);
    const declined = await drive(file, [type(/^Workload name/, 'orders'), cancel(/^AWS Region/), type(/^Save your answers as a draft\?/, 'no')]);
    expect(declined.code).toBe(130);
    expect(declined.err).toBe(CANCELLED_MESSAGE);
    // Ctrl-C before any answer: nothing to save, no offer.
    const early = await drive(file, [cancel(/^Workload name/)]);
    expect(early.code).toBe(130);
    expect(early.err).toBe(CANCELLED_MESSAGE);
    expect(CANCELLED_MESSAGE).toBe('kinesis-plan: init cancelled; nothing written.\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a draft goes where the user says, written atomically through the write helper', async () => {
    const dir = tmp();
    const file = join(dir, 'orders.yaml');
    const written: string[] = [];
    const where = join(dir, 'later.yaml');
    const run = await drive(file, [type(/^Workload name/, 'orders'), cancel(/^AWS Region/), type(/^Save your answers as a draft\?/, where)], {}, {
      writeFile: async (f, content) => {
        written.push(f);
        writeFileSync(f, content);
        return Promise.resolve();
      },
    });
    expect(run.code).toBe(130);
    expect(written).toEqual([where]);
    expect(readFileSync(where, 'utf8')).toContain('draft:\n  file: ');
  });

  it('Ctrl-C inside the Firehose questions keeps that stage\'s answers; init --from DRAFT offers them again', async () => {
    const dir = tmp();
    const file = join(dir, 'clicks.yaml');
    const first = await drive(file, [
      type(/^Workload name/, 'clicks'),
      type(/^AWS Region/),
      type(/^Average record size/, '1 KiB'),
      type(/^Average write rate/, '3000/s'),
      type(/^Peak write rate/),
      type(/^How many applications read the stream/, '0'),
      pick(/^What else reads the stream/, 'firehose'),
      type(/^Firehose stream name/, 'clicks-to-s3'),
      pick(/^Source/, 'clicks'),
      pick(/^Destination/, 's3'),
      pick(/^Format conversion/, 'parquet'),
      cancel(/^Delivered size as a share/),
      type(/^Save your answers as a draft\?/),
    ]);
    expect(first.code).toBe(EXIT_CANCELLED);
    const draft = join(dir, 'clicks.draft.yaml');
    const text = readFileSync(draft, 'utf8');
    expect(text).toContain('  pending:\n    list: firehose\n    index: 0\n');
    expect(text).toContain('name: clicks-to-s3');
    // Enter throughout: the stage's answers are the defaults, and "What else reads the stream" offers the stage again.
    const resumed = await drive(undefined, [
      pick(/^What else reads the stream/),
      type(/^Firehose stream name/),
      pick(/^Source/),
      pick(/^Destination/),
      pick(/^Format conversion/),
      type(/^Delivered size as a share/),
      type(/^Longest acceptable delivery latency/),
      type(/^Monthly budget/),
      write(),
    ], { from: draft });
    expect(resumed.err).toBe('');
    expect(resumed.code).toBe(0);
    const written = parseWorkload(readFileSync(file, 'utf8'), file);
    expect(written.firehose).toHaveLength(1);
    expect(written.firehose[0]).toMatchObject({ name: 'clicks-to-s3', source: { stream: 'clicks' }, destination: 's3', formatConversion: 'parquet' });
  });

  it('Ctrl-C inside a stream or a Flink application added at the review: the draft resumes inside it', async () => {
    const dir = tmp();
    const file = join(dir, 'orders.yaml');
    const draft = join(dir, 'orders.draft.yaml');
    const first = await drive(file, [
      ...simplePath().slice(0, -1),
      type(REVIEW, ITEM.addStream),
      type(/^Stream name/, 'refunds'),
      type(/^Average record size/, '100'),
      cancel(/^Average write rate/),
      type(/^Save your answers as a draft\?/),
    ]);
    expect(first.code).toBe(EXIT_CANCELLED);
    expect(readFileSync(draft, 'utf8')).toContain('  pending:\n    list: streams\n    index: 1\n');
    const second = await drive(undefined, [
      type(/^Stream name/),
      type(/^Average record size/),
      type(/^Average write rate/, '10'),
      ...streamDefaultsAfterRate(),
      type(REVIEW, '26'),
      type(/^Flink application name/, 'refund-check'),
      pick(/^Source stream/, 'refunds'),
      pick(/^How it reads the stream/, 'efo'),
      cancel(/^How to size it/),
      type(/^Save your answers as a draft\?/),
    ], { from: draft });
    expect(second.code).toBe(EXIT_CANCELLED);
    expect(second.out).toContain('  26. Add a Flink application\n');
    expect(readFileSync(draft, 'utf8')).toContain('  pending:\n    list: flink\n    index: 0\n');
    const third = await drive(undefined, [
      type(/^Flink application name/),
      pick(/^Source stream/),
      pick(/^How it reads the stream/),
      pick(/^How to size it/, 'kpus'),
      type(/^KPUs/, '2'),
      type(/^Application backups kept/),
      write(),
    ], { from: draft });
    expect(third.err).toBe('');
    expect(third.code).toBe(0);
    const written = parseWorkload(readFileSync(file, 'utf8'), file);
    expect(written.streams.map((s) => s.name)).toEqual(['orders', 'refunds']);
    expect(written.streams[1]!.records.size).toBe(100);
    expect(written.flink[0]).toMatchObject({ name: 'refund-check', source: { stream: 'refunds', type: 'efo' }, kpus: 2 });
  });

  it('the review removes a stream; the stages that read it follow another stream, go with it, or keep it', async () => {
    const dir = tmp();
    const from = join(dir, 'shop.yaml');
    writeFileSync(
      from,
      JSON.stringify({
        version: 1,
        name: 'shop',
        region: 'us-east-1',
        streams: [
          { name: 'orders', records: { size: '1 KiB', rate: '100/s' }, consumers: [{ name: 'billing', type: 'polling' }] },
          { name: 'refunds', records: { size: '1 KiB', rate: '10/s' } },
        ],
        firehose: [{ name: 'refunds-to-s3', source: { stream: 'refunds' }, destination: 's3' }],
        flink: [{ name: 'refund-check', source: { stream: 'refunds' }, kpus: 1 }],
      }),
    );
    const resumeFrom = [
      type(/^Workload name/),
      type(/^AWS Region/),
      type(/^Average record size/),
      type(/^Average write rate/),
      type(/^Peak write rate/),
      type(/^How many applications read the stream/),
      pick(/^How does it read the stream/),
      pick(/^What else reads the stream/),
      type(/^Monthly budget/),
    ];
    const REMOVE = '24';
    const file = join(dir, 'moved.yaml');
    const moved = await drive(file, [
      ...resumeFrom,
      type(REVIEW, REMOVE),
      pick(/^Stream to remove/, 'refunds'),
      pick(/^Firehose refunds-to-s3, Flink refund-check read refunds: what becomes of them\?/, ':keep'),
      type(REVIEW, REMOVE),
      pick(/^Stream to remove/, 'refunds'),
      pick(/read refunds: what becomes of them\?/, 'orders'),
      write(),
    ], { from });
    expect(moved.err).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.out).toContain(`  ${REMOVE}. Remove a stream\n`);
    expect(moved.out).toContain('  (Firehose refunds-to-s3, Flink refund-check now read orders)\n');
    // One stream left and no Direct PUT stage: the last stream cannot go, and the review no longer offers it.
    expect(moved.out.slice(moved.out.lastIndexOf('The workload (defaults marked'))).not.toContain('Remove a stream');
    const written = parseWorkload(readFileSync(file, 'utf8'), file);
    expect(written.streams.map((s) => s.name)).toEqual(['orders']);
    expect(written.firehose.map((f) => f.source)).toEqual([{ stream: 'orders' }]);
    expect(written.flink.map((f) => f.source.stream)).toEqual(['orders']);

    const file2 = join(dir, 'removed.yaml');
    const removed = await drive(file2, [
      ...resumeFrom,
      type(REVIEW, REMOVE),
      pick(/^Stream to remove/, 'refunds'),
      pick(/read refunds: what becomes of them\?/, ':remove'),
      write(),
    ], { from });
    expect(removed.code).toBe(0);
    expect(removed.out).toContain('  (removed Firehose refunds-to-s3, Flink refund-check with refunds)\n');
    const left = parseWorkload(readFileSync(file2, 'utf8'), file2);
    expect(left.streams.map((s) => s.name)).toEqual(['orders']);
    expect(left.firehose).toEqual([]);
    expect(left.flink).toEqual([]);
  });

  it('the last stream can go when a Direct PUT Firehose stage remains; a one-stream workload is not offered the removal', async () => {
    const dir = tmp();
    const from = join(dir, 'mixed.yaml');
    writeFileSync(
      from,
      JSON.stringify({
        version: 1,
        name: 'mixed',
        region: 'us-east-1',
        streams: [{ name: 'orders', records: { size: '1 KiB', rate: '100/s' }, consumers: [{ name: 'billing', type: 'polling' }] }],
        firehose: [{ name: 'logs', source: { directPut: { size: '1 KiB', rate: '50/s' } }, destination: 's3' }],
      }),
    );
    const file = join(dir, 'put.yaml');
    const run = await drive(file, [
      type(/^Workload name/),
      type(/^AWS Region/),
      type(/^Average record size/),
      type(/^Average write rate/),
      type(/^Peak write rate/),
      type(/^How many applications read the stream/),
      pick(/^How does it read the stream/),
      pick(/^What else reads the stream/),
      type(/^Monthly budget/),
      type(REVIEW, '14'),
      pick(/^Stream to remove/, 'orders'),
      write(),
    ], { from });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('  14. Remove a stream\n');
    const written = parseWorkload(readFileSync(file, 'utf8'), file);
    expect(written.streams).toEqual([]);
    expect(written.firehose.map((f) => f.name)).toEqual(['logs']);
    const simple = await drive(join(dir, 'one.yaml'), simplePath());
    expect(simple.out).not.toContain('Remove a stream');
  });

  it('a Firehose stage reading a stream of KPL aggregates: the review offers settings.firehoseKplBilling, last', async () => {
    const dir = tmp();
    const file = join(dir, 'kpl.yaml');
    const run = await drive(
      file,
      simplePath({
        review: [
          type(REVIEW, ITEM.producer),
          pick(/^Producer aggregation/, 'kpl'),
          type(REVIEW, ITEM.addFirehose),
          type(/^Firehose stream name/, 'orders-to-s3'),
          pick(/^Source/, 'orders'),
          pick(/^Destination/, 's3'),
          pick(/^Format conversion/, 'none'),
          pick(/^Compression/),
          type(/^Delivered size as a share/),
          type(/^Longest acceptable delivery latency/),
          type(REVIEW, '18'),
          pick(/^How Firehose bills the KPL aggregates it reads/, 'per-aggregate'),
        ],
      }),
    );
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const reviews = run.out.split('The workload (defaults marked');
    // Not offered before the stream aggregates with the KPL and a Firehose stage reads it.
    expect(reviews[1]).not.toContain('KPL aggregates');
    expect(reviews[3]).toContain('  18. Firehose billing of KPL aggregates: per-user-record (default) (AWS does not say which; docs/uncertain-facts.md)\n');
    expect(reviews[4]).toContain('  18. Firehose billing of KPL aggregates: per-aggregate (');
    expect(parseWorkload(readFileSync(file, 'utf8'), file).settings.firehoseKplBilling).toBe('per-aggregate');
  });

  it('pipeline: a stream, Firehose to S3 as Parquet, a Flink application and every budget limit, through the review', async () => {
    const dir = tmp();
    const file = join(dir, 'pipeline.yaml');
    const run = await drive(file, [
      type(/^Workload name/, 'clicks'),
      type(/^AWS Region/, 'eu-west-1'),
      type(/^Average record size/, '1 KiB'),
      type(/^Average write rate/, '3000/s'),
      type(/^Peak write rate/, '3x'),
      type(/^How many applications read the stream/, '0'),
      pick(/^What else reads the stream/, 'both'),
      type(/^Firehose stream name/, 'clicks-to-s3'),
      pick(/^Source/, 'clicks'),
      pick(/^Destination/, 's3'),
      pick(/^Format conversion/, 'parquet'),
      type(/^Delivered size as a share/, '30%'),
      type(/^Longest acceptable delivery latency/, '15min'),
      type(/^Flink application name/, 'anomaly-detector'),
      pick(/^Source stream/, 'clicks'),
      pick(/^How it reads the stream/, 'efo'),
      pick(/^How to size it/, 'throughputPerKpu'),
      type(/^Throughput one KPU sustains/, '2 MiB/s'),
      type(/^Application backups kept/, '10 GiB'),
      type(/^Monthly budget/, '500'),
      type(REVIEW, '3'),
      type(/^Stream name/, 'clickstream'),
      type(REVIEW, ITEM.keys),
      type(/^Distinct partition keys/, '50k'),
      type(/^Partition key length/),
      pick(/^How records spread/, 'zipf'),
      type(/^Zipf exponent/, '1.1'),
      type(REVIEW, ITEM.producer),
      pick(/^Producer aggregation/, 'kpl'),
      type(REVIEW, ITEM.retention),
      type(/^Retention/, '7d'),
      type(REVIEW, ITEM.mode),
      pick(/^Capacity mode/, 'provisioned'),
      type(REVIEW, ITEM.traffic),
      pick(/^Traffic shape to simulate/, 'spikes'),
      type(REVIEW, '18'),
      type(/^Monthly budget/),
      type(/^Largest shard count/, '20'),
      type(/^Largest throttled share/, '0.1%'),
      type(/^Largest monthly increase against a baseline \(USD\)/),
      type(/^Largest monthly increase against a baseline \(%\)/, '10%'),
      write(),
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
          outputRatio: '30%',
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
    expect(run.out).toContain('\nFlink application 1\n');
    expectHelpNotRepeating(run.driver.asked);
    // A ratio the user typed is no assumption.
    expect(run.out).toContain('Firehose clicks-to-s3: from clickstream to s3 as parquet, delivered 30% of the input\n');
    // No prices ship for eu-west-1: the wizard warns at the Region question, before the stream questions, and the
    // summary says so instead of a cost.
    expect(run.out.indexOf(noPricesWarning('eu-west-1'))).toBe(0);
    expect(run.out).toMatch(/\n {2}Costs left out: [^\n]*eu-west-1/);
  });

  it('a stream added at the review: a name that is already taken is rejected on the spot', async () => {
    const dir = tmp();
    const file = join(dir, 'two.yaml');
    const run = await drive(
      file,
      simplePath({
        review: [
          type(REVIEW, ITEM.addStream),
          fix(/^Stream name/, [['orders', /stream name "orders" is used twice/]], 'refunds'),
          type(/^Average record size/, '100'),
          type(/^Average write rate/, '10'),
          ...streamDefaultsAfterRate(),
        ],
      }),
    );
    expect(run.code).toBe(0);
    expect(parseWorkload(readFileSync(file, 'utf8'), file).streams.map((s) => s.name)).toEqual(['orders', 'refunds']);
    expect(run.out).toContain('   3. orders: name: orders\n');
  });

  it('never overwrites an existing file without asking: declining asks for another name', async () => {
    const dir = tmp();
    const file = join(dir, 'taken.yaml');
    writeFileSync(file, 'keep me\n');
    const run = await drive(file, [no(/taken\.yaml exists\. Overwrite it/), type(/^File to write/), ...simplePath()]);
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
    const asked = await drive(file, [yes(/exists\. Overwrite it/), ...simplePath()]);
    expect(asked.code).toBe(0);
    expect(parseWorkload(readFileSync(file, 'utf8'), file).name).toBe('orders');
    writeFileSync(file, 'old\n');
    const forced = await drive(file, simplePath(), { force: true });
    expect(forced.code).toBe(0);
    expect(forced.driver.asked.some((m) => m.includes('Overwrite'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['taken.yaml']);
  });

  it('asks for the file name when none is given, suggesting workload.yaml', async () => {
    const dir = tmp();
    const steps = simplePath();
    steps[0] = type(/^Workload name/);
    const run = await drive(undefined, [type(/^File to write/, join(dir, 'asked.yaml')), ...steps]);
    expect(run.code).toBe(0);
    expect(run.driver.asked[0]).toContain('File to write');
    // The workload name defaults to the file name.
    expect(parseWorkload(readFileSync(join(dir, 'asked.yaml'), 'utf8'), 'x').name).toBe('asked');
  });

  it.each([
    ['daily', { rate: '3000/s', daily: { amplitude: '50%', peakAt: '14h', startAt: '13h' } }],
    ['hourly', { rate: '3000/s', onOff: { on: '2min', off: '58min', onFactor: 3, offFactor: 1 } }],
    ['spikes', { rate: '3000/s', spikes: [{ at: '10min', length: '5min', factor: 3, ramp: '30s' }] }],
  ])('traffic shape %s: one question at the review writes the preset around the average rate', async (preset, traffic) => {
    const dir = tmp();
    const file = join(dir, `${preset}.yaml`);
    const run = await drive(file, simplePath({ review: [type(REVIEW, ITEM.traffic), pick(/^Traffic shape to simulate/, preset)] }));
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
    expect(run.out).toContain('  12. Stream traffic to simulate: as in the file\n');
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
      expect(run.driver.asked.at(-1)).toMatch(REVIEW);
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
    expect(summarize(plan, { unpricedReason: 'no shipped prices for eu-west-1.' })).toContain('  Costs left out: no shipped prices for eu-west-1.\n');
    expect(summarize({ ...plan, findings: [{ code: 'NO_PEAK_GIVEN', severity: 'warning', path: 'streams[0]', args: {} }] })).toContain(
      '  0 error(s), 1 warning(s): run kinesis-plan plan on the file for details\n',
    );
  });

  const priced = (streams: number, firehose: number, flink: number) => ({
    ...plan,
    totals: { ...plan.totals, monthlyUsd: streams + firehose + flink, streamsMonthlyUsd: streams, firehoseMonthlyUsd: firehose, flinkMonthlyUsd: flink, hasUnknownLines: false },
  });

  it('compares the total with the budget and names the largest part of the bill', () => {
    // $2,593.07 + $11,812.87 = $14,405.94; ÷ $2,000 = 7.20297 → 7.2×; $11,812.87 ÷ $14,405.94 = 0.819999 → 82%.
    expect(summarize(priced(2593.07, 11_812.87, 0), { budgetUsd: 2000 })).toContain('  Total: $14,405.94 a month, 7.2× your $2,000.00 budget; Firehose is 82% of it\n');
    // $1,100 + $400 = $1,500 ÷ $2,000 = 0.75 → 75%; the stream is $1,100 ÷ $1,500 = 73.3%.
    expect(summarize(priced(1100, 0, 400), { budgetUsd: 2000 })).toContain('  Total: $1,500.00 a month, 75% of your $2,000.00 budget; the stream is 73.3% of it\n');
    // $2,700 ÷ $2,000 = 1.35 → 35% over; Flink $2,000 ÷ $2,700 = 74.1%.
    expect(summarize(priced(700, 0, 2000), { budgetUsd: 2000 })).toContain('  Total: $2,700.00 a month, 35% over your $2,000.00 budget; Flink is 74.1% of it\n');
    // Only the stream costs anything: no part to name; no budget: no comparison.
    expect(summarize(priced(900, 0, 0))).toContain('  Total: $900.00 a month\n');
  });

  it('shows the cheapest mode, the mode as set when it differs, and the total, as the priced plan has them', async () => {
    const pricing = await readPricingFile(join(ROOT, 'pricing', readdirSync(join(ROOT, 'pricing')).find((f) => f.startsWith('us-east-1.'))!));
    const workload = workloadSchema.parse({ ...ordersExpected, streams: [{ ...ordersExpected.streams[0], capacityMode: 'on-demand-advantage' }] });
    const pricedPlan = planWorkload(workload, { pricing });
    const cost = pricedPlan.streams[0]!.cost!;
    expect(cost.planned.mode).toBe('on-demand-advantage');
    expect(cost.cheapest).not.toBe('on-demand-advantage');
    const text = summarize(pricedPlan);
    expect(text).toContain(
      `  orders: ${pricedPlan.streams[0]!.shards.required} shards at peak, bound by write throughput (1 MiB/s per shard); ` +
        `cheapest: ${cost.cheapest} at ${formatUsd(cost.comparison.monthlyUsd[cost.cheapest])} a month; ` +
        `as set (on-demand-advantage): ${formatUsd(cost.planned.monthlyUsd)} a month\n`,
    );
    expect(text).toContain(`  Total: ${formatUsd(pricedPlan.totals.monthlyUsd)} a month`);
  });
});
