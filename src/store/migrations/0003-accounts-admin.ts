import type { Kysely } from 'kysely';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Second factor and the audit viewer. `users.totp_last_step` is the last TOTP time step
 * an account used, so that a code cannot be replayed within its window (RFC 6238 §5.2);
 * a step number (about 59 million in 2026) fits an integer. The audit log is read
 * newest first within one action, which the (action, at) index serves.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
  await db.schema.createIndex('audit_log_action_at').on('audit_log').columns(['action', 'at']).execute();
}
