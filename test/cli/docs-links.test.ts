import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/*
 * Every relative link of README.md and docs/*.md resolves: the file exists, and an anchor (`page.md#anchor`, or
 * `#anchor` on the same page) names a heading of that page, as GitHub makes it, or an explicit `<a id="…">`. Every
 * page of docs/ is linked from the README. Links in code (fenced blocks, `inline code`) are not links.
 */

/** GitHub's anchor for a heading: lower case, punctuation dropped (letters, digits, `_` and `-` kept), spaces to `-`. */
function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_ -]/gu, '')
    .replace(/ /g, '-');
}

/** The markdown without its fenced code blocks and inline code spans, line for line. */
function withoutCode(markdown: string): string[] {
  let inFence = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      return '';
    }
    return inFence ? '' : line.replace(/`[^`]*`/g, '');
  });
}

/** The anchors a page defines: its headings' (the second `Usage` is `usage-1`), and `<a id="…">`. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (inFence) continue;
    for (const m of line.matchAll(/<a id="([^"]+)"/g)) anchors.add(m[1]!);
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (!heading) continue;
    const base = headingAnchor(heading[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

interface Link {
  page: string;
  line: number;
  target: string;
}

/** The relative links of a page (`[text](target)` and `![alt](target)`), with their line numbers. */
function relativeLinks(page: string, markdown: string): Link[] {
  return withoutCode(markdown).flatMap((line, i) =>
    [...line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
      .map((m) => m[1]!)
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => ({ page, line: i + 1, target })),
  );
}

/** Why a link does not resolve, or undefined when it does. */
function brokenBecause(link: Link): string | undefined {
  const [path = '', anchor] = link.target.split('#', 2);
  const file = path === '' ? join(ROOT, link.page) : join(ROOT, dirname(link.page), decodeURIComponent(path));
  if (relative(ROOT, file).startsWith('..')) return 'points outside the repository';
  if (!existsSync(file)) return 'no such file';
  if (anchor === undefined) return undefined;
  if (!file.endsWith('.md') || statSync(file).isDirectory()) return 'an anchor on a file that is not a page';
  return anchorsOf(readFileSync(file, 'utf8')).has(anchor) ? undefined : `no heading or anchor "${anchor}" there`;
}

const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const links = PAGES.flatMap((page) => relativeLinks(page, readFileSync(join(ROOT, page), 'utf8')));

describe('headingAnchor', () => {
  it.each([
    ['Infrastructure code: `--iac`', 'infrastructure-code---iac'],
    ['Time, and retries within a step', 'time-and-retries-within-a-step'],
    ['The `traffic:` block', 'the-traffic-block'],
    ['Worked example: examples/clickstream.yaml', 'worked-example-examplesclickstreamyaml'],
    ['What changed in 0.2', 'what-changed-in-02'],
    ['Cost: provisioned versus on-demand', 'cost-provisioned-versus-on-demand'],
  ])('%s → #%s', (heading, anchor) => {
    expect(headingAnchor(heading)).toBe(anchor);
  });

  it('numbers repeated headings as GitHub does, and reads explicit anchors', () => {
    const anchors = anchorsOf('# Usage\n## Usage\n```\n# not a heading\n```\n<a id="here"></a>\n');
    expect([...anchors].sort()).toEqual(['here', 'usage', 'usage-1']);
  });
});

describe('links of README.md and docs/*.md', () => {
  it('finds the links, and none in code', () => {
    expect(relativeLinks('x.md', 'see [a](docs/a.md#b) and `[c](d.md)`\n```\n[e](f.md)\n```\n[g](https://x.y)')).toEqual([
      { page: 'x.md', line: 1, target: 'docs/a.md#b' },
    ]);
    expect(links.length).toBeGreaterThan(20);
  });

  it('resolve: every file exists and every anchor names a heading of its page', () => {
    const broken = links.flatMap((l) => {
      const why = brokenBecause(l);
      return why === undefined ? [] : [`${l.page}:${l.line}: ${l.target}: ${why}`];
    });
    expect(broken).toEqual([]);
  });

  it('reach every page of docs/ from the README', () => {
    const fromReadme = new Set(links.filter((l) => l.page === 'README.md').map((l) => l.target.split('#')[0]));
    expect(PAGES.filter((p) => p !== 'README.md' && !fromReadme.has(p))).toEqual([]);
  });
});
