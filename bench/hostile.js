// node bench/hostile.js [runs]: every reproduction of bad input kept in test/fixtures/fuzz-corpus (the `issue-*` cases
// and the past fuzz failures) run through the built CLI as a user runs it, with its exit code, the median wall time
// of `runs` runs (default 5) beside a bare `node -e 0` measured in the same run, and the largest peak memory (RSS).
// Each case must end with exit 0, 1 or 2 in under a second and under 200 MB on a 2-core machine; the script prints
// the figures and exits 1 when a case is over. Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const corpus = join(root, 'test/fixtures/fuzz-corpus');
const runs = Number(process.argv[2] ?? 5);
const MAX_WALL_MS = 1000;
const MAX_RSS_MB = 200;

// A launcher that runs the CLI and reports its peak RSS on file descriptor 3 when the process ends.
const dir = mkdtempSync(join(tmpdir(), 'kp-bench-hostile-'));
const launcher = join(dir, 'launch.cjs');
writeFileSync(
  launcher,
  `const { writeSync } = require('node:fs');
process.on('exit', () => { try { writeSync(3, String(process.resourceUsage().maxRSS)); } catch {} });
process.argv.splice(1, 1);
require(${JSON.stringify(join(root, 'dist/cli/main.cjs'))});
`,
);

// A clean environment for the CLI and for `node -e 0` alike, as bench/run.js (variables such as NODE_EXTRA_CA_CERTS
// make every Node start slower).
const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };

function once(args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [launcher, 'kinesis-plan', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], timeout: 30_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, code: r.status, rssMb: Number(r.output[3]?.toString() || 0) / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bare() {
  const t0 = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0'], { env });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const cases = readdirSync(corpus)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f.replace(/\.json$/, ''), ...JSON.parse(readFileSync(join(corpus, f), 'utf8')) }));

console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${runs} runs per case, medians`);
let over = 0;
const nodeMs = [];
for (const c of cases) {
  const cwd = mkdtempSync(join(dir, 'case-'));
  for (const [name, text] of Object.entries(c.files ?? {})) writeFileSync(join(cwd, name), text);
  const args = c.args.map((a) => (a.startsWith('@') && a.slice(1) in (c.files ?? {}) ? a.slice(1) : a));
  const times = [];
  let rss = 0;
  let code;
  for (let i = 0; i < runs; i += 1) {
    nodeMs.push(bare());
    const r = once(args, cwd);
    times.push(r.ms);
    rss = Math.max(rss, r.rssMb);
    code = r.code;
  }
  const ms = median(times);
  const bad = ms > MAX_WALL_MS || rss > MAX_RSS_MB || ![0, 1, 2].includes(code);
  if (bad) over += 1;
  console.log(`${bad ? 'OVER' : 'ok  '} ${c.name.padEnd(48)} exit ${code}  ${ms.toFixed(0).padStart(5)} ms  ${rss.toFixed(0).padStart(4)} MB`);
}
console.log(`node -e 0: ${median(nodeMs).toFixed(0)} ms (median of ${nodeMs.length}); limits: ${MAX_WALL_MS} ms, ${MAX_RSS_MB} MB`);
rmSync(dir, { recursive: true, force: true });
process.exitCode = over > 0 ? 1 : 0;
