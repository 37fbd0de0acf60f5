import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { buildDueDigests } from '../services/delivery/build-digests.js';
import { BATCH_SIZE, deliverDue, expirePendingActions, releaseStaleLeases, type DeliveryDeps } from '../services/delivery/deliver-due.js';
import type { MailIdentity } from '../services/delivery/queue-deliveries.js';
import type { Mailer } from '../services/mail/mailer.js';
import type { Clock } from '../services/shared/clock.js';
import type { Metrics } from '../services/shared/metrics.js';
import { newLeaseOwner } from '../services/shared/lease-owners.js';
import { CLUSTER_LOCKS, oncePerCluster } from '../services/shared/once-per-cluster.js';
import type { Dialect } from '../store/db/database.js';
import type { DB } from '../store/db/schema.js';
import { createJob } from './job-runner.js';

/**
 * Every second: a confirmation email leaves about a second after the supporter asked for
 * it. An idle round is three indexed queries (outbox_due, digest_entries_pending,
 * actions_expiry), which costs nothing next to serving pages.
 */
export const DELIVERY_INTERVAL_MS = 1_000;

/** Batches in one round at most, so stop() never waits long for a round to end. */
const MAX_BATCHES_PER_ROUND = 50;

/** What one round did. Counts only: rows carry supporters' addresses. */
export interface DeliveryRound {
  readonly expired: number;
  readonly digests: number;
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

/** The worker that sends the outbox. */
export interface DeliveryWorker {
  /** This process's name in the leases it takes. */
  readonly owner: string;
  /** One round: expire unconfirmed actions, write due digests, send until nothing is due. Tests call it directly. */
  runOnce(): Promise<DeliveryRound>;
  /** Runs a round at once (what fell due while Placard was stopped goes now), then every interval. */
  start(): void;
  /** Stops the timer and waits for the round in flight, whose leases are then released by their marks. */
  stop(): Promise<void>;
}

/** What the worker needs. */
export interface DeliveryWorkerDeps {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  readonly clock: Clock;
  readonly mailer: Mailer;
  readonly mail: MailIdentity;
  readonly logger?: Logger | false;
  readonly intervalMs?: number;
  /** Where the messages sent, retried and failed are counted for `/metrics`; none in most tests. */
  readonly metrics?: Pick<Metrics, 'deliveries'>;
}

/**
 * Runs a housekeeping step of a round; should it fail, the failure is logged and the
 * round goes on to send, so a broken digest cannot hold up every confirmation email.
 */
async function step(log: Logger | null, what: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    log?.error({ err: error }, `${what} failed; trying again next round`);
    return 0;
  }
}

async function round(deps: DeliveryDeps, log: Logger | null, signal: AbortSignal): Promise<DeliveryRound> {
  const expired = await step(log, 'deleting expired actions', () => expirePendingActions(deps));
  // Digests are written by one node at a time; sending is shared by all (leases, SKIP LOCKED).
  const digests = await step(log, 'building digests', async () => {
    const run = await oncePerCluster(deps, CLUSTER_LOCKS.digests, () => buildDueDigests(deps));
    return run.ran ? run.value : 0;
  });
  const totals = { sent: 0, retried: 0, failed: 0 };
  for (let i = 0; i < MAX_BATCHES_PER_ROUND && !signal.aborted; i++) {
    const batch = await deliverDue(deps);
    totals.sent += batch.sent.length;
    totals.retried += batch.retried.length;
    totals.failed += batch.failed.length;
    if (batch.retried.length > 0) log?.warn({ outbox: batch.retried }, 'sending failed for now; will retry');
    if (batch.failed.length > 0) log?.warn({ outbox: batch.failed }, 'messages failed for good');
    // A short batch means nothing more is due; failures are rescheduled, so this ends.
    if (batch.claimed < BATCH_SIZE) break;
  }
  const result = { expired, digests, ...totals };
  if (result.sent + result.failed + result.digests + result.expired > 0) log?.info(result, 'delivery round');
  return result;
}

/**
 * Creates the delivery worker. Every node may run one: leases keep two workers off the
 * same message (store/outbox/outbox-claim.store.ts), and each worker's owner name is
 * unique, so a restarted process never mistakes its predecessor's leases for its own.
 * Before its first round it releases the leases of workers known to be dead.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const owner = newLeaseOwner();
  const log = deps.logger ? deps.logger.child({ module: 'delivery' }) : null;
  const delivery: DeliveryDeps = { db: deps.db, dialect: deps.dialect, clock: deps.clock, mailer: deps.mailer, mail: deps.mail, owner };
  const job = createJob({
    name: 'delivery',
    intervalMs: deps.intervalMs ?? DELIVERY_INTERVAL_MS,
    logger: log,
    async prepare() {
      const released = await releaseStaleLeases(delivery);
      if (released > 0) log?.info({ released }, 'released the leases of a previous run');
    },
    async run(signal) {
      const result = await round(delivery, log, signal);
      if (deps.metrics) for (const outcome of ['sent', 'retried', 'failed'] as const) deps.metrics.deliveries.inc({ result: outcome }, result[outcome]);
      return result;
    },
  });
  return { owner, ...job };
}
