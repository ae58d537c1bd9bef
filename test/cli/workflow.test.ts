import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

/** The README's GitHub Actions workflow must be valid YAML whose kinesis-plan commands run as tested. */
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const block = /<!-- workflow:start -->\s*```yaml\n([\s\S]*?)```\s*<!-- workflow:end -->/.exec(readme)?.[1] ?? '';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
}

describe('README GitHub Actions workflow', () => {
  const workflow = parse(block) as { on: unknown; jobs: Record<string, { steps: Step[] }> };
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
  const commands = steps.flatMap((s) => (s.run ?? '').split('\n')).filter((l) => /\bnpx kinesis-plan\b/.test(l)).map((l) => l.trim());

  it('is valid YAML with a pull_request trigger and the install, plan, check, comment and fail steps', () => {
    expect(block.length).toBeGreaterThan(0);
    expect(workflow.on).toHaveProperty('pull_request');
    expect(steps.some((s) => s.uses?.startsWith('actions/checkout@'))).toBe(true);
    expect(steps.some((s) => s.uses?.startsWith('actions/setup-node@'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('npm install'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('gh pr comment') && s.run.includes('comment.md'))).toBe(true);
    expect(steps.some((s) => s.if?.includes("steps.check.outputs.code != '0'") && s.run === 'exit 1')).toBe(true);
    expect(commands.map((c) => c.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'npx kinesis-plan plan',
      'npx kinesis-plan check',
      'npx kinesis-plan check',
    ]);
  });

  it('its commands run: plan the base, then check against it in markdown and github formats', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-workflow-'));
    const workload = 'test/fixtures/check/grown.yaml';
    const base = 'test/fixtures/check/within-budget.yaml';
    const baseJson = join(dir, 'within-budget.json');
    const args = (command: string) =>
      command
        .replace(/^npx kinesis-plan /, '')
        .replace('"base/$name.yaml"', base)
        .replace('"base/$name.json"', baseJson)
        .replace('pipelines/*.yaml', workload)
        .replace('$compare', `--compare-to ${baseJson}`)
        .replace('comment.md', join(dir, 'comment.md'))
        .split(/\s+/);
    const [plan, markdown, github] = commands.map(args);
    expect(runCli(plan!).code).toBe(0);
    // grown.yaml doubles the traffic: over its increase limits against the base, so the checks fail (exit 1), not 2
    const md = runCli(markdown!);
    expect(md.code).toBe(1);
    expect(readFileSync(join(dir, 'comment.md'), 'utf8')).toContain('## kinesis-plan budget check: ❌ fail');
    const gh = runCli(github!);
    expect(gh.code).toBe(1);
    expect(gh.stdout).toMatch(/^::error file=test\/fixtures\/check\/grown\.yaml,line=\d+,/m);
  });
});
