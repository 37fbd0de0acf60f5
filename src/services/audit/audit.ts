import type { Kysely } from 'kysely';
import type { StaffUser } from '../../domain/accounts/staff.js';
import { appendAudit } from '../../store/audit/audit.store.js';
import type { DB } from '../../store/db/schema.js';
import type { Clock } from '../shared/clock.js';

/** The kinds of event the audit log records. */
export type AuditAction =
  | 'sign-in'
  | 'sign-in-failed'
  | 'sign-out'
  | 'password-changed'
  | 'preferences-changed'
  | 'account-created'
  | 'role-changed'
  | 'two-factor-enabled'
  | 'two-factor-disabled'
  | 'account-disabled'
  | 'account-enabled'
  | 'password-reset'
  | 'settings-changed'
  | 'article-published'
  | 'article-scheduled'
  | 'article-updated'
  | 'article-withdrawn'
  | 'article-restored'
  | 'translation-added'
  | 'translation-linked'
  | 'translation-unlinked'
  | 'translation-marked-current'
  | 'export'
  | 'site-exported'
  | 'supporters-viewed'
  | 'campaign-created'
  | 'campaign-status-changed'
  | 'campaign-delivery-changed'
  | 'outcome-posted'
  | 'held-released'
  | 'held-discarded'
  | 'section-created'
  | 'section-changed'
  | 'section-retired'
  | 'section-unretired'
  | 'archive-imported';

/**
 * Records who did what and when. `actor` is a user, or a label for the system or an
 * unknown party ("someone trying ada@…" is never written: a failed sign-in names the
 * account only by id when it exists, so the log holds no guessed addresses).
 */
export async function audit(
  deps: { db: Kysely<DB>; clock: Clock },
  entry: { actor: Pick<StaffUser, 'id' | 'name'> | string; action: AuditAction; subject?: { type: string; id: string | number }; summary: string },
): Promise<void> {
  await appendAudit(deps.db, {
    at: deps.clock().toISOString(),
    actor_id: typeof entry.actor === 'string' ? null : entry.actor.id,
    actor_label: typeof entry.actor === 'string' ? entry.actor : entry.actor.name,
    action: entry.action,
    subject_type: entry.subject?.type ?? null,
    subject_id: entry.subject ? String(entry.subject.id) : null,
    summary: entry.summary,
  });
}
