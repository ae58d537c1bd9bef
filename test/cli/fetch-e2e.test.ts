import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/commands/pricing-fetch.js';
import { downloadText, offerUrl } from '../../src/cli/fetch.js';
import { ROOT, runCliAsync } from '../helpers/cli.js';

/**
 * `kinesis-plan pricing fetch` end to end against a real HTTP server on 127.0.0.1 (node:http, in this process) that
 * serves offer files laid out as AWS's Price List bulk files are (`/offers/v1.0/aws/<code>/current/<region>/index.json`):
 * the realistic fixtures of test/fixtures/offers, and slow, stalled, truncated, missing and malformed answers. Every
 * failure writes nothing; a success writes pricing/<region>.<publicationDate>.json that plans the examples to the cent
 * of the shipped file. Run `npm run build` first: these tests spawn bin/kinesis-plan.js.
 */

type Offer = {
  offerCode: string;
  publicationDate: string;
  products: Record<string, { attributes: Record<string, string> }>;
};

const CODES = ['AmazonKinesis', 'AmazonKinesisFirehose', 'AmazonKinesisAnalytics'] as const;
/** The fetched offers are published after the shipped file's date, so that plans take them as the newest. */
const PUBLISHED = '2026-11-30T00:00:00Z';

function fixture(name: string): Offer {
  return JSON.parse(readFileSync(join(ROOT, 'test/fixtures/offers', name), 'utf8')) as Offer;
}

/**
 * The offer of a service in a Region as the server sends it. us-east-1 is the fixture; eu-west-1 is the same file
 * moved there (regionCode, location, the `EU-` prefix AWS gives its usagetypes): its prices are illustrative, us-east-1's.
 */
function offerOf(code: string, region: string): Offer | undefined {
  if (!(CODES as readonly string[]).includes(code) || (region !== 'us-east-1' && region !== 'eu-west-1')) return undefined;
  const offer = fixture(`${code}.us-east-1.json`);
  offer.publicationDate = PUBLISHED;
  if (region === 'eu-west-1') {
    for (const p of Object.values(offer.products)) {
      p.attributes.regionCode = 'eu-west-1';
      p.attributes.location = 'EU (Ireland)';
      p.attributes.usagetype = `EU-${p.attributes.usagetype!.replace(/^USE1-/, '')}`;
    }
  }
  return offer;
}

const BIG_BYTES = 2 * 1024 * 1024;
const pending = new Set<ServerResponse>();
let server: Server;
let base = '';

