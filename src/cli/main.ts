import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { readCacheFile, userCacheDir, userCacheName, writeUserCache } from './code-cache.js';

/**
 * The entry point of `kinesis-plan` (bin/kinesis-plan.js requires this module, built as CommonJS to
 * dist/cli/main.cjs): runs the command line and sets the process's exit code. A reader that closes the pipe early
 * (`kinesis-plan plan … | head`) ends the output quietly: the write errors with EPIPE are dropped here instead of
 * crashing with a stack trace, and the command's own exit code stands.
 *
 * Everything here is about starting fast, since a plan is run in loops (editors, hooks, CI over many files):
 * - The entry is CommonJS: Node's ES module loader costs a few milliseconds to start, a sixth of Node's own start.
 * - `--version` alone is answered from package.json without loading the command line.
 * - The command line is the same code in two builds of src/cli/program.ts (scripts/build.js): the ESM bundle
 *   (dist/cli/program.js and its chunks, each command's code loaded when it runs) and one CommonJS file of the whole
 *   CLI (CLI_BUNDLE), compiled here with a V8 code cache (the build's, saved after planning every example, or the
 *   user's, code-cache.ts): the functions a plan runs are then read as compiled code instead of being parsed and
 *   compiled again. Node 20 has no module
 *   compile cache (module.enableCompileCache came in 22.1), and V8 caches scripts, not ES modules. `--help` and no
 *   arguments take the ESM bundle, whose small graph is read faster than the whole CLI and its cache; so does
 *   `--debug`, whose stack traces go through the ESM bundle's source maps.
 */
/** The CommonJS bundle's file name in dist/cli/, set by scripts/build.js. */
declare const CLI_BUNDLE: string;

type Main = (argv: string[], opts?: { ownsStdout?: boolean }) => Promise<number>;

/**
 * A reader that closes the pipe early ends the output quietly: write errors with EPIPE on process.stdout or
 * process.stderr are dropped. The handler is added when the stream is first used, not here: making the stream object
 * for a pipe loads Node's stream modules, a few milliseconds that a plan written to its descriptor (io.ts) never needs.
 */
function quietWhenClosed(name: 'stdout' | 'stderr'): void {
  const quiet = (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  };
  const d = Object.getOwnPropertyDescriptor(process, name);
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with process as `this`
  const get = d?.get;
  if (get === undefined || d?.configurable !== true) {
    process[name].on('error', quiet);
    return;
  }
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: d?.enumerable ?? true,
    get() {
      const stream = get.call(process) as NodeJS.WriteStream;
      Object.defineProperty(process, name, { configurable: true, enumerable: d?.enumerable ?? true, get });
      stream.on('error', quiet);
      return stream;
    },
  });
}

/**
 * The whole CLI from the CommonJS bundle, compiled with a code cache V8 accepts (code-cache.ts: the build's, else the
 * user's); `keep` saves the user's cache after the run when neither was taken.
 */
function loadBundle(): { main: Main; keep: () => void } {
  const file = fileURLToPath(new URL(`./${CLI_BUNDLE}`, import.meta.url));
  const source = readFileSync(file, 'utf8');
  // The file is one function expression, (function (exports, require, module, __filename, __dirname) { … }).
  // One compile only: compiled again, the same source is found in V8's in-memory compilation cache and the data given
  // is not even looked at. So the user's cache, which exists only where the build's did not fit or was missing, is
  // tried first; one that no longer fits is written anew after this run.
  const dir = userCacheDir(process.env, process.platform);
  const name = userCacheName(CLI_BUNDLE, process.version, process.arch, [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' '));
  const own = dir !== undefined ? readCacheFile(join(dir, name), true) : undefined;
  const script = new Script(source, { filename: file, cachedData: own ?? readCacheFile(`${file}.cache`, false) });
  const isCached = script.cachedDataRejected === false;
  const module = { exports: {} as { main: Main } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return {
    main: module.exports.main,
    keep: () => {
      if (dir !== undefined && !isCached) writeUserCache(dir, name, script.createCachedData());
    },
  };
}

/** `kinesis-plan --version` (or `-V`) and nothing else: the version, as the command line prints it. */
function isVersionOnly(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === '--version' || args[0] === '-V');
}

/**
 * One short line straight to the descriptor: process.stdout's stream would load Node's stream modules for it. A closed
 * pipe ends quietly, as above; a descriptor left non-blocking by the parent (EAGAIN) goes through the stream instead.
 */
function writeLine(text: string): void {
  try {
    writeSync(1, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN') process.stdout.write(text);
    else if (code !== 'EPIPE') throw e;
  }
}

async function run(args: readonly string[]): Promise<number> {
  quietWhenClosed('stdout');
  quietWhenClosed('stderr');
  if (isVersionOnly(args)) {
    writeLine(`${(await import('./version.js')).VERSION}\n`);
    return 0;
  }
  const isQuick = args.length === 0 || args[0] === 'help' || args.some((a) => ['--version', '-V', '--help', '-h', '--debug'].includes(a));
  if (isQuick || typeof CLI_BUNDLE === 'undefined') return (await import('./program.js')).main(process.argv, { ownsStdout: true });
  const bundle = loadBundle();
  const code = await bundle.main(process.argv, { ownsStdout: true });
  bundle.keep();
  return code;
}

void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
