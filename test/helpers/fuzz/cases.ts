import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ROOT } from '../cli.js';
import { mulberry32 } from '../random.js';

/**
 * The fuzzer's cases, from a seed: mutations of the examples, generated workloads with values from sane to extreme,
 * YAML edge cases, traces, pricing files, and every command with random flags. A case is data (arguments and the
 * files they name), so a failure can be saved as it is in the corpus (test/fixtures/fuzz-corpus/).
 */

/** One command line to run: `@name` in `args` stands for the path of `files[name]` in the case's folder. */
export interface FuzzCase {
  name: string;
  args: string[];
  files: Record<string, string>;
  /** Run as a real process (the default: in-process, through the CLI's main()). */
  isSpawned?: boolean;
  /** Corpus cases: what went wrong before the fix. */
  note?: string;
}

/** The fuzzer's draws (mulberry32, test/helpers/random.ts): the same seed gives the same cases. */
export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'));
const PRICING = readFileSync(join(ROOT, 'pricing/us-east-1.2026-11-22.json'), 'utf8');
const TRACES = ['get-metric-data-records-and-bytes.json', 'get-metric-statistics-unordered.json', 'incoming-unsorted.csv'].map((f) =>
  readFileSync(join(ROOT, 'test/fixtures/traces', f), 'utf8'),
);

/** Numbers from tame to hostile. */
const EXTREME_NUMBERS = [
  '0', '-1', '-0', '1e-300', '5e-324', '1e308', '1.7976931348623157e308', '1e400', '-1e400', '9007199254740993', '1e15', '1e12',
  '1e7', '10485760000', '10485760001', '.nan', '.inf', '-.inf', 'NaN', 'Infinity', '0x10', '1_000', '0.1', '3.5',
];
const UNIT_VALUES = [
  '2 KiB', '1 MiB', '10 MiB', '11 MiB', '1 TB', '3000/s', '180k/min', '1e9/s', '1e308/s', '4 MiB/s', '1e400 B/s', '100ms', '1s',
  '24h', '365d', '366d', '3650d', '1e9d', '0s', '20%', '1000%', '1e308%', '5%/month', '3x', '1e7x', '0.5x', '50k', '1.2M', '1e300M',
];
const STRANGE = ['', ' ', '~', 'null', '[]', '{}', '"x"', 'true', 'yes', '!!binary AAAA', '*nope', '&a 1', '|\n  text', '"\\u0000"', 'x'.repeat(300)];

/** How often a generated field is not its tame value: a case is tame or hostile as a whole. */
let hostility = 0.3;

function value(rng: Rng, tame: () => unknown): unknown {
  const r = rng.next() / hostility;
  if (r >= 1) return tame();
  if (r < 0.4) return Number(rng.pick(EXTREME_NUMBERS)) || rng.pick(EXTREME_NUMBERS);
  if (r < 0.8) return rng.pick(UNIT_VALUES);
  return rng.pick(STRANGE);
}

const between = (rng: Rng, lo: number, hi: number) => lo + rng.next() * (hi - lo);

/** A workload built from scratch: mostly valid, each field sometimes extreme. */
function generatedWorkload(rng: Rng): Record<string, unknown> {
  const streams = Array.from({ length: 1 + rng.int(3) }, (_, i) => {
    const s: Record<string, unknown> = {
      name: `s${i}`,
      records: {
        size: value(rng, () => `${Math.round(between(rng, 10, 4000))} B`),
        rate: value(rng, () => `${Math.round(between(rng, 1, 20_000))}/s`),
        ...(rng.chance(0.5) ? { peak: value(rng, () => `${Math.round(between(rng, 1, 5))}x`) } : {}),
        ...(rng.chance(0.2) ? { growth: value(rng, () => '5%/month') } : {}),
      },
    };
    if (rng.chance(0.4)) {
      s.partitionKeys = rng.pick([
        { distinct: value(rng, () => Math.round(between(rng, 1, 100_000))) },
        { distribution: 'zipf', distinct: value(rng, () => 10_000), zipfExponent: value(rng, () => 1.1) },
        { distribution: 'hot-keys', distinct: 1000, hotKeys: [{ key: 'tenant-1', share: value(rng, () => '20%') }] },
        { pattern: rng.pick(['d-{1..2000}', 'd-{1..99999999999}', `${'x'.repeat(250)}{1..99999}`, '{1..9}{1..9}{1..9}{1..9}{1..9}{1..9}{1..9}{1..9}{1..9}']) },
        { keys: Array.from({ length: 1 + rng.int(20) }, (_, k) => `k${k}`) },
      ]);
    }
    if (rng.chance(0.3)) s.producer = { aggregation: 'kpl', recordMaxBufferedTime: value(rng, () => '100ms'), instances: value(rng, () => 4) };
    if (rng.chance(0.4)) {
      s.consumers = Array.from({ length: 1 + rng.int(3) }, (_, c) =>
        rng.chance(0.5) ? { name: `c${c}`, type: 'efo' } : { name: `c${c}`, type: 'polling', pollInterval: value(rng, () => '1s') },
      );
    }
    if (rng.chance(0.3)) s.capacityMode = rng.pick(['provisioned', 'on-demand', 'on-demand-advantage']);
    if (rng.chance(0.15)) s.shards = value(rng, () => 1 + rng.int(50));
    if (rng.chance(0.15)) s.onDemand = { previousPeak: value(rng, () => '8 MiB/s') };
    if (rng.chance(0.1)) s.headroom = value(rng, () => '20%');
    if (rng.chance(0.35)) {
      s.traffic = rng.pick([
        { daily: { amplitude: value(rng, () => '50%') } },
        { onOff: { on: value(rng, () => '10s'), off: value(rng, () => '50s'), onFactor: value(rng, () => 3) } },
        { heavyTail: { meanOn: value(rng, () => '2s'), meanOff: value(rng, () => '20s'), onFactor: value(rng, () => 2) } },
        { spikes: [{ at: value(rng, () => '1min'), length: value(rng, () => '30s'), factor: value(rng, () => 4) }] },
        { pulses: [{ at: value(rng, () => '10s'), records: value(rng, () => 5000) }] },
        { client: { model: rng.pick(['put-records', 'put-record-sdk', 'none', 'kpl']), maxRetries: value(rng, () => 3) } },
        { client: { workers: value(rng, () => 4), roundTrip: value(rng, () => '20ms') } },
      ]);
    }
    return s;
  });
  const w: Record<string, unknown> = { version: rng.chance(hostility / 4) ? value(rng, () => 1) : 1, name: 'fuzz', streams };
  if (rng.chance(0.2)) w.firehose = [{ name: 'f', source: { stream: 's0' }, destination: 's3', buffer: { interval: value(rng, () => '60s') } }];
  if (rng.chance(0.15)) w.flink = [{ name: 'a', source: { stream: 's0' }, throughputPerKpu: value(rng, () => '2 MiB/s') }];
  if (rng.chance(0.3)) w.budget = { monthlyUsd: value(rng, () => 1000), maxThrottledShare: value(rng, () => '1%') };
  return w;
}

