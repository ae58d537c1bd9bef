// npm run bench: the start-up and simulator figures (bench/run.js), then the hostile inputs (bench/hostile.js), each
// in its own process; the exit code is the first non-zero one, so a target missed by the first part does not keep
// the second from running. Run either script alone to give it options.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

let code = 0;
for (const script of ['run.js', 'hostile.js']) {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], { stdio: 'inherit' });
  if (code === 0) code = r.status ?? 1;
}
process.exitCode = code;
