import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../store/db/schema.js';

/** Runs small writes together: many requests, one transaction, one durable commit. */
export interface WriteBatcher {
  /**
   * Runs `work` in a transaction shared with whatever else is waiting, and resolves with
   * its result only after that transaction has committed. `work` may run twice (once in
   * a batch that failed, then alone), so it must have no effect outside the transaction.
   * It must query through `trx` only: on SQLite the transaction holds the one connection,
   * and a query on the database itself would wait for it forever.
   */
  run<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
}

interface Job {
  readonly work: (trx: Transaction<DB>) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit. With SQLite in WAL and synchronous=FULL every commit waits for an fsync
 * (a few milliseconds on an SSD); a transaction per submission would cap a small machine
 * at a few hundred a second. While one batch commits, the requests that arrive queue up
 * and go together in the next, so one fsync serves all of them and the batch size adapts
 * to the load by itself: alone when quiet, up to `maxBatch` in a surge.
 *
 * If a batch fails (one submission breaks a constraint, say), each of its works is tried
 * again alone, so the one bad submission fails alone and the rest still commit.
 */
export function createWriteBatcher(db: Kysely<DB>, options: { maxBatch: number }): WriteBatcher {
  const queue: Job[] = [];
  let running: Promise<void> | null = null;

  const runAlone = async (job: Job) => {
    try {
      job.resolve(await db.transaction().execute((trx) => job.work(trx)));
    } catch (error) {
      job.reject(error);
    }
  };

  const runBatch = async (batch: readonly Job[]) => {
    if (batch.length === 1 && batch[0]) return runAlone(batch[0]);
    let results: unknown[];
    try {
      results = await db.transaction().execute(async (trx) => {
        const out: unknown[] = [];
        // One after another: a transaction is one connection, and order keeps it deterministic.
        for (const job of batch) out.push(await job.work(trx));
        return out;
      });
    } catch {
      for (const job of batch) await runAlone(job);
      return;
    }
    batch.forEach((job, i) => job.resolve(results[i]));
  };

  const drain = async () => {
    // node:sqlite runs a whole transaction without returning to the event loop, so without
    // this pause every request would arrive to an empty queue and commit alone. One turn
    // of the loop lets the requests already received join the batch.
    await yieldToEventLoop();
    while (queue.length > 0) {
      await runBatch(queue.splice(0, Math.max(1, options.maxBatch)));
      await yieldToEventLoop();
    }
    running = null;
  };

  return {
    run<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        running ??= drain();
      });
    },
    async idle() {
      while (running) await running;
    },
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
