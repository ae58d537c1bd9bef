import type { ClientModel } from '../workload/traffic-schema.js';
import {
  KPL_RETRY_DELAY_FRACTION_OF_BUFFERED_TIME,
  SDK_2026_RETRY_COST,
  SDK_2026_THROTTLING_RETRY_DELAY_BASE_MS,
  SDK_INITIAL_RETRY_TOKENS,
  SDK_MAX_ATTEMPTS,
  SDK_MAXIMUM_RETRY_DELAY_MS,
  SDK_NO_RETRY_INCREMENT,
  SDK_RETRY_COST,
  SDK_THROTTLING_RETRY_DELAY_BASE_MS,
} from './constants.js';

/** The SDK's standard-mode settings for a throttling error (ProvisionedThroughputExceededException). */
export interface SdkRetrySettings {
  maxAttempts: number;
  throttlingBaseMs: number;
  maxDelayMs: number;
  initialTokens: number;
  throttlingRetryCost: number;
  noRetryIncrement: number;
}

/** SDK for JavaScript v3 standard mode, pre-2026 constants (the default). */
export const SDK_STANDARD: SdkRetrySettings = {
  maxAttempts: SDK_MAX_ATTEMPTS,
  throttlingBaseMs: SDK_THROTTLING_RETRY_DELAY_BASE_MS,
  maxDelayMs: SDK_MAXIMUM_RETRY_DELAY_MS,
  initialTokens: SDK_INITIAL_RETRY_TOKENS,
  throttlingRetryCost: SDK_RETRY_COST,
  noRetryIncrement: SDK_NO_RETRY_INCREMENT,
};

/** The same with the opt-in 2026 retry constants. */
export const SDK_STANDARD_2026: SdkRetrySettings = {
  ...SDK_STANDARD,
  throttlingBaseMs: SDK_2026_THROTTLING_RETRY_DELAY_BASE_MS,
  throttlingRetryCost: SDK_2026_RETRY_COST,
};

/**
 * Upper end of the SDK's full-jitter window before retry number `retryIndex` (0 for the first retry):
 * min(maxDelay, base · 2^i). The delay itself is floor(U · window), U uniform in [0, 1).
 */
export function sdkBackoffWindowMs(settings: SdkRetrySettings, retryIndex: number): number {
  return Math.min(settings.maxDelayMs, settings.throttlingBaseMs * 2 ** retryIndex);
}

/** The SDK's delay for one draw `u` in [0, 1): floor(u · min(maxDelay, base · 2^i)) ms. */
export function sdkBackoffMs(settings: SdkRetrySettings, retryIndex: number, u: number): number {
  return Math.floor(u * sdkBackoffWindowMs(settings, retryIndex));
}

/**
 * The SDK's retry quota, pooled over `clients` identical client instances (each starts with `initialTokens` and is
 * capped there; with traffic spread evenly over the clients the pool behaves like the sum of the clients).
 */
export class RetryQuota {
  tokens: number;
  readonly capacity: number;

  constructor(
    readonly settings: SdkRetrySettings,
    clients: number,
  ) {
    this.capacity = settings.initialTokens * clients;
    this.tokens = this.capacity;
  }

  /** How many of `wanted` retries the quota pays for now; takes their cost. */
  acquire(wanted: number): number {
    const n = Math.min(wanted, Math.floor(this.tokens / this.settings.throttlingRetryCost + 1e-9));
    this.tokens -= n * this.settings.throttlingRetryCost;
    return n;
  }

  /** Successes: `firstTry` without a retry (+1 each), `afterRetry` after one (the retry's cost refunded). */
  release(firstTry: number, afterRetry: number): void {
    this.tokens = Math.min(
      this.capacity,
      this.tokens + firstTry * this.settings.noRetryIncrement + afterRetry * this.settings.throttlingRetryCost,
    );
  }
}

export type AppRetryPolicy = 'exp-jitter' | 'fixed' | 'immediate';

/** The application's PutRecords partial-failure loop: a window [0, w) to draw the delay from, or a fixed delay. */
export function appRetryWindowSec(
  policy: AppRetryPolicy,
  retryIndex: number,
  baseSec: number,
  maxSec: number,
): { fixedSec: number } | { jitterSec: number } {
  if (policy === 'immediate') return { fixedSec: 0 };
  if (policy === 'fixed') return { fixedSec: Math.min(baseSec, maxSec) };
  return { jitterSec: Math.min(maxSec, baseSec * 2 ** retryIndex) };
}

/** The KPL's retry delay: RecordMaxBufferedTime / 2, no backoff. */
export function kplRetryDelaySec(recordMaxBufferedTimeSec: number): number {
  return recordMaxBufferedTimeSec * KPL_RETRY_DELAY_FRACTION_OF_BUFFERED_TIME;
}

/** The SDK's retry settings of a PutRecord client model; undefined for the other clients. */
export function sdkRetrySettings(client: Exclude<ClientModel, 'auto'>): SdkRetrySettings | undefined {
  if (client === 'put-record-sdk') return SDK_STANDARD;
  if (client === 'put-record-sdk-2026') return SDK_STANDARD_2026;
  return undefined;
}
