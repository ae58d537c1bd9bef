/** Byte and time units, written once. Bytes: KiB = 1,024, MiB = 1,048,576, GiB = 2^30 (a binary "GB"). */
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 24 * SECONDS_PER_HOUR;
