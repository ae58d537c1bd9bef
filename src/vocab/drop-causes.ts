/** Why a record was given up. */
export const DROP_CAUSES = [
  'not-retried',
  'app-retries-exhausted',
  'sdk-attempts-exhausted',
  'retry-quota-exhausted',
  'ttl-expired',
  'buffer-overflow',
] as const;
export type DropCause = (typeof DROP_CAUSES)[number];
