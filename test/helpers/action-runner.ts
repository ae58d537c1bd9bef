import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/*
 * Runs a composite action's steps the way the runner does, without GitHub: each `run:` step is a bash script
 * (`bash --noprofile --norc -eo pipefail`), `${{ … }}` is replaced from the inputs (their defaults included), the
 * `github`, `runner` and `steps` contexts, and every step gets GITHUB_OUTPUT (read back into `steps.<id>.outputs`),
 * GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH and the GITHUB_* variables given. A step that fails stops the rest, as
 * in a job. Only plain context lookups are supported in expressions: an action that needs more fails loudly here.
 */

interface Step {
  id?: string;
  name?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
  if?: string;
  uses?: string;
}

interface ActionFile {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

export interface StepResult {
  name: string;
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export interface ActionRun {
  steps: StepResult[];
  /** The action's outputs, from its `outputs:` block. */
  outputs: Record<string, string>;
  /** What the steps appended to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** Every workflow command (annotation) the steps printed, in order. */
  annotations: { level: string; properties: Record<string, string>; message: string }[];
  /** The job's result: the first failing step's exit code, or 0. */
  code: number;
}

export interface ActionRunOptions {
  actionPath: string;
  workspace: string;
  inputs: Record<string, string>;
  /** The `github` context: `event` (the event payload), `event_name`, `repository`, `token`, … */
  github: Record<string, unknown> & { event: unknown };
  /** Environment of the job: GITHUB_* variables and the like. */
  env: Record<string, string>;
}

function lookup(root: unknown, path: readonly string[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = lines[i]!.indexOf('=');
    if (eq > 0) out[lines[i]!.slice(0, eq)] = lines[i]!.slice(eq + 1);
  }
  return out;
}

function parseAnnotations(stdout: string): ActionRun['annotations'] {
  const unescape = (s: string) =>
    s
      .replace(/%0A/g, '\n')
      .replace(/%0D/g, '\r')
      .replace(/%3A/g, ':')
      .replace(/%2C/g, ',')
      .replace(/%25/g, '%');
  return stdout
    .split('\n')
    .map((l) => /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({
      level: m[1]!,
      properties: Object.fromEntries(
        (m[2] ?? '')
          .split(',')
          .filter((p) => p.includes('='))
          .map((p) => [p.slice(0, p.indexOf('=')), unescape(p.slice(p.indexOf('=') + 1))]),
      ),
      message: unescape(m[3]!),
    }));
}

function runBash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kp-step-'));
  const file = join(dir, 'step.sh');
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the action at `actionPath` (its action.yml) in `workspace`. */
export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const action = parse(readFileSync(join(options.actionPath, 'action.yml'), 'utf8')) as ActionFile;
  if (action.runs.using !== 'composite')
    throw new Error(`only composite actions run here, not ${action.runs.using}`);
  const temp = mkdtempSync(join(tmpdir(), 'kp-runner-'));
  const summaryFile = join(temp, 'summary.md');
  writeFileSync(summaryFile, '');
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const github = { ...options.github, action_path: options.actionPath, workspace: options.workspace };
  const runner = { temp, os: 'Linux' };
  const inputs: Record<string, string> = {};

  const evaluate = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
      if (!/^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(expr))
        throw new Error(`expression not supported by this runner: ${expr}`);
      const [context, ...path] = expr.split('.');
      const roots: Record<string, unknown> = { inputs, github, runner, steps };
      if (!(context! in roots)) throw new Error(`unknown context in \${{ ${expr} }}`);
      const v = lookup(roots[context!], path);
      if (v === undefined || v === null) return '';
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
    });

  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    const given = options.inputs[name];
    if (given === undefined && spec.required) throw new Error(`input ${name} is required`);
    inputs[name] = given ?? evaluate(spec.default ?? '');
  }
  for (const name of Object.keys(options.inputs))
    if (!(name in inputs)) throw new Error(`the action has no input ${name}`);

  const results: StepResult[] = [];
  let code = 0;
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.uses !== undefined || step.if !== undefined)
      throw new Error(`step ${i}: uses and if are not supported by this runner`);
    if (step.shell !== 'bash' || step.run === undefined)
      throw new Error(`step ${i}: only bash run steps are supported`);
    const outputFile = join(temp, `output-${i}`);
    writeFileSync(outputFile, '');
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v))]),
    );
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? temp,
      NO_COLOR: '1',
      ...options.env,
      RUNNER_TEMP: temp,
      GITHUB_ACTION_PATH: options.actionPath,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...stepEnv,
    };
    const cwd =
      step['working-directory'] !== undefined ? evaluate(step['working-directory']) : options.workspace;
    const r = await runBash(evaluate(step.run), cwd, env);
    const outputs = parseOutputs(readFileSync(outputFile, 'utf8'));
    if (step.id !== undefined) steps[step.id] = { outputs };
    results.push({
      name: step.name ?? `step ${i}`,
      code: r.code,
      stdout: r.stdout,
      stderr: r.stderr,
      outputs,
    });
    if (r.code !== 0) {
      code = r.code ?? 1;
      break;
    }
  }
  const summary = readFileSync(summaryFile, 'utf8');
  const outputs = Object.fromEntries(
    Object.entries(action.outputs ?? {}).map(([k, v]) => [k, evaluate(v.value)]),
  );
  return {
    steps: results,
    outputs,
    summary,
    annotations: parseAnnotations(results.map((r) => r.stdout).join('')),
    code,
  };
}
