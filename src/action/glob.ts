/*
 * Workload globs, matched the same way against the files of the checked-out tree and of the base commit (so that a
 * file deleted by the change is found by the glob that would have checked it). `*` and `?` stay within a path
 * segment, `**` spans segments, `{a,b}` is either, `[…]` a character class; a leading `!` leaves matches out.
 */

/** A glob as a regular expression over `/`-separated paths relative to the repository root. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  const g = glob.replace(/^\.\//, '');
  for (let i = 0; i < g.length; i += 1) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      const isSegment = (i === 0 || g[i - 1] === '/') && (i + 2 === g.length || g[i + 2] === '/');
      if (isSegment && g[i + 2] === '/') {
        re += '(?:[^/]+/)*';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces += 1;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces -= 1;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const end = g.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = g.slice(i + 1, end);
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The paths that match a list of globs: any include, and no `!` exclude. */
export function matchGlobs(paths: readonly string[], globs: readonly string[]): string[] {
  const include = globs.filter((g) => !g.startsWith('!')).map(globToRegExp);
  const exclude = globs.filter((g) => g.startsWith('!')).map((g) => globToRegExp(g.slice(1)));
  return paths.filter((p) => include.some((r) => r.test(p)) && !exclude.some((r) => r.test(p))).sort();
}

/** The globs of the `workloads` input: separated by spaces or new lines. */
export function parseGlobs(text: string): string[] {
  return text.split(/\s+/).filter((g) => g !== '');
}
