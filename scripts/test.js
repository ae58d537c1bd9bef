// npm test: the type check, the lint and the build run side by side (each is mostly one thread, so together they use
// the cores a sequence leaves idle), then, when all three pass, vitest runs the tests against the fresh build.
// Each step's output is printed whole when it ends, so that the three do not interleave line by line.
// Arguments go to vitest (`npm test -- test/cli`).
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
/** A tool's own script, run with this Node (no shell and no .bin shims, so the same on every OS). */
const tool = (path) => `${root}node_modules/${path}`;

/** Runs `node ARGS` with its output collected; resolves with its exit code and output. */
function run(name, args) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ name, code: 1, output: `${output}${e.message}\n`, sec: 0 }));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), output, sec: (performance.now() - started) / 1000 }));
  });
}

const steps = await Promise.all([
  run('typecheck', [tool('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']),
  run('lint', [tool('eslint/bin/eslint.js'), '.']),
  run('build', ['scripts/build.js']),
]);
let failed = false;
for (const s of steps) {
  process.stdout.write(`${s.code === 0 ? '✓' : '✗'} ${s.name} (${s.sec.toFixed(1)} s)\n${s.output}`);
  if (s.code !== 0) failed = true;
}
if (failed) process.exit(1);

const vitest = spawn(process.execPath, [tool('vitest/vitest.mjs'), 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
vitest.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
