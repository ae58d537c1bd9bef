import { InputError } from '../errors.js';
import { formatBytes } from '../report/units.js';

/**
 * Downloads over HTTP(S) with the fetch built into Node: a clear error for every way a download fails (offline, an
 * HTTP error, a stall, a body cut short), and progress by callback.
 */

/** AWS's public Price List bulk files: no credentials needed (pricing-evidence.md, "Real names in the offer files"). */
export const DEFAULT_PRICE_LIST_SOURCE = 'https://pricing.us-east-1.amazonaws.com';

/** The offer file of one service in one Region, under a Price List base address (AWS's or a mirror's). */
export function offerUrl(source: string, offerCode: string, region: string): string {
  return `${source.replace(/\/+$/, '')}/offers/v1.0/aws/${offerCode}/current/${region}/index.json`;
}

export interface DownloadOptions {
  /** Give up when nothing arrives for this long (connecting, or between two parts of the body). */
  idleTimeoutMs: number;
  /** Called as the body arrives: bytes so far, and the total when the server says it. */
  onProgress?: ((receivedBytes: number, totalBytes: number | undefined) => void) | undefined;
}

/** Network error codes that mean the server could not be reached at all. */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur !== null && typeof cur === 'object'; depth += 1) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (cur as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) cur = errors[0];
    else cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

const seconds = (ms: number) => `${Number((ms / 1000).toPrecision(3))} s`;

/** Downloads `url` as text; every failure is one `InputError` that names the URL and what to do. */
export async function downloadText(url: string, opts: DownloadOptions): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError({ message: `${url} is not a URL`, hint: 'give --source as an http:// or https:// address' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new InputError({ message: `${url}: only http:// and https:// addresses can be downloaded`, hint: 'give --source as an http:// or https:// address' });
  }
  const controller = new AbortController();
  let isTimedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      isTimedOut = true;
      controller.abort();
    }, opts.idleTimeoutMs);
  };
  const stalled = (what: string) =>
    new InputError({
      message: `${url}: ${what} for ${seconds(opts.idleTimeoutMs)}; gave up`,
      hint: 'try again, or allow longer with --timeout (e.g. --timeout 2min)',
    });
  arm();
  try {
    let response: Response;
    try {
      response = await fetch(parsed, { signal: controller.signal, redirect: 'follow' });
    } catch (e) {
      if (isTimedOut) throw stalled('no answer');
      const code = causeCode(e);
      const isUnreachable = code !== undefined && UNREACHABLE.has(code);
      throw new InputError({
        message: `cannot reach ${parsed.host} (${code ?? (e as Error).message}): ${isUnreachable ? 'offline, or no such host' : 'the connection failed'}`,
        hint: isUnreachable
          ? 'check the network connection (and proxy); or download the offer files where you can and convert them with `kinesis-plan pricing import`, or point --source at a mirror'
          : 'try again, and check the address given with --source',
      });
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new InputError({
        message: `${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
        hint:
          response.status === 404
            ? 'no offer file there: check the Region code (AWS lists each service\'s Regions in region_index.json next to the Region folders) and the --source address'
            : 'the server refused the download; try again later',
      });
    }
    const lengthHeader = response.headers.get('content-length');
    // A compressed body is decoded on the way: its declared length is the compressed one, so it cannot be checked.
    const declared = lengthHeader !== null && response.headers.get('content-encoding') === null ? Number(lengthHeader) : undefined;
    const body = response.body;
    if (body === null) throw new InputError({ message: `${url}: the server sent no body` });
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      let part: Awaited<ReturnType<typeof reader.read>>;
      try {
        part = await reader.read();
      } catch {
        if (isTimedOut) throw stalled(`no data after ${formatBytes(received)}`);
        throw cutShort(url, received, declared);
      }
      if (part.done) break;
      arm();
      chunks.push(part.value);
      received += part.value.byteLength;
      opts.onProgress?.(received, declared);
    }
    if (declared !== undefined && received !== declared) throw cutShort(url, received, declared);
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    clearTimeout(timer);
  }
}

function cutShort(url: string, received: number, declared: number | undefined): InputError {
  return new InputError({
    message: `${url}: the download was cut short after ${formatBytes(received)}${declared !== undefined ? ` of ${formatBytes(declared)}` : ''}`,
    hint: 'try again; nothing was written',
  });
}
