import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../helpers/action-runner.js';
import { ROOT } from '../helpers/cli.js';
import { startFakeGitHub } from '../helpers/github-api.js';

/*
 * From a clean checkout, as a runner downloads the action: a clone of this repository's committed HEAD with no
 * node_modules and no dist/, whose install step runs `npm ci` (dependencies from the registry by their own names,
 * kinesis-plan itself from the checkout), then checks a scratch repository; and the tarball `npm pack` makes there,
 * installed globally into a folder of its own. Slow (a full install and build, about a minute on two cores), so it
 * runs only with KINESIS_PLAN_SLOW_TESTS=1.
 */

const isSlow = process.env.KINESIS_PLAN_SLOW_TESTS === '1';

function sh(cwd: string, command: string, args: string[]): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

describe.runIf(isSlow)('the action from a clean checkout', () => {
  it(
    'installs itself with npm ci, checks green, and the packed tarball installs and runs',
    { timeout: 900_000 },
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'kp-clean-'));
      const actionPath = join(root, 'action');
      sh(root, 'git', ['clone', '-q', ROOT, actionPath]);
      const workspace = join(root, 'repo');
      mkdirSync(join(workspace, 'pipelines'), { recursive: true });
      const git = (...args: string[]) =>
        sh(workspace, 'git', [
          '-c',
          'user.name=Test',
          '-c',
          'user.email=test@example.com',
          '-c',
          'commit.gpgsign=false',
          ...args,
        ]);
      git('init', '-q', '-b', 'main');
      copyFileSync(
        join(ROOT, 'test/fixtures/check/within-budget.yaml'),
        join(workspace, 'pipelines/orders.yaml'),
      );
      git('add', '-A');
      git('commit', '-q', '-m', 'base');
      const baseSha = git('rev-parse', 'HEAD');
      copyFileSync(
        join(ROOT, 'test/fixtures/check/over-dollars.yaml'),
        join(workspace, 'pipelines/orders.yaml'),
      );
      git('commit', '-q', '-am', 'head');
      const event = {
        pull_request: {
          number: 1,
          base: { ref: 'main', sha: baseSha, repo: { full_name: 'acme/x' } },
          head: { repo: { full_name: 'acme/x' } },
        },
      };
      const eventPath = join(root, 'event.json');
      writeFileSync(eventPath, JSON.stringify(event));
      const api = await startFakeGitHub({ repo: 'acme/x', token: 't' });
      try {
        const run = await runAction({
          actionPath,
          workspace,
          inputs: { workloads: 'pipelines/*.yaml' },
          github: { event, token: 't' },
          env: {
            GITHUB_EVENT_NAME: 'pull_request',
            GITHUB_EVENT_PATH: eventPath,
            GITHUB_REPOSITORY: 'acme/x',
            GITHUB_API_URL: api.url,
          },
        });
        expect(run.steps[0]!.stdout).toMatch(/added \d+ packages/);
        // over-dollars.yaml breaks its $20 budget: the check fails, after commenting
        expect(run.steps.map((s) => s.code)).toEqual([0, 0, 0, 1]);
        expect(api.comments[0]!.body).toContain('over the limit of $20.00 (budget) by $20.30');
      } finally {
        await api.close();
      }
      const tarball = sh(actionPath, 'npm', ['pack', '--silent']).split('\n').at(-1)!;
      const prefix = join(root, 'prefix');
      sh(root, 'npm', [
        'install',
        '-g',
        '--prefix',
        prefix,
        join(actionPath, tarball),
        '--no-audit',
        '--no-fund',
      ]);
      const r = spawnSync(
        join(prefix, 'bin', 'kinesis-plan'),
        ['check', join(ROOT, 'examples/hot-key.yaml')],
        { encoding: 'utf8' },
      );
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('[HOT_KEY_OVER_SHARD_LIMIT]');
    },
  );
});
