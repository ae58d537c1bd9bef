import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/*
 * `npm pack` holds what the command and the programmatic API need, and nothing else: the bin, the build (without the
 * GitHub Action's scripts, which run from a checkout), the shipped prices, the report schemas, and the README with the
 * docs/ pages it links to. Listed without running `prepare` (the build is already there: `npm test` builds first).
 */

interface PackEntry {
  path: string;
}

describe('npm pack', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const files =
    r.status === 0
      ? (JSON.parse(r.stdout) as { files: PackEntry[] }[])[0]!.files.map((f) => f.path).sort()
      : [];

  it('lists the package', () => {
    expect(r.status, r.stderr).toBe(0);
    expect(files.length).toBeGreaterThan(50);
  });

  it('contains only the bin, the build, prices, schemas, the README, docs/ and package.json', () => {
    const outside = files.filter(
      (f) =>
        !/^(bin\/kinesis-plan\.js|bin\/package\.json|dist\/cli\/main\.cjs|dist\/.+\.(js|js\.map|d\.ts)|dist\/shipped-pricing\.json|pricing\/[\w-]+\.\d{4}-\d{2}-\d{2}\.json|schema\/[\w-]+\.v\d+\.json|README\.md|docs\/[\w-]+\.md|package\.json)$/.test(
          f,
        ),
    );
    expect(outside).toEqual([]);
    expect(files.filter((f) => f.startsWith('dist/action/'))).toEqual([]);
  });

  it('every built module comes from a source file (no stale build), and the bin and the entry points are in it', () => {
    // The bundle is the entries and their hashed chunks; every type declaration comes from a source file.
    const bundle = files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'));
    expect(bundle.filter((f) => !/^dist\/(cli\/program|cli\/sim-worker|index)\.js$|^dist\/cli\/[\w-]+-[A-Z0-9]{8}\.js$/.test(f))).toEqual([]);
    const stale = files
      .filter((f) => f.startsWith('dist/') && f.endsWith('.d.ts'))
      .filter((f) => !existsSync(join(ROOT, f.replace(/^dist\//, 'src/').replace(/\.d\.ts$/, '.ts'))));
    expect(stale).toEqual([]);
    for (const f of [
      'bin/kinesis-plan.js',
      'bin/package.json',
      'dist/cli/main.cjs',
      'dist/index.js',
      'dist/index.d.ts',
      'schema/check-report.v1.json',
    ])
      expect(files).toContain(f);
  });
});
