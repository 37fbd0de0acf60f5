import type { Kysely } from 'kysely';
import type { AccountTokensTable, DB } from '../db/schema.js';

/** Records a one-time link's token hash. */
export async function insertAccountToken(db: Kysely<DB>, token: AccountTokensTable): Promise<void> {
  await db.insertInto('account_tokens').values(token).execute();
}

/** The token row with this hash and purpose, or undefined. */
export async function findAccountToken(db: Kysely<DB>, tokenHash: string, purpose: string): Promise<AccountTokensTable | undefined> {
  return db.selectFrom('account_tokens').selectAll().where('token_hash', '=', tokenHash).where('purpose', '=', purpose).executeTakeFirst();
}

/** Marks a token used; false when it already was (a link works once, even under a race). */
export async function markAccountTokenUsed(db: Kysely<DB>, tokenHash: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('account_tokens')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Removes a user's unused links of one purpose, so that only the newest one works. */
export async function deleteUnusedAccountTokens(db: Kysely<DB>, userId: number, purpose: string): Promise<void> {
  await db.deleteFrom('account_tokens').where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
}

/** Removes a purpose's tokens that belong to no account and expired before `now`. */
export async function deleteExpiredUnownedAccountTokens(db: Kysely<DB>, purpose: string, now: string): Promise<void> {
  await db.deleteFrom('account_tokens').where('purpose', '=', purpose).where('user_id', 'is', null).where('expires_at', '<=', now).execute();
}