/** Line-level mutations of a YAML text. */
function mutateText(rng: Rng, text: string): string {
  let lines = text.split('\n');
  for (let m = 1 + rng.int(3); m > 0; m -= 1) {
    const i = rng.int(lines.length);
    const line = lines[i] ?? '';
    switch (rng.int(9)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, line);
        break;
      case 2:
        lines[i] = line.replace(/:\s+\S.*$/, `: ${String(value(rng, () => rng.pick(UNIT_VALUES)))}`);
        break;
      case 3:
        lines[i] = ` ${line}`;
        break;
      case 4:
        lines[i] = line.replace(/^(\s*)(\w)/, `$1${rng.pick(['x', 'q', ''])}$2`);
        break;
      case 5:
        lines[i] = `${line}\t`;
        break;
      case 6:
        lines = lines.slice(0, i);
        break;
      case 7:
        lines[i] = line.replace(/(\w+):/, (_m, k: string) => `${k.slice(0, -1)}${k.slice(-1) === 'e' ? 'a' : 'e'}:`);
        break;
      default:
        lines.splice(i, 0, `${(/^\s*/.exec(line) ?? [''])[0]}${rng.pick(['x: *nope', 'x: &a [1, 2]', 'x: !!set {a}', '- 1', '? complex'])}`);
    }
  }
  return lines.join('\n');
}

