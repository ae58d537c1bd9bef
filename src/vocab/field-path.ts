/** A field path in the workload, as printed: `streams[0].consumers[1].pollInterval`. */
export function fieldPath(parts: readonly (string | number)[]): string {
  return parts.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc === '' ? p : `${acc}.${p}`),
    '',
  );
}
