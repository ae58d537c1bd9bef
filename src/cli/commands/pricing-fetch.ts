import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { EXIT, InputError, UsageError } from '../../errors.js';
import { importOffers, OFFER_CODES, type OffersImport } from '../../pricing/import.js';
import { formatBytes } from '../../report/units.js';
import { todayOf } from '../clock.js';
import { DEFAULT_PRICE_LIST_SOURCE, downloadText, offerUrl } from '../fetch.js';
import { writeFileAtomic } from '../io.js';
import { LOCAL_PRICING_DIR } from '../pricing.js';
import { reportImport } from './pricing.js';

export interface PricingFetchOptions {
  source?: string | undefined;
  /** Seconds without data before a download is given up. */
  timeout: number;
  output?: string | undefined;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** Bodies at least this large, or downloads slower than a second, show progress (on a terminal only). */
const PROGRESS_MIN_BYTES = 1024 * 1024;
const PROGRESS_AFTER_MS = 1000;

/** Where progress goes: standard error when it is a terminal; a function of what to show, for tests. */
export interface ProgressTarget {
  isTTY?: boolean | undefined;
  write(text: string): unknown;
}

/**
 * A progress line for one download on a terminal: shown for a large body (1 MiB or more) or once a download has
 * taken a second, rewritten in place, and cleared at the end. Nothing at all when the target is not a terminal.
 */
export function progressReporter(
  target: ProgressTarget,
  label: string,
  now: () => number = () => performance.now(),
): { onProgress: (received: number, total: number | undefined) => void; done: () => void } {
  const started = now();
  let isShown = false;
  let last = '';
  return {
    onProgress: (received, total) => {
      if (target.isTTY !== true) return;
      if (!isShown && (total === undefined || total < PROGRESS_MIN_BYTES) && now() - started < PROGRESS_AFTER_MS) return;
      const line = `\rdownloading ${label}: ${formatBytes(received)}${total !== undefined ? ` of ${formatBytes(total)} (${Math.floor((received / total) * 100)}%)` : ''}`;
      if (line === last) return;
      last = line;
      isShown = true;
      target.write(line);
    },
    done: () => {
      if (isShown) target.write('\r\u001b[K');
    },
  };
}

/**
 * `kinesis-plan pricing fetch REGION...`: downloads the AmazonKinesis, AmazonKinesisFirehose and
 * AmazonKinesisAnalytics offer files of each Region from the Price List bulk files, imports them, and writes
 * `pricing/<region>.<publicationDate>.json` (or `--output`). Every download and import is done before anything is
 * written, so a failure writes nothing.
 */
export async function runPricingFetch(regions: string[], opts: PricingFetchOptions): Promise<number> {
  for (const r of regions) {
    if (!REGION.test(r)) throw new UsageError(`"${r}" is not an AWS Region code such as eu-west-1`);
  }
  const unique = [...new Set(regions)];
  if (opts.output !== undefined && unique.length > 1) {
    throw new UsageError(`--output names one file, but ${unique.length} Regions were given; leave --output out to write pricing/<region>.<date>.json for each`);
  }
  const source = opts.source ?? DEFAULT_PRICE_LIST_SOURCE;
  const retrieved = todayOf(process.env);
  const results: { region: string; result: OffersImport }[] = [];
  for (const region of unique) {
    const offers = [];
    for (const code of OFFER_CODES) {
      const url = offerUrl(source, code, region);
      const progress = progressReporter(process.stderr, `${code} ${region}`);
      let text: string;
      try {
        text = await downloadText(url, { idleTimeoutMs: opts.timeout * 1000, onProgress: progress.onProgress });
      } finally {
        progress.done();
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new InputError({ file: url, message: `not valid JSON (${(e as Error).message})`, hint: 'the server did not send an AWS Price List offer file; check --source' });
      }
      const offerCode = json !== null && typeof json === 'object' ? (json as { offerCode?: unknown }).offerCode : undefined;
      if (typeof offerCode === 'string' && offerCode !== code) {
        throw new InputError({ file: url, message: `the file is the ${offerCode} offer, not ${code}`, hint: 'check --source' });
      }
      offers.push({ json, source: url, label: url });
    }
    results.push({ region, result: importOffers(offers, { retrieved, region }) });
  }
  for (const { region, result } of results) {
    const file = opts.output ?? path.join(LOCAL_PRICING_DIR, `${region}.${result.pricing.effectiveDate}.json`);
    if (opts.output === undefined) await fs.mkdir(LOCAL_PRICING_DIR, { recursive: true });
    await writeFileAtomic(file, `${JSON.stringify(result.pricing, null, 2)}\n`);
    reportImport({ warnings: result.warnings.map((w) => `${region}: ${w}`), unmapped: result.unmapped.map((u) => `${region} ${u}`) });
    const sections = ['Kinesis', ...(result.pricing.firehose ? ['Firehose'] : []), ...(result.pricing.flink ? ['Flink'] : [])];
    process.stderr.write(`kinesis-plan: wrote ${file} (${region}: ${sections.join(', ')} prices, effective ${result.pricing.effectiveDate})\n`);
  }
  return EXIT.OK;
}
