import { UsageError } from '../errors.js';

/**
 * Today as YYYY-MM-DD (UTC), the only clock the tool reads: the age of prices and the date a download is recorded
 * under. `SOURCE_DATE_EPOCH` (seconds since 1970, reproducible-builds.org) replaces the system clock, so that the same
 * inputs give the same output on any day.
 */
export function todayOf(env: NodeJS.ProcessEnv): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date().toISOString().slice(0, 10);
  if (!/^\d+$/.test(epoch.trim())) {
    throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, got "${epoch}"`);
  }
  return new Date(Number(epoch.trim()) * 1000).toISOString().slice(0, 10);
}
