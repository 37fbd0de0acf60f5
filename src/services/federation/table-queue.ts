import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify';
import type { Kysely } from 'kysely';
import type { Dialect } from '../../store/db/database.js';
import type { DB } from '../../store/db/schema.js';
import {
  claimFederationMessages,
  enqueueFederationMessages,
  finishFederationMessage,
  retryFederationMessage,
} from '../../store/federation/federation.store.js';
import type { Clock } from '../shared/clock.js';

/** How long a claimed message is its claimant's: a node that dies leaves it to another after this. */
const LEASE_SECONDS = 120;
/** How often an idle listener looks for due messages (an enqueue in this process wakes it at once). */
const POLL_MS = 500;
/** Messages claimed at a time. */
const BATCH = 10;
/** A message whose handler keeps failing (not a refused delivery: Fedify retries those itself) is dropped after this many tries. */
const MAX_HANDLER_ATTEMPTS = 8;

/** What the table queue needs. */
export interface TableQueueDeps {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  readonly clock: Clock;
  /** This process's name in the leases it takes. */
  readonly owner: string;
  readonly pollMs?: number;
}

/**
 * Fedify's message queue on a Placard table (docs/decisions/0036): fan-out to followers,
 * each delivery and its retries (Fedify's own backoff, enqueued with a delay) are rows,
 * claimed with a lease like the outbox's, so nothing waits in one node's memory and
 * every node may listen. Publishing only writes rows; remote servers are spoken to here.
 */
export function createTableQueue(deps: TableQueueDeps): MessageQueue {
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const w of wakers) w();
  };
  const enqueueAll = async (messages: readonly unknown[], options?: MessageQueueEnqueueOptions) => {
    const now = deps.clock();
    const delay = options?.delay ? options.delay.total({ unit: 'millisecond' }) : 0;
    const notBefore = new Date(now.getTime() + Math.max(0, delay)).toISOString();
    await enqueueFederationMessages(
      deps.db,
      messages.map((m) => JSON.stringify(m)),
      notBefore,
      now.toISOString(),
    );
    if (delay <= 0) wake();
  };
  return {
    nativeRetrial: false,
    enqueue: (message, options) => enqueueAll([message], options),
    enqueueMany: (messages, options) => enqueueAll(messages, options),
    async listen(handler: (message: unknown) => Promise<void> | void, options?: MessageQueueListenOptions) {
      const signal = options?.signal;
      while (!signal?.aborted) {
        const claimed = await claimFederationMessages(deps.db, deps.dialect, {
          owner: deps.owner,
          now: deps.clock(),
          leaseSeconds: LEASE_SECONDS,
          limit: BATCH,
        });
        for (const claim of claimed) {
          try {
            await handler(JSON.parse(claim.message) as unknown);
            await finishFederationMessage(deps.db, claim);
          } catch (error) {
            if (claim.attempts >= MAX_HANDLER_ATTEMPTS) {
              await finishFederationMessage(deps.db, claim);
              continue;
            }
            const retryAt = new Date(deps.clock().getTime() + 2 ** claim.attempts * 1000).toISOString();
            await retryFederationMessage(deps.db, claim, retryAt, String(error).slice(0, 500));
          }
        }
        if (claimed.length === BATCH) continue;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            wakers.delete(done);
            signal?.removeEventListener('abort', done);
            resolve();
          };
          const timer = setTimeout(done, deps.pollMs ?? POLL_MS);
          wakers.add(done);
          signal?.addEventListener('abort', done, { once: true });
        });
      }
    },
  };
}
