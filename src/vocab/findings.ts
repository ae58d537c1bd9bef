/** How much a finding matters: an error means the design will not work as described. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * A finding is data: a stable code, where it applies (a field path in the workload, e.g. `streams[0].consumers`),
 * and the numbers behind it. The wording lives only in src/report/findings.ts.
 */
export interface Finding {
  code: string;
  severity: Severity;
  path: string;
  args: Record<string, string | number | boolean>;
}
