import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * Deletes actions that waited in vain for their email confirmation; their outbox rows
 * (the confirmation email) and digest entries go with them by cascade. Returns how many.
 * The delivery worker calls it on every round (actions_expiry makes it one index probe).
 */
export async function deleteExpiredPending(db: Kysely<DB>, now: Date): Promise<number> {
  const result = await db.deleteFrom('actions').where('status', '=', 'pending').where('expires_at', '<', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
