import { parentPort } from 'node:worker_threads';
import { runChunk, type ChunkResult, type ChunkTask } from '../sim/index.js';

/**
 * A worker thread of the simulator (sim-threads.ts): it runs the chunks it is sent with the pure engine and sends back
 * their counts, the typed arrays moved rather than copied. No I/O: messages in, messages out.
 */

export type WorkerRequest = { id: number; task: ChunkTask };
export type WorkerReply =
  | { id: number; steps: number }
  | { id: number; result: ChunkResult }
  | { id: number; error: { name: string; message: string; stack?: string | undefined } };

/** The buffers of a chunk's typed arrays, to move them to the main thread. */
export function buffersOf(result: ChunkResult): ArrayBuffer[] {
  const arrays = [
    result.totals,
    result.latencyHist,
    result.secAttempts,
    result.secAccepted,
    result.shares,
    result.shardAttempts,
    result.shardAccepted,
    result.shardThrottled,
    ...Object.values(result.minutes),
  ];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

const port = parentPort;
if (port) {
  port.on('message', ({ id, task }: WorkerRequest) => {
    try {
      let last = 0;
      const onSteps = (done: number) => {
        port.postMessage({ id, steps: done - last } satisfies WorkerReply);
        last = done;
      };
      const result = runChunk({ ...task.input, onSteps }, task.chunk);
      port.postMessage({ id, result } satisfies WorkerReply, buffersOf(result));
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({ id, error: { name: err.name, message: err.message, stack: err.stack } } satisfies WorkerReply);
    }
  });
}
