import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { announcePendingEvents, type PublishingEvent } from '../services/federation/federation-data.js';
import type { Clock } from '../services/shared/clock.js';
import { newLeaseOwner } from '../services/shared/lease-owners.js';
import type { Dialect } from '../store/db/database.js';
import type { DB } from '../store/db/schema.js';
import { createJob } from './job-runner.js';

/** Every two seconds: an article reaches followers' servers a few seconds after it is published. */
export const FEDERATION_INTERVAL_MS = 2_000;

/** The worker that tells followers about articles and delivers Fedify's queue. */
export interface FederationWorker {
  /** Announces the pending publishing events (queueing their deliveries). Tests call it directly. */
  runOnce(): Promise<{ announced: number; failed: number }>;
  /** Announces every interval and listens to the delivery queue until stopped. */
  start(): void;
  stop(): Promise<void>;
}

/** What the worker needs; the composition root hands it the federation's two entry points. */
export interface FederationWorkerDeps {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  readonly clock: Clock;
  /** Queues the activities one publishing event calls for. */
  readonly announce: (event: PublishingEvent) => Promise<void>;
  /** Listens to Fedify's queue (the table queue) until the signal aborts. */
  readonly listen: (signal: AbortSignal) => Promise<void>;
  /** Whether deliveries wait in the queue: then the node listens, though it announced nothing. */
  readonly queued: () => Promise<boolean>;
  readonly logger?: Logger | false;
  readonly intervalMs?: number;
}

/**
 * Creates the federation worker (docs/decisions/0036). Every node may run one: publishing
 * events and queued deliveries are claimed with leases, so no two nodes send the same one.
 */
export function createFederationWorker(deps: FederationWorkerDeps): FederationWorker {
  const owner = newLeaseOwner();
  const log = deps.logger ? deps.logger.child({ module: 'federation' }) : null;
  let listening: { controller: AbortController; done: Promise<void> } | null = null;
  let started = false;
  // The queue is listened to once there is something to send: listening loads Fedify, which
  // a node that never federates need not hold in memory (cli/compose.ts).
  const listen = () => {
    if (listening || !started) return;
    const controller = new AbortController();
    const done = deps.listen(controller.signal).catch((error: unknown) => log?.error({ err: error }, 'the delivery queue stopped'));
    listening = { controller, done };
  };
  const job = createJob({
    name: 'federation',
    intervalMs: deps.intervalMs ?? FEDERATION_INTERVAL_MS,
    logger: log,
    run: async () => {
      const result = await announcePendingEvents({ db: deps.db, dialect: deps.dialect, clock: deps.clock, owner }, deps.announce);
      if (result.failed > 0) log?.warn(result, 'some articles could not be announced yet; trying again');
      if (started && !listening && (result.announced > 0 || (await deps.queued()))) listen();
      return result;
    },
  });
  return {
    runOnce: job.runOnce,
    start() {
      started = true;
      job.start();
    },
    async stop() {
      started = false;
      const current = listening;
      listening = null;
      current?.controller.abort();
      await Promise.all([job.stop(), current?.done]);
    },
  };
}
