import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../errors.js';
import { serialRunner, type ChunkResult, type ChunkRunner, type ChunkTask } from '../sim/index.js';
import type { WorkerReply, WorkerRequest } from './sim-worker.js';

/**
 * The simulator on several threads. The engine splits a run whose shards do not interact into chunks (fixed by the
 * shard count, so the result is the same however they are run); this runner hands the chunks to a small pool of
 * worker threads (sim-worker.ts), one per core, and gives back their counts in order. Small runs stay on the main
 * thread: starting a thread costs more than they do.
 */

/** Below this much work (shard-steps in all tasks) the chunks run on the main thread. */
const THREAD_MIN_SHARD_STEPS = 3_000_000;

export interface ThreadRunner extends ChunkRunner {
  /** Stops the pool's threads. */
  close(): Promise<void>;
}

/** Shard-steps a task simulates: its shards times its steps. */
function workOf(task: ChunkTask): number {
  const shards = task.chunk?.count ?? task.input.shards ?? task.input.plan.shards.planned;
  return shards * Math.ceil(task.input.durationSec / task.input.params.stepSec);
}

/** A runner on up to `threads` worker threads (default: the cores this process may use). */
export function createThreadRunner(threads: number = availableParallelism()): ThreadRunner {
  const pool: Worker[] = [];
  const url = new URL('./sim-worker.js', import.meta.url);
  let nextId = 0;

  async function runOn(worker: Worker, id: number, task: ChunkTask, onSteps?: (steps: number) => void): Promise<ChunkResult> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return;
        if ('steps' in reply) {
          onSteps?.(reply.steps);
          return;
        }
        worker.off('message', onMessage);
        worker.off('error', onError);
        if ('result' in reply) resolve(reply.result);
        else reject(new InternalError(`the simulator failed on a worker thread: ${reply.error.message}`));
      };
      const onError = (e: Error) => {
        worker.off('message', onMessage);
        reject(new InternalError(`a simulator thread stopped: ${e.message}`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, task } satisfies WorkerRequest);
    });
  }

  return {
    async run(tasks, onSteps) {
      const work = tasks.reduce((a, t) => a + workOf(t), 0);
      const size = Math.min(threads, tasks.length);
      if (size <= 1 || work < THREAD_MIN_SHARD_STEPS) return serialRunner.run(tasks, onSteps);
      while (pool.length < size) pool.push(new Worker(url));
      const results = new Array<ChunkResult>(tasks.length);
      let next = 0;
      // Each thread takes the next task when it is free, so the longest tasks do not wait behind each other.
      await Promise.all(
        pool.slice(0, size).map(async (worker) => {
          for (let t = next++; t < tasks.length; t = next++) results[t] = await runOn(worker, nextId++, tasks[t] as ChunkTask, onSteps);
        }),
      );
      return results;
    },
    async close() {
      await Promise.all(pool.splice(0).map((w) => w.terminate()));
    },
  };
}
