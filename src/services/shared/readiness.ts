import type { Kysely } from 'kysely';
import { pendingMigrations } from '../../store/migrations/migrate.js';
import type { DB } from '../../store/db/schema.js';

/** Whether a node should be sent traffic, and if not, why (for the operator, never secret). */
export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

/** A database that does not answer within this long counts as unreachable: a load balancer's check must not hang. */
export const READY_TIMEOUT_MS = 2_000;

/**
 * Whether this node can serve: its database answers within two seconds and has every
 * migration this Placard knows (a node of a newer release started before the database
 * was migrated is not ready). Says nothing about the listener, which is what `/health` is for.
 */
export async function checkReadiness(db: Kysely<DB>, timeoutMs = READY_TIMEOUT_MS): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reason: 'the database did not answer in time' }), timeoutMs);
  });
  const check = pendingMigrations(db).then(
    (pending): Readiness => (pending.length === 0 ? { ready: true } : { ready: false, reason: `migrations not applied: ${pending.join(', ')}` }),
    (): Readiness => ({ ready: false, reason: 'the database cannot be read' }),
  );
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
