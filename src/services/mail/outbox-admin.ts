import type { Kysely } from 'kysely';
import type { StaffUser } from '../../domain/accounts/staff.js';
import { pageCount } from '../../domain/listing/pagination.js';
import { OUTBOX_STATUSES, type OutboxStatus } from '../../domain/outbox/outbox.js';
import type { DB } from '../../store/db/schema.js';
import { getOutboxMessage, listOutbox, type OutboxMessage, type OutboxRow } from '../../store/outbox/outbox-admin.store.js';
import { audit } from '../audit/audit.js';
import type { Clock } from '../shared/clock.js';

export type { OutboxMessage, OutboxRow };

export { OUTBOX_STATUSES };

/** Messages per page of the outbox list. */
export const OUTBOX_PAGE_SIZE = 50;

/**
 * Where mail goes, for administrators: the SMTP server's host and port (never its user
 * or password), or the folder of .eml files when none is configured.
 */
export function describeMailRoute(mail: { smtpUrl: string | null; outboxDir: string }): string {
  if (!mail.smtpUrl)
    return `No SMTP server is configured (SMTP_URL): every message is written as an .eml file in ${mail.outboxDir} and nothing leaves this machine.`;
  const url = new URL(mail.smtpUrl);
  return `Messages are sent through the SMTP server ${url.hostname}${url.port ? `:${url.port}` : ''} (${url.protocol === 'smtps:' ? 'TLS from the start' : 'STARTTLS when offered'}).`;
}

/**
 * One page of the outbox, newest first. Its recipients include supporters' addresses, so
 * every look is audited as a view of supporter data.
 */
export async function readOutbox(
  deps: { db: Kysely<DB>; clock: Clock },
  user: StaffUser,
  filter: { status?: OutboxStatus; page: number },
): Promise<{ rows: OutboxRow[]; total: number; pages: number }> {
  const { rows, total } = await listOutbox(deps.db, { status: filter.status }, { limit: OUTBOX_PAGE_SIZE, offset: (filter.page - 1) * OUTBOX_PAGE_SIZE });
  const what = `${filter.status ? `${filter.status} messages` : 'all messages'}, page ${filter.page}`;
  await audit(deps, {
    actor: user,
    action: 'supporters-viewed',
    subject: { type: 'outbox', id: filter.status ?? 'all' },
    summary: `Viewed the outbox (${what}: ${rows.length} shown of ${total})`,
  });
  return { rows, total, pages: pageCount(total, OUTBOX_PAGE_SIZE) };
}

/** One message in full (NotFound when there is none); audited like the list. */
export async function readOutboxMessage(deps: { db: Kysely<DB>; clock: Clock }, user: StaffUser, id: number): Promise<OutboxMessage> {
  const message = await getOutboxMessage(deps.db, id);
  await audit(deps, {
    actor: user,
    action: 'supporters-viewed',
    subject: { type: 'outbox-message', id },
    summary: `Read outbox message ${id} (${message.kind})`,
  });
  return message;
}
