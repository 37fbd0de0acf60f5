import type { Kysely, Selectable } from 'kysely';
import { NotFound } from '../../domain/errors.js';
import type { OutboxKind, OutboxStatus } from '../../domain/outbox/outbox.js';
import type { DB, OutboxTable } from '../db/schema.js';

/** One line of the outbox list. */
export interface OutboxRow {
  readonly id: number;
  readonly kind: OutboxKind;
  readonly recipient: string | null;
  readonly subject: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly notBefore: string;
  readonly sentAt: string | null;
}

/** The latest messages, newest first, optionally of one status, and how many there are. */
export async function listOutbox(
  db: Kysely<DB>,
  filter: { status?: OutboxStatus },
  page: { limit: number; offset: number },
): Promise<{ rows: OutboxRow[]; total: number }> {
  let query = db.selectFrom('outbox');
  if (filter.status) query = query.where('status', '=', filter.status);
  const [rows, count] = await Promise.all([
    query
      .select(['id', 'kind', 'recipient', 'subject', 'status', 'attempts', 'not_before', 'sent_at'])
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      recipient: r.recipient,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      notBefore: r.not_before,
      sentAt: r.sent_at,
    })),
    total: Number(count.n),
  };
}

/** One message as queued, every column but the worker's lease. */
export type OutboxMessage = Omit<Selectable<OutboxTable>, 'lease_owner' | 'lease_until'>;

/** A message by id; NotFound when there is none. */
export async function getOutboxMessage(db: Kysely<DB>, id: number): Promise<OutboxMessage> {
  return db
    .selectFrom('outbox')
    .select([
      'id',
      'kind',
      'campaign_id',
      'target_id',
      'action_id',
      'message_id',
      'recipient',
      'cc',
      'from_name',
      'reply_to',
      'subject',
      'body',
      'status',
      'not_before',
      'attempts',
      'last_error',
      'created_at',
      'sent_at',
    ])
    .where('id', '=', id)
    .executeTakeFirstOrThrow(() => new NotFound('The message'));
}

/** How many messages wait in the outbox (queued, due now or later), for the metrics a scraper reads. */
export async function countQueuedOutbox(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'queued')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
