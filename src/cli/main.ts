import { main } from './program.js';

/**
 * The entry point of `kinesis-plan` (bin/kinesis-plan.js imports this module): runs the command line and sets the
 * process's exit code. A reader that closes the pipe early (`kinesis-plan plan … | head`) ends the output quietly:
 * the write errors with EPIPE are dropped here instead of crashing with a stack trace, and the command's own exit
 * code stands.
 */
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}

process.exitCode = await main(process.argv);
