/** Indices of the names that already appeared earlier in the list (the second and later uses of a name). */
export function repeatedNameIndices(names: readonly string[]): number[] {
  const seen = new Set<string>();
  const repeats: number[] = [];
  names.forEach((name, i) => {
    if (seen.has(name)) repeats.push(i);
    seen.add(name);
  });
  return repeats;
}