/** `/<mode>/offers/v1.0/aws/<code>/current/<region>/index.json` → what that mode answers. */
function handle(req: IncomingMessage, res: ServerResponse): void {
  const m = /^\/([a-z-]+)\/offers\/v1\.0\/aws\/([A-Za-z]+)\/current\/([a-z0-9-]+)\/index\.json$/.exec(req.url ?? '');
  const offer = m ? offerOf(m[2]!, m[3]!) : undefined;
  const mode = m?.[1];
  if (!m || !offer || (mode === 'missing-firehose' && m[2] === 'AmazonKinesisFirehose')) {
    res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
    return;
  }
  const body = Buffer.from(mode === 'big' ? `${JSON.stringify(offer)}${' '.repeat(BIG_BYTES)}` : JSON.stringify(offer, null, 2));
  const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };
  switch (mode) {
    case 'ok':
    case 'big':
    case 'missing-firehose':
      res.writeHead(200, headers).end(body);
      return;
    case 'slow': {
      // Five parts, 150 ms apart: slower than one read, well within a timeout of 2 s between parts.
      res.writeHead(200, headers);
      const step = Math.ceil(body.length / 5);
      let i = 0;
      const next = () => {
        res.write(body.subarray(i * step, (i + 1) * step));
        i += 1;
        if (i < 5) setTimeout(next, 150);
        else res.end();
      };
      next();
      return;
    }
    case 'stalled':
      // Half the body, then nothing: the client gives up after its timeout.
      pending.add(res);
      res.writeHead(200, headers).write(body.subarray(0, body.length >> 1));
      return;
    case 'truncated':
      // The length of the whole, a third of the body, then the connection drops.
      res.writeHead(200, headers);
      res.write(body.subarray(0, Math.floor(body.length / 3)), () => res.socket?.destroy());
      return;
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' }).end('{ "formatVersion": "v1.0", "offerCode": "AmazonKinesis", "products": ');
      return;
    case 'not-an-offer':
      res.writeHead(200, { 'content-type': 'application/json' }).end('{ "message": "Hello" }');
      return;
    default:
      res.writeHead(500).end();
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of pending) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const tmp = () => mkdtempSync(join(tmpdir(), 'kp-fetch-'));
const fetchIn = (cwd: string, mode: string, ...args: string[]) => runCliAsync(['pricing', 'fetch', ...args, '--source', `${base}/${mode}`], { cwd });

describe('pricing fetch', () => {
  it('downloads the three offers of a Region, imports them and writes pricing/<region>.<publicationDate>.json', async () => {
    const cwd = tmp();
    const r = await fetchIn(cwd, 'ok', 'us-east-1');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').at(-2)).toBe('kinesis-plan: wrote pricing/us-east-1.2026-11-30.json (us-east-1: Kinesis, Firehose, Flink prices, effective 2026-11-30)');
    expect(readdirSync(cwd)).toEqual(['pricing']);
    expect(readdirSync(join(cwd, 'pricing'))).toEqual(['us-east-1.2026-11-30.json']);
    const written = JSON.parse(readFileSync(join(cwd, 'pricing/us-east-1.2026-11-30.json'), 'utf8')) as {
      region: string;
      effectiveDate: string;
      kinesis: { provisioned: { shardHour: { source: string; retrieved: string } } };
    };
    expect(written.region).toBe('us-east-1');
    expect(written.kinesis.provisioned.shardHour.source).toMatch(
      new RegExp(`^${base.replace(/[.]/g, '\\.')}/ok/offers/v1\\.0/aws/AmazonKinesis/current/us-east-1/index\\.json \\(SKU [0-9A-Z]{16}\\)$`),
    );
    // Downloaded today (the tests' today, 2026-12-01).
    expect(written.kinesis.provisioned.shardHour.retrieved).toBe('2026-12-01');
  });

  it('the fetched file, with the same prices, plans every example to the cent of the shipped file, as the newest file', async () => {
    const cwd = tmp();
    expect((await fetchIn(cwd, 'ok', 'us-east-1')).code).toBe(0);
    const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml'));
    expect(examples.length).toBeGreaterThanOrEqual(5);
    /** Every monthly dollar figure of a report, by its path, to the cent. */
    const cents = (text: string): Record<string, number> => {
      const out: Record<string, number> = {};
      const walk = (node: unknown, path: string) => {
        if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
        else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
        else if (typeof node === 'number' && /usd/i.test(path.split('.').at(-1)!)) out[path] = Math.round(node * 100);
      };
      const { streams, firehose, flink, totals } = JSON.parse(text) as Record<string, unknown>;
      walk({ streams, firehose, flink, totals }, '');
      return out;
    };
    for (const example of examples) {
      const shipped = await runCliAsync(['plan', `examples/${example}`, '--format', 'json']);
      const fetched = await runCliAsync(['plan', join(ROOT, 'examples', example), '--format', 'json'], { cwd });
      expect(fetched.code).toBe(0);
      expect((JSON.parse(fetched.stdout) as { pricing: { label: string } }).pricing.label).toBe('./pricing/us-east-1.2026-11-30.json');
      const figures = cents(fetched.stdout);
      expect(Object.keys(figures).length).toBeGreaterThan(5);
      expect(figures).toEqual(cents(shipped.stdout));
    }
    const list = await runCliAsync(['pricing', 'list'], { cwd });
    expect(list.stdout).toMatch(/│ us-east-1 │ 2026-11-30 │ 1 day +│ kinesis, firehose, flink │ \.\/pricing │/);
    expect(list.stdout).toMatch(/│ us-east-1 │ 2026-11-22 │ 9 days +│ kinesis, firehose, flink │ shipped +│/);
  });

  it('a Region with no shipped prices: fetched, its workloads are priced', async () => {
    const cwd = tmp();
    const r = await fetchIn(cwd, 'ok', 'eu-west-1');
    expect(r.code).toBe(0);
    const workload = join(cwd, 'eu.yaml');
    const text = readFileSync(join(ROOT, 'examples/clickstream.yaml'), 'utf8').replace(/^region: .*$/m, 'region: eu-west-1');
    await import('node:fs').then((fs) => fs.writeFileSync(workload, text));
    const plan = await runCliAsync(['plan', workload, '--format', 'json'], { cwd });
    const report = JSON.parse(plan.stdout) as { pricing: { region: string; label: string }; totals: { monthlyUsd: number }; findings: { code: string }[] };
    expect(report.pricing).toMatchObject({ region: 'eu-west-1', label: './pricing/eu-west-1.2026-11-30.json' });
    expect(report.totals.monthlyUsd).toBeGreaterThan(0);
    expect(report.findings.map((f) => f.code)).not.toContain('PRICES_NOT_FOUND');
  });

  it('fetches several Regions at once; --output is for one Region only', async () => {
    const cwd = tmp();
    const r = await fetchIn(cwd, 'ok', 'us-east-1', 'eu-west-1');
    expect(r.code).toBe(0);
    expect(readdirSync(join(cwd, 'pricing'))).toEqual(['eu-west-1.2026-11-30.json', 'us-east-1.2026-11-30.json']);
    const both = await fetchIn(cwd, 'ok', 'us-east-1', 'eu-west-1', '--output', 'x.json');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^kinesis-plan: --output names one file, but 2 Regions were given/);
    const one = await fetchIn(cwd, 'ok', 'eu-west-1', '--output', 'mine.json');
    expect(one.code).toBe(0);
    expect(one.stderr).toContain('kinesis-plan: wrote mine.json (eu-west-1: ');
  });

  it('a slow server that keeps sending is waited for', async () => {
    const cwd = tmp();
    const r = await fetchIn(cwd, 'slow', 'us-east-1', '--timeout', '2s');
    expect(r.code).toBe(0);
    expect(readdirSync(join(cwd, 'pricing'))).toEqual(['us-east-1.2026-11-30.json']);
  });

  const failures: [string, string[], RegExp][] = [
    [
      'a server that stops sending: given up after --timeout',
      ['stalled', 'us-east-1', '--timeout', '1s'],
      /^kinesis-plan: http:\/\/127\.0\.0\.1:\d+\/stalled\/offers\/v1\.0\/aws\/AmazonKinesis\/current\/us-east-1\/index\.json: no data after [\d.]+ KiB for 1 s; gave up\. Hint: try again, or allow longer with --timeout/,
    ],
    [
      'a body cut short',
      ['truncated', 'us-east-1'],
      /^kinesis-plan: http:\/\/127\.0\.0\.1:\d+\/truncated\/offers\/v1\.0\/aws\/AmazonKinesis\/current\/us-east-1\/index\.json: the download was cut short after [\d.]+ KiB( of [\d.]+ KiB)?\. Hint: try again; nothing was written\.\n$/,
    ],
    [
      'a 404 (a Region AWS does not have)',
      ['ok', 'xx-nowhere-1'],
      /^kinesis-plan: http:\/\/127\.0\.0\.1:\d+\/ok\/offers\/v1\.0\/aws\/AmazonKinesis\/current\/xx-nowhere-1\/index\.json: HTTP 404 Not Found\. Hint: no offer file there: check the Region code/,
    ],
    [
      'a 404 on the second of three offers (after the first succeeded)',
      ['missing-firehose', 'us-east-1'],
      /^kinesis-plan: http:\/\/127\.0\.0\.1:\d+\/missing-firehose\/offers\/v1\.0\/aws\/AmazonKinesisFirehose\/current\/us-east-1\/index\.json: HTTP 404/,
    ],
    [
      'a body that is not JSON',
      ['malformed', 'us-east-1'],
      /^kinesis-plan: http:\/\/127\.0\.0\.1:\d+\/malformed\/offers\/v1\.0\/aws\/AmazonKinesis\/current\/us-east-1\/index\.json: not valid JSON \(.+\)\. Hint: the server did not send an AWS Price List offer file; check --source\.\n$/,
    ],
    [
      'JSON that is not an offer',
      ['not-an-offer', 'us-east-1'],
      /^kinesis-plan: http:\/\/127\.0\.0\.1:\d+\/not-an-offer\/offers\/v1\.0\/aws\/AmazonKinesis\/current\/us-east-1\/index\.json offerCode: not an AWS Price List offer file: /,
    ],
  ];

  it.each(failures)('%s: exit 2, one message naming the URL, nothing written', async (_, [mode, ...args], message) => {
    const cwd = tmp();
    const r = await fetchIn(cwd, mode!, ...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('offline (nothing listens at the address): a clear error, nothing written', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const cwd = tmp();
    const r = await runCliAsync(['pricing', 'fetch', 'us-east-1', '--source', `http://127.0.0.1:${port}`], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `kinesis-plan: cannot reach 127.0.0.1:${port} (ECONNREFUSED): offline, or no such host. Hint: check the network connection (and proxy); or download the offer files where you can and convert them with \`kinesis-plan pricing import\`, or point --source at a mirror.\n`,
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a bad Region code or --source is a usage error', async () => {
    const cwd = tmp();
    expect((await runCliAsync(['pricing', 'fetch', 'Ireland'], { cwd })).stderr).toBe('kinesis-plan: "Ireland" is not an AWS Region code such as eu-west-1\n');
    const ftp = await runCliAsync(['pricing', 'fetch', 'us-east-1', '--source', 'ftp://example.com'], { cwd });
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toMatch(/only http:\/\/ and https:\/\/ addresses can be downloaded/);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('downloads and progress', () => {
  it('reports progress as a large body arrives, with the total the server declared', async () => {
    const seen: [number, number | undefined][] = [];
    const text = await downloadText(offerUrl(`${base}/big`, 'AmazonKinesis', 'us-east-1'), {
      idleTimeoutMs: 5000,
      onProgress: (received, total) => seen.push([received, total]),
    });
    expect(text.length).toBeGreaterThan(BIG_BYTES);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toEqual([Buffer.byteLength(text), Buffer.byteLength(text)]);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]![0]).toBeGreaterThan(seen[i - 1]![0]);
  });

  it('shows a progress line on a terminal for a large body, rewritten in place and cleared; nothing elsewhere', () => {
    const written: string[] = [];
    const tty = progressReporter({ isTTY: true, write: (t) => written.push(t) }, 'AmazonKinesis eu-west-1', () => 0);
    tty.onProgress(1024 * 1024, 4 * 1024 * 1024);
    tty.onProgress(1024 * 1024, 4 * 1024 * 1024);
    tty.onProgress(4 * 1024 * 1024, 4 * 1024 * 1024);
    tty.done();
    expect(written).toEqual([
      '\rdownloading AmazonKinesis eu-west-1: 1 MiB of 4 MiB (25%)',
      '\rdownloading AmazonKinesis eu-west-1: 4 MiB of 4 MiB (100%)',
      '\r\u001b[K',
    ]);
    // A small, quick download shows nothing; a slow one shows once it has taken a second.
    let now = 0;
    const small: string[] = [];
    const quick = progressReporter({ isTTY: true, write: (t) => small.push(t) }, 'x', () => now);
    quick.onProgress(20_000, 40_000);
    expect(small).toEqual([]);
    now = 1500;
    quick.onProgress(30_000, 40_000);
    expect(small).toEqual(['\rdownloading x: 29.3 KiB of 39.1 KiB (75%)']);
    const pipe: string[] = [];
    const notTty = progressReporter({ isTTY: false, write: (t) => pipe.push(t) }, 'x', () => 5000);
    notTty.onProgress(4 * 1024 * 1024, 4 * 1024 * 1024);
    notTty.done();
    expect(pipe).toEqual([]);
  });
});
