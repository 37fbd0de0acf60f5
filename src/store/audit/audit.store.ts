import type { Kysely } from 'kysely';
import type { AuditLogTable, DB } from '../db/schema.js';

/** One entry of the audit log, as read back. */
export type AuditEntry = Omit<AuditLogTable, 'id'> & { id: number };

/** Appends an entry. The log has no update or delete function anywhere in Placard. */
export async function appendAudit(db: Kysely<DB>, entry: Omit<AuditLogTable, 'id'>): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

/** The newest entries first, a page at a time. */
export async function listAudit(db: Kysely<DB>, page: { limit: number; offset: number }): Promise<AuditEntry[]> {
  return db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
}
