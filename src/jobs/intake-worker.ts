import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { ActionDeps } from '../services/campaigns/action-deps.js';
import { INTAKE_BATCH, processIntake } from '../services/campaigns/process-intake.js';
import { intakeLeaseOwners, releaseIntakeLeases } from '../store/campaigns/intake.store.js';
import { deadOnThisHost } from './delivery-worker.js';

/**
 * A poll as well as the wake-up: submissions taken by another node (PostgreSQL) wake no
 * worker here, and a row whose worker died waits for its lease. An idle poll is one
 * indexed query.
 */
export const INTAKE_INTERVAL_MS = 1_000;

/** Batches in one round at most, so stop() never waits long. */
const MAX_BATCHES_PER_ROUND = 50;

/** The worker that carries out the public forms' submissions (services/campaigns/process-intake.ts). */
export interface IntakeWorker {
  /** This process's name in the leases it takes. */
  readonly owner: string;
  /** One round: process until the intake is empty or the round's batches run out. */
  runOnce(): Promise<number>;
  /** Processes what waits at once (what a crash left), then on every submission and every interval. */
  start(): void;
  /** Stops listening and waits for the round in flight. */
  stop(): Promise<void>;
}

/**
 * Creates the intake worker. Every node may run one: leases keep two workers off the same
 * row, and each worker's owner name is unique, as the delivery worker's.
 */
export function createIntakeWorker(deps: { actions: ActionDeps; logger?: Logger | false; intervalMs?: number }): IntakeWorker {
  const { actions } = deps;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = deps.logger ? deps.logger.child({ module: 'intake' }) : null;
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  let running: Promise<number> | null = null;
  let again = false;
  let starting: Promise<void> | null = null;
  let stopped = false;

  const round = async (): Promise<number> => {
    let processed = 0;
    for (let i = 0; i < MAX_BATCHES_PER_ROUND && !stopped; i++) {
      const result = await processIntake(actions, owner);
      processed += result.claimed;
      // Ids only: the rows hold supporters' addresses.
      if (result.failed.length > 0) log?.warn({ intake: result.failed }, 'processing submissions failed; will retry');
      if (result.dropped.length > 0) log?.error({ intake: result.dropped }, 'submissions dropped after repeated failures');
      if (result.claimed < INTAKE_BATCH) break;
    }
    return processed;
  };

  const runOnce = async (): Promise<number> => {
    if (running) {
      // A submission that arrived during a round may have missed its claim: one more round.
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await round();
      } while (again && !stopped);
      return total;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const tick = () => {
    runOnce().catch((error: unknown) => log?.error({ err: error }, 'intake round failed; retrying at the next interval'));
  };

  // As the delivery worker: a SQLite data folder has one process, so leases left in it are
  // a dead predecessor's; on PostgreSQL only this host's dead processes are known dead.
  const releaseStale = async () => {
    const released =
      actions.dialect === 'sqlite'
        ? await releaseIntakeLeases(actions.db, 'all')
        : await releaseIntakeLeases(actions.db, (await intakeLeaseOwners(actions.db)).filter(deadOnThisHost));
    if (released > 0) log?.info({ released }, 'released the intake leases of a previous run');
  };

  return {
    owner,
    runOnce,
    start() {
      if (starting) return;
      stopped = false;
      starting = releaseStale()
        .catch((error: unknown) => log?.error({ err: error }, 'releasing old intake leases failed'))
        .then(() => {
          if (stopped) return;
          unsubscribe = actions.intake.subscribe(tick);
          tick();
          timer = setInterval(tick, deps.intervalMs ?? INTAKE_INTERVAL_MS);
          timer.unref();
        });
    },
    async stop() {
      stopped = true;
      await starting;
      starting = null;
      unsubscribe?.();
      unsubscribe = null;
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
