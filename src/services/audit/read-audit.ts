import type { Kysely } from 'kysely';
import { auditActions, countAudit, listAudit, type AuditEntry } from '../../store/audit/audit.store.js';
import type { DB } from '../../store/db/schema.js';

/** How many entries one page of the audit log shows. */
export const AUDIT_PAGE_SIZE = 50;

/** One page of the audit log, newest first, and what the filter can offer. */
export interface AuditPage {
  readonly entries: AuditEntry[];
  readonly total: number;
  readonly pages: number;
  readonly actions: string[];
}

/**
 * Reads the audit log a page at a time, of one action when asked. The log is read-only
 * here as everywhere: Placard has no way to change or remove an entry.
 */
export async function readAuditLog(db: Kysely<DB>, query: { page: number; action?: string }): Promise<AuditPage> {
  const total = await countAudit(db, { action: query.action });
  const entries = await listAudit(db, { limit: AUDIT_PAGE_SIZE, offset: (query.page - 1) * AUDIT_PAGE_SIZE, action: query.action });
  return { entries, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), actions: await auditActions(db) };
}
