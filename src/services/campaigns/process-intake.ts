import {
  claimIntake,
  countIntake,
  deleteProcessedIntake,
  dropIntake,
  intakeInput,
  intakeLeaseOwners,
  releaseIntakeLeases,
  type IntakeRow,
} from '../../store/campaigns/intake.store.js';
import { deadOnThisHost } from '../shared/lease-owners.js';
import type { ActionDeps } from './action-deps.js';
import type { PublicCampaign } from './public-campaign.js';
import { recordActionIn, type IntakeEntry, type SubmissionOutcome } from './record-action.js';
import { recordSelfReportIn } from './self-report.js';

/** Rows claimed at once: one group commit through the write batcher. */
export const INTAKE_BATCH = 100;

/** A claimed row left unprocessed (its worker died) is claimed again after this. */
export const INTAKE_LEASE_SECONDS = 60;

/**
 * A row that failed this many times is dropped. A failure is a bug or a broken database,
 * not the supporter's input (that was checked before it was stored), and a row that can
 * never be processed must not keep a supporter's address for ever.
 */
export const INTAKE_MAX_ATTEMPTS = 5;

/** What one call did. Counts and row ids only: rows carry supporters' addresses. */
export interface IntakeRound {
  readonly claimed: number;
  readonly outcomes: Readonly<Partial<Record<SubmissionOutcome | 'gone', number>>>;
  /** Rows that failed; they are tried again when their lease lapses. */
  readonly failed: readonly number[];
  /** Rows dropped after INTAKE_MAX_ATTEMPTS failures. */
  readonly dropped: readonly number[];
}

/** Thrown inside a row's transaction when another worker took the row over: rolls it back. */
class LeaseLost extends Error {
  override name = 'LeaseLost';
}

/**
 * Claims a batch of intake rows for `owner` and carries each out as the request would
 * have: idempotency replay, rate decision, supporter, duplicate, consents and the
 * confirmation email into the outbox — in the transaction that deletes the row, so a row
 * is carried out exactly once and its copy of the address goes with it.
 */
export async function processIntake(deps: ActionDeps, owner: string): Promise<IntakeRound> {
  const rows = await claimIntake(deps.db, deps.dialect, { owner, now: deps.clock(), leaseSeconds: INTAKE_LEASE_SECONDS, limit: INTAKE_BATCH });
  const outcomes: Partial<Record<SubmissionOutcome | 'gone', number>> = {};
  const failed: number[] = [];
  const dropped: number[] = [];
  // Together: the batcher commits them as one transaction (one fsync), and a failing row alone.
  const results = await Promise.all(
    rows.map((row) =>
      processRow(deps, row).then(
        (outcome) => ({ row, outcome }),
        (error: unknown) => ({ row, error }),
      ),
    ),
  );
  for (const result of results) {
    const { row } = result;
    if ('outcome' in result) {
      outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
    } else if (row.attempts >= INTAKE_MAX_ATTEMPTS && !(result.error instanceof LeaseLost)) {
      await dropIntake(deps.db, row.id);
      dropped.push(row.id);
    } else {
      failed.push(row.id);
    }
  }
  return { claimed: rows.length, outcomes, failed, dropped };
}

async function processRow(deps: ActionDeps, row: IntakeRow): Promise<SubmissionOutcome | 'gone'> {
  // Read before the transaction: on SQLite it holds the one connection, and the
  // (memoised) lookup must not wait for it.
  const found = await deps.campaigns.byId(row.campaign_id);
  const outcome = await deps.batcher.run(async (trx) => {
    if (!(await deleteProcessedIntake(trx, row))) throw new LeaseLost(`intake row ${row.id} is another worker's now`);
    // A campaign deleted since: nothing left to act on.
    if (!found) return 'gone' as const;
    const entry = entryOf(row, found);
    return row.form === 'own_mail' || row.form === 'call' ? recordSelfReportIn(trx, deps, { ...entry, method: row.form }) : recordActionIn(trx, deps, entry);
  });
  if (outcome === 'confirmed') deps.counter.changed(row.campaign_id);
  return outcome;
}

function entryOf(row: IntakeRow, campaign: PublicCampaign): IntakeEntry {
  return {
    intakeId: row.id,
    campaign,
    input: intakeInput(row),
    ipKey: row.ip_key,
    proof: row.proof_of_work === 1,
    idempotencyKey: row.idempotency_key,
    receivedAt: new Date(row.created_at),
  };
}

/**
 * Processes until the intake is empty, waiting for rows another worker holds. Tests call
 * it after a submission to see what the worker will have done a moment later.
 */
export async function drainIntake(deps: ActionDeps, owner: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const deadline = performance.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const round = await processIntake(deps, owner);
    if (round.claimed === 0 && (await countIntake(deps.db)) === 0) return;
    if (performance.now() > deadline) throw new Error('the intake did not drain in time');
    if (round.claimed === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Releases the intake leases of workers known to be dead, as the delivery worker does
 * its own (services/delivery/deliver-due.ts, releaseStaleLeases): every lease in a SQLite
 * data folder, which one process serves; on PostgreSQL, those of this host's processes
 * that have ended. Returns how many rows were released.
 */
export async function releaseStaleIntakeLeases(deps: Pick<ActionDeps, 'db' | 'dialect'>): Promise<number> {
  if (deps.dialect === 'sqlite') return releaseIntakeLeases(deps.db, 'all');
  return releaseIntakeLeases(deps.db, (await intakeLeaseOwners(deps.db)).filter(deadOnThisHost));
}
