// npm run build: bundles the CLI and the programmatic API with esbuild, emits the API's declarations with tsc, and
// validates the shipped pricing files once, here, so that the CLI need not validate them on every run.
//
// dist/cli/main.cjs  the CLI's entry (bin/kinesis-plan.js requires it), CommonJS: see src/cli/main.ts.
// dist/cli/program.js  the command line as an ESM bundle; each command's code is split into a chunk
//                    (dist/cli/chunk-*.js) that is loaded by dynamic import only when the command runs (the wizard's
//                    @inquirer, the simulator, the importer). Chunks sit at the same depth as program.js, so
//                    `../../package.json` and `../../pricing/` resolve from either.
// dist/cli/cli-<hash>.js  the same command line as one CommonJS function expression of the whole CLI, which
//                    dist/cli/main.cjs compiles with V8's code cache, dist/cli/cli-<hash>.js.cache: saved here after
//                    plans of every example (JSON and text) in a fresh process, so that a plan's functions
//                    are read compiled (see src/cli/main.ts). The cache is not packed: V8 takes it only from the same
//                    V8 version and flags, and without it the bundle is compiled as any script.
// dist/index.js      the programmatic API (package.json `exports`), with dist/**/*.d.ts from tsc.
// dist/shipped-pricing.json  each shipped pricing file's text and its validated content (see src/cli/pricing.ts).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
/**
 * A script has no import(): in the CommonJS bundle, the HCL parser (a CommonJS package left outside the bundle) is
 * required instead, still only when a .tf file is read.
 */
const hclByRequire = {
  name: 'hcl-by-require',
  setup(b) {
    b.onResolve({ filter: /^@cdktn\/hcl2json$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: 'hcl2json', namespace: 'hcl-by-require' } : { path: args.path, external: true },
    );
    b.onLoad({ filter: /.*/, namespace: 'hcl-by-require' }, () => ({ contents: "module.exports = require('@cdktn/hcl2json');", loader: 'js' }));
  },
};
/**
 * Node's built-in modules that a plan does not use but a module it loads imports at its top: commander's
 * child_process (for executable subcommands, which we have none of) and crypto (MD5 of listed partition keys, random
 * names of temporary files). Loading them costs a plan about 6 ms of its start. In the CommonJS bundle each of them
 * is an object with a getter for every export, which requires the real module the first time one is read.
 */
const LAZY_BUILTINS = ['child_process', 'crypto'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    b.onResolve({ filter }, (args) => (args.namespace === 'lazy-builtin' ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const { createRequire } = await import('node:module');
      const names = Object.keys(createRequire(import.meta.url)(`node:${args.path}`));
      const getters = names.map((n) => `${JSON.stringify(n)}: { get: () => load()[${JSON.stringify(n)}], enumerable: true }`).join(',\n');
      return {
        contents: `let real;\nconst load = () => (real ??= require(${JSON.stringify(`node:${args.path}`)}));\nmodule.exports = Object.defineProperties({}, {\n${getters}\n});\n`,
        loader: 'js',
      };
    });
  },
};
/**
 * chalk detects the terminal's colours as it loads (its vendored supports-color reads the environment and loads
 * node:tty and node:os), for its default instance. We never use that instance: every Chalk is made with the level
 * src/cli/output.ts decides (makeStyle). Its detection is replaced by "no colour" for the default instance.
 */
const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) =>
      /[\\/]node_modules[\\/]chalk[\\/]/.test(args.importer) ? { path: 'supports-color', namespace: 'no-colour-detection' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'no-colour-detection' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};
const dist = `${root}dist`;
rmSync(dist, { recursive: true, force: true });

