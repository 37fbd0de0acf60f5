import type { Kysely } from 'kysely';
import type { Dialect } from '../../store/db/database.js';
import type { DB } from '../../store/db/schema.js';
import {
  claimDue,
  leaseOwners,
  markFailed,
  markRetry,
  releaseAllLeases,
  releaseClaim,
  releaseLeasesOf,
  type OutboxRow,
} from '../../store/outbox/outbox-claim.store.js';
import { deleteExpiredPending } from '../../store/outbox/pending-expiry.store.js';
import { MailError, type Mailer, type OutgoingMessage } from '../mail/mailer.js';
import type { Clock } from '../shared/clock.js';
import { deadOnThisHost } from '../shared/lease-owners.js';
import type { MailIdentity } from './queue-deliveries.js';
import { nextRetry } from './retry-policy.js';
import { createSentMarks, type SentMarks } from './sent-marks.js';

/** What sending due mail needs. `owner` names this worker in the leases it takes. */
export interface DeliveryDeps {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  readonly clock: Clock;
  readonly mailer: Mailer;
  readonly mail: MailIdentity;
  readonly owner: string;
}

/** What one batch did, by outbox id (ids only: rows carry addresses that must not reach logs). */
export interface BatchResult {
  readonly claimed: number;
  readonly sent: number[];
  readonly retried: number[];
  readonly failed: number[];
}

/** Messages claimed at once. */
export const BATCH_SIZE = 50;

/** Sends in flight at once: as many as the SMTP pool keeps connections (smtp-mailer.ts). */
export const SEND_CONCURRENCY = 4;

/**
 * How long a claim is held. A dead worker's messages wait this long before another
 * worker takes them (on SQLite a restart releases them at once: releaseStaleLeases).
 */
export const LEASE_SECONDS = 120;

/**
 * The longest one send may take: connecting (10 s) plus a server that stalls just short
 * of the socket timeout (60 s) in smtp-mailer.ts, with a margin. A send starts only while
 * this much of the lease is left, so it cannot outlive the lease and race another worker.
 */
export const SEND_BUDGET_MS = 75_000;

function cc(row: OutboxRow): { address: string }[] {
  const parsed: unknown = JSON.parse(row.cc);
  return Array.isArray(parsed) ? parsed.filter((a): a is string => typeof a === 'string' && a !== '').map((address) => ({ address })) : [];
}

/**
 * The message an outbox row stands for. From is always the organisation's own address (a
 * supporter's address as From would fail SPF and DMARC and be dropped); named mode shows
 * the supporter's name and puts the supporter in Reply-To.
 */
export function toOutgoing(row: OutboxRow & { recipient: string }, mail: MailIdentity): OutgoingMessage {
  const fromName = row.from_name ?? mail.fromName;
  return {
    messageId: row.message_id,
    from: { name: fromName, address: mail.fromAddress },
    to: [{ address: row.recipient }],
    cc: cc(row),
    replyTo: row.reply_to ? { name: fromName, address: row.reply_to } : null,
    subject: row.subject,
    text: row.body,
  };
}

/** 'lost': sent, but the lease had passed to another worker, whose outcome stands. */
type Outcome = 'sent' | 'retried' | 'failed' | 'released' | 'lost';

async function deliverOne(deps: DeliveryDeps, row: OutboxRow, marks: SentMarks): Promise<Outcome> {
  const { db } = deps;
  if (row.lease_until && deps.clock().getTime() + SEND_BUDGET_MS > Date.parse(row.lease_until)) {
    await releaseClaim(db, row);
    return 'released';
  }
  if (!row.recipient) {
    // The supporter erased their data before the message left: there is no one to send to.
    await markFailed(db, row, { status: 'cancelled', error: 'no recipient' });
    return 'failed';
  }
  try {
    await deps.mailer.send(toOutgoing({ ...row, recipient: row.recipient }, deps.mail));
  } catch (error) {
    const mailError = error instanceof MailError ? error : new MailError('unexpected error while sending', false);
    if (mailError.permanent) {
      await markFailed(db, row, { status: mailError.recipientRefused ? 'bounced' : 'failed', error: mailError.message });
      return 'failed';
    }
    const next = nextRetry(row.attempts, deps.clock());
    if ('giveUp' in next) {
      await markFailed(db, row, { status: 'failed', error: `gave up after 48 hours: ${mailError.message}` });
      return 'failed';
    }
    await markRetry(db, row, { notBefore: next.retryAt, error: mailError.message });
    return 'retried';
  }
  // Marked the moment the server has it, and the lane waits for the mark before its next
  // send: a crash can then leave at most one sent message per lane unmarked, to be sent
  // again (same Message-ID) by the next worker, instead of a whole batch (sent-marks.ts).
  return (await marks.mark(row)) ? 'sent' : 'lost';
}

/**
 * Claims one batch of due messages and sends them, `SEND_CONCURRENCY` at a time. Each
 * message is marked (sent, retry, failed) by one small UPDATE as soon as the SMTP server
 * answers, while the lease keeps the rest of the batch. A crash therefore sends again at
 * most the messages whose reply had arrived but whose mark had not committed — one per
 * lane — under the same Message-ID, which receivers use to drop the duplicate (delivery
 * is at least once).
 */
export async function deliverDue(deps: DeliveryDeps, options: { limit?: number } = {}): Promise<BatchResult> {
  const rows = await claimDue(deps.db, deps.dialect, { owner: deps.owner, now: deps.clock(), leaseSeconds: LEASE_SECONDS, limit: options.limit ?? BATCH_SIZE });
  const outcomes: (readonly [number, Outcome])[] = [];
  const marks = createSentMarks(deps);
  let next = 0;
  const lane = async () => {
    for (let row = rows[next++]; row; row = rows[next++]) outcomes.push([row.id, await deliverOne(deps, row, marks)]);
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, rows.length) }, lane));
  const ids = (outcome: Outcome) => outcomes.filter(([, o]) => o === outcome).map(([id]) => id);
  return { claimed: rows.length, sent: ids('sent'), retried: ids('retried'), failed: ids('failed') };
}

/**
 * Releases the leases of workers known to be dead, so their messages go now rather than
 * when the lease lapses; a worker calls it as it starts. One process serves a SQLite data
 * folder, so every lease found there is a dead predecessor's. On PostgreSQL other nodes'
 * leases are live until they lapse, but a worker that ran on this host under a process
 * that no longer exists is known dead (a restart after a crash resumes delivery at once).
 * Returns how many messages were released.
 */
export async function releaseStaleLeases(deps: Pick<DeliveryDeps, 'db' | 'dialect'>): Promise<number> {
  if (deps.dialect === 'sqlite') return releaseAllLeases(deps.db);
  return releaseLeasesOf(deps.db, (await leaseOwners(deps.db)).filter(deadOnThisHost));
}

/**
 * Deletes actions that waited in vain for their email confirmation, with their
 * confirmation email and digest entries; returns how many. Cheap enough for every round.
 */
export async function expirePendingActions(deps: Pick<DeliveryDeps, 'db' | 'clock'>): Promise<number> {
  return deleteExpiredPending(deps.db, deps.clock());
}