/** YAML shapes that have broken parsers before. */
function yamlEdge(rng: Rng): string {
  const base = rng.pick(EXAMPLES);
  const bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 6 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`)].join('\n');
  return rng.pick([
    '',
    '# only a comment\n',
    '\uFEFF' + base,
    base.replace(/\n/g, '\r\n'),
    `${base}\n---\n${base}`,
    `${bomb}\n${base}`,
    `x: ${'['.repeat(2000)}${']'.repeat(2000)}\n${base}`,
    `${base.replace('version: 1', 'version: *v')}`,
    `&v version: 1\n${base}`,
    '- just\n- a list\n',
    '42\n',
    `${base}\n${base}`,
    base.replace(/ {2}/g, '\t'),
    `${base}\u0000`,
    base.replace('name:', '"na\\u0000me":'),
    `${base}\ndescription: !!binary ${'A'.repeat(64)}\n`,
    `{ version: 1, name: x, streams: [{ name: s, records: { size: 1, rate: 1 } }], streams: [] }`,
    base.replace(/records:/, 'records: &r').replace(/consumers:/, 'consumers: *r\n    other:'),
  ]);
}

function trace(rng: Rng): string {
  if (rng.chance(0.5)) return mutateText(rng, rng.pick(TRACES));
  const rows = Array.from({ length: 1 + rng.int(6) }, (_, i) => {
    const t = rng.pick([`${i * 60}`, `2026-05-01T12:0${i}:00Z`, `${i}`, '0', '2026-13-45T00:00:00Z', `${1e11 + i}`, '1970-01-01T00:00:00Z']);
    return `${t},${String(value(rng, () => Math.round(between(rng, 0, 10_000))))}`;
  });
  return ['timestamp,records', ...rows].join('\n');
}

function pricing(rng: Rng): string {
  return rng.pick([
    PRICING.replace(/"usd": [0-9.]+/, `"usd": ${rng.pick(['-1', '1e400', '"x"', 'null'])}`),
    PRICING.replace(/"effectiveDate": "[^"]+"/, `"effectiveDate": "${rng.pick(['2026-13-45', 'not a date', '2026-02-30'])}"`),
    PRICING.replace(/,\n/, ',,\n'),
    PRICING.slice(0, rng.int(PRICING.length)),
    PRICING.replace(/}\s*$/, '},'),
  ]);
}

const FORMATS = ['text', 'json', 'markdown'];
const DURATIONS = ['30s', '1min', '2min', '5min', '10min', '455d', '456d', '0s', '-1s', 'forever', '1e9s'];
const FLAG_VALUES = ['0', '1', '3', '10000', '10001', '1e9', '-1', 'x', '4294967296', '0.5', '100%', '101%', '1ms', '0.3s'];

/** A flag's value: one of `good` mostly, anything sometimes. */
function flag(rng: Rng, good: readonly string[], bad: readonly string[] = FLAG_VALUES): string {
  return rng.chance(hostility / 2) ? rng.pick(bad) : rng.pick(good);
}

/** Flags for a simulation, mostly sane, sometimes not. */
function simulateFlags(rng: Rng): string[] {
  const flags = ['--duration', flag(rng, ['30s', '1min', '2min'], DURATIONS)];
  if (rng.chance(0.3)) flags.push('--seed', flag(rng, ['1', '7', '4294967295']));
  if (rng.chance(0.2)) flags.push('--shards', flag(rng, ['1', '2', '16', '10000']));
  if (rng.chance(0.15)) flags.push('--step', flag(rng, ['100ms', '50ms', '1s']));
  if (rng.chance(0.15)) flags.push('--mode', flag(rng, ['provisioned', 'on-demand'], ['dedicated']));
  if (rng.chance(0.15)) flags.push('--client', rng.pick(['put-records', 'put-record-sdk', 'kpl', 'none']));
  if (rng.chance(0.1)) flags.push('--burst-seconds', flag(rng, ['1', '2']));
  if (rng.chance(0.1)) flags.push('--find-shards', '--max-throttled-share', flag(rng, ['1%', '0', '50%']));
  return flags;
}

/** A case: a workload (or other input) and a command line over it. */
export function fuzzCase(rng: Rng, index: number): FuzzCase {
  const kind = rng.pick(['mutated', 'mutated', 'generated', 'generated', 'generated', 'yaml', 'trace', 'pricing', 'flags']);
  // Half the generated workloads are tame (most fields valid, so that cases reach the planner and the simulator).
  hostility = rng.chance(0.5) ? 0.02 : 0.3;
  let workload: string;
  if (kind === 'mutated') workload = rng.chance(0.3) ? rng.pick(EXAMPLES) : mutateText(rng, rng.pick(EXAMPLES));
  else if (kind === 'generated') workload = stringify(generatedWorkload(rng));
  else if (kind === 'yaml') workload = yamlEdge(rng);
  else workload = rng.pick(EXAMPLES);
  const files: Record<string, string> = { 'w.yaml': workload };
  const command = rng.pick(['plan', 'plan', 'plan', 'simulate', 'simulate', 'check', 'diff']);
  let args: string[];
  if (kind === 'trace') {
    files['t.csv'] = trace(rng);
    args = ['simulate', '@w.yaml', '--trace', '@t.csv', '--format', 'json', '--duration', rng.pick(['1min', '10min'])];
  } else if (kind === 'pricing') {
    files['p.json'] = pricing(rng);
    const priced = rng.pick(['plan', 'check', 'diff']);
    args = [priced, '@w.yaml', ...(priced === 'diff' ? ['@w.yaml'] : []), '--pricing', '@p.json', '--format', 'json'];
  } else if (command === 'plan') {
    args = ['plan', '@w.yaml', '--format', rng.pick(FORMATS)];
    if (kind === 'flags' || rng.chance(0.1)) args.push('--month-hours', flag(rng, ['730', '744', '672'], ['745', '0', 'x', '1e400']));
  } else if (command === 'simulate') {
    args = ['simulate', '@w.yaml', '--format', rng.pick(['json', 'json', 'text', 'markdown']), ...simulateFlags(rng)];
  } else if (command === 'check') {
    args = ['check', '@w.yaml', '--format', rng.pick(['json', 'text', 'github']), '--sim-duration', flag(rng, ['30s', '1min'], DURATIONS)];
    if (rng.chance(0.3)) args.push('--max-throttled-share', flag(rng, ['1%', '5%']));
    if (rng.chance(0.2)) args.push('--max-shards', flag(rng, ['5', '100']));
  } else {
    files['old.yaml'] = rng.pick(EXAMPLES);
    args = ['diff', '@old.yaml', '@w.yaml', '--format', rng.pick(FORMATS)];
  }
  return { name: `${index}-${kind}-${args[0]!}`, args, files };
}