// The whole CLI as one function expression (no splitting, so no import()): src/cli/main.ts runs it as a vm.Script.
// Its name carries a hash of its content, as the chunks' names do.
const [cliBundle] = (
  await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/program.ts'],
    outfile: 'dist/cli/cli.js',
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Shorter to read. Names are not kept (keepNames costs a call per function and class as the bundle loads): no
    // message depends on a class's or function's name, and --debug's stack traces come from the ESM build.
    minify: true,
    plugins: [englishOnlyZod, hclByRequire, lazyBuiltins, chalkWithoutDetection],
    define: { 'import.meta.url': '__kpImportMetaUrl' },
    banner: {
      js: "(function (exports, require, module, __filename, __dirname) { const __kpImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    },
    footer: { js: '\n});' },
    logLevel: 'warning',
  })
).outputFiles;
// All ASCII, so that V8 holds the script as a one-byte string (a single other character makes all of it two-byte) and
// Node decodes it faster. esbuild escapes strings and templates already; what it leaves are characters in regular
// expression literals (−, ×, ≈ …), where \uXXXX stands for the same character, with or without the u flag.
const cliText = cliBundle.text.replace(/[^ -~\t\n\r]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const cliHash = createHash('sha256').update(cliText).digest('hex');
const cliBundleName = `cli-${BigInt(`0x${cliHash.slice(0, 10)}`).toString(32).toUpperCase().padStart(8, '0').slice(-8)}.js`;
mkdirSync(`${dist}/cli`, { recursive: true });
writeFileSync(`${dist}/cli/${cliBundleName}`, cliText);

await build({
  absWorkingDir: root,
  // The simulator's worker thread, the GitHub Action's two scripts (action.yml runs them from the Action's own
  // checkout; not packed), and the command line without the process wiring (dist/cli/program.js: `main(argv)`
  // returns the exit code, which the fuzz test runs in-process).
  entryPoints: ['src/cli/program.ts', 'src/index.ts', 'src/cli/sim-worker.ts', 'src/action/check.ts', 'src/action/comment.ts'],
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
  plugins: [englishOnlyZod, chalkWithoutDetection],
  define: { CLI_BUNDLE: JSON.stringify(cliBundleName) },
  sourcemap: 'linked',
  sourcesContent: false,
  // Bundled CommonJS dependencies (commander, cli-table3) call require() for Node's built-in modules.
  banner: { js: "import { createRequire as __kpCreateRequire } from 'node:module'; const require = __kpCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

// The entry (bin/kinesis-plan.js requires it): CommonJS, which Node starts faster than an ES module. It loads
// dist/cli/program.js by import() or the CommonJS bundle above (see src/cli/main.ts).
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli/main.cjs',
  bundle: true,
  external: ['./program.js'],
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  define: { CLI_BUNDLE: JSON.stringify(cliBundleName), 'import.meta.url': '__kpImportMetaUrl' },
  banner: { js: "const __kpImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

// Validate every shipped pricing file with the same parser the CLI uses for user files; a bad file fails the build.
const { parsePricing } = await import(`${dist}/index.js`);
const shipped = {};
for (const name of readdirSync(`${root}pricing`).filter((n) => n.endsWith('.json')).sort()) {
  const text = readFileSync(`${root}pricing/${name}`, 'utf8');
  shipped[name] = { text, pricing: parsePricing(text, `pricing/${name}`) };
}
writeFileSync(`${dist}/shipped-pricing.json`, JSON.stringify(shipped));

// V8's code cache of the CommonJS bundle, taken in a fresh process (the flags of a plain `node`) after the commands
// most runs are: a plan of every example in JSON and in text. Standard output goes nowhere.
const cacheScript = `
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
const file = ${JSON.stringify(`${dist}/cli/${cliBundleName}`)};
const script = new Script(readFileSync(file, 'utf8'), { filename: file });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, ${JSON.stringify(`${dist}/cli`)});
for (const example of ${JSON.stringify(readdirSync(`${root}examples`).filter((n) => n.endsWith('.yaml')).sort())})
  for (const format of ['json', 'text']) await module.exports.main(['node', 'kinesis-plan', 'plan', 'examples/' + example, '--format', format]);
writeFileSync(file + '.cache', script.createCachedData());
`;
execFileSync(process.execPath, ['--input-type=module', '-e', cacheScript], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
});
