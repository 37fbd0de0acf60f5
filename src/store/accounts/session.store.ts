import type { Kysely } from 'kysely';
import type { DB, SessionsTable } from '../db/schema.js';

/** Records a new session. */
export async function insertSession(db: Kysely<DB>, session: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** The session with this token hash, or undefined. */
export async function findSession(db: Kysely<DB>, tokenHash: string): Promise<SessionsTable | undefined> {
  return db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Moves a session's idle clock forward. */
export async function touchSession(db: Kysely<DB>, tokenHash: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

/** Marks that the session's holder passed the second factor. */
export async function markSecondFactor(db: Kysely<DB>, tokenHash: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ second_factor_at: at }).where('token_hash', '=', tokenHash).execute();
}

/** Ends one session. */
export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user (sign-out everywhere, password change). */
export async function deleteUserSessions(db: Kysely<DB>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Ends every session of a user but one (the one that just proved a new second factor). */
export async function deleteOtherSessions(db: Kysely<DB>, userId: number, keepTokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('token_hash', '!=', keepTokenHash).execute();
}
