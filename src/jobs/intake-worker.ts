import type { Logger } from 'pino';
import type { ActionDeps } from '../services/campaigns/action-deps.js';
import { INTAKE_BATCH, processIntake, releaseStaleIntakeLeases } from '../services/campaigns/process-intake.js';
import { newLeaseOwner } from '../services/shared/lease-owners.js';
import { createJob } from './job-runner.js';

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
  /** One round: process until the intake is empty or the round's batches run out; returns how many rows it claimed. */
  runOnce(): Promise<number>;
  /** Processes what waits at once (what a crash left), then on every submission and every interval. */
  start(): void;
  /** Stops listening and waits for the round in flight. */
  stop(): Promise<void>;
}

/**
 * Creates the intake worker. Every node may run one: leases keep two workers off the same
 * row, and each worker's owner name is unique, as the delivery worker's. A submission
 * that arrives during a round wakes it again right after, as it may have missed the claim.
 */
export function createIntakeWorker(deps: { actions: ActionDeps; logger?: Logger | false; intervalMs?: number }): IntakeWorker {
  const { actions } = deps;
  const owner = newLeaseOwner();
  const log = deps.logger ? deps.logger.child({ module: 'intake' }) : null;

  const round = async (signal: AbortSignal): Promise<number> => {
    let processed = 0;
    for (let i = 0; i < MAX_BATCHES_PER_ROUND && !signal.aborted; i++) {
      const result = await processIntake(actions, owner);
      processed += result.claimed;
      // Ids only: the rows hold supporters' addresses.
      if (result.failed.length > 0) log?.warn({ intake: result.failed }, 'processing submissions failed; will retry');
      if (result.dropped.length > 0) log?.error({ intake: result.dropped }, 'submissions dropped after repeated failures');
      if (result.claimed < INTAKE_BATCH) break;
    }
    return processed;
  };

  const job = createJob({
    name: 'intake',
    intervalMs: deps.intervalMs ?? INTAKE_INTERVAL_MS,
    wake: actions.intake,
    logger: log,
    async prepare() {
      const released = await releaseStaleIntakeLeases(actions);
      if (released > 0) log?.info({ released }, 'released the intake leases of a previous run');
    },
    run: round,
  });
  return { owner, ...job };
}
