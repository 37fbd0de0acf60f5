import type { Kysely } from 'kysely';
import type { AuditLogTable, DB } from '../db/schema.js';

/** One entry of the audit log, as read back. */
export type AuditEntry = Omit<AuditLogTable, 'id'> & { id: number };

/** Appends an entry. The log has no update or delete function anywhere in Placard. */
export async function appendAudit(db: Kysely<DB>, entry: Omit<AuditLogTable, 'id'>): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

/** The newest entries first, a page at a time, of one action when `action` is given. */
export async function listAudit(db: Kysely<DB>, page: { limit: number; offset: number; action?: string }): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (page.action) query = query.where('action', '=', page.action);
  return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
}

/** How many entries there are (of one action when given). */
export async function countAudit(db: Kysely<DB>, filter: { action?: string } = {}): Promise<number> {
  let query = db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (filter.action) query = query.where('action', '=', filter.action);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** The actions that occur in the log, alphabetically (the viewer's filter offers these). */
export async function auditActions(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute()).map((r) => r.action);
}
