// npm run build: bundles the CLI and the programmatic API with esbuild, emits the API's declarations with tsc, and
// validates the shipped pricing files once, here, so that the CLI need not validate them on every run.
//
// dist/cli/main.js   the CLI: one ESM bundle; each command's code is split into a chunk (dist/cli/chunk-*.js) that is
//                    loaded by dynamic import only when the command runs (the wizard's @inquirer, the simulator, the
//                    importer). Chunks sit at the same depth as main.js, so `../../package.json` and `../../pricing/`
//                    resolve from either.
// dist/index.js      the programmatic API (package.json `exports`), with dist/**/*.d.ts from tsc.
// dist/shipped-pricing.json  each shipped pricing file's SHA-256 and its validated content (see src/cli/pricing.ts).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/**
 * zod's namespace re-exports every locale (`z.locales`, about 500 KB of messages in 60 languages), which a bundler
 * cannot drop since `z` is imported whole. We use only English, zod's default: the others are left out.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: args.importer, namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: args.path.replace(/[\\/][^\\/]*$/, ''),
    }));
  },
};
const dist = `${root}dist`;
rmSync(dist, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  // The simulator's worker thread, the GitHub Action's two scripts (action.yml runs them from the Action's own
  // checkout; not packed), and the command line without the process wiring (dist/cli/program.js: `main(argv)`
  // returns the exit code, which the fuzz test runs in-process).
  entryPoints: ['src/cli/main.ts', 'src/cli/program.ts', 'src/index.ts', 'src/cli/sim-worker.ts', 'src/action/check.ts', 'src/action/comment.ts'],
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  // The HCL parser loads its WebAssembly from its own package folder at run time: kept as a dependency, not bundled.
  external: ['@cdktn/hcl2json'],
  splitting: true,
  chunkNames: 'cli/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Source maps for `--debug` stack traces (bin/kinesis-plan.js turns them on); they are read only then.
  // Less text to read at start-up; identifiers are kept (commander names its errors after their classes).
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [englishOnlyZod],
  sourcemap: 'linked',
  sourcesContent: false,
  // Bundled CommonJS dependencies (commander, cli-table3) call require() for Node's built-in modules.
  banner: { js: "import { createRequire as __kpCreateRequire } from 'node:module'; const require = __kpCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

// Validate every shipped pricing file with the same parser the CLI uses for user files; a bad file fails the build.
const { parsePricing } = await import(`${dist}/index.js`);
const shipped = {};
for (const name of readdirSync(`${root}pricing`).filter((n) => n.endsWith('.json')).sort()) {
  const text = readFileSync(`${root}pricing/${name}`, 'utf8');
  shipped[name] = { sha256: createHash('sha256').update(text).digest('hex'), pricing: parsePricing(text, `pricing/${name}`) };
}
writeFileSync(`${dist}/shipped-pricing.json`, JSON.stringify(shipped));
