import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { toJson } from '../db/json.js';

/**
 * Stores a secret offered for enrolment. Only an account without TOTP gets one, so a
 * second visit to the enrolment page cannot replace a secret already in use.
 */
export async function setPendingTotpSecret(db: Kysely<DB>, userId: number, secret: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret: secret }).where('id', '=', userId).where('totp_enabled_at', 'is', null).execute();
}

/** Turns TOTP on with the step of the confirming code and the hashes of new recovery codes. */
export async function enableTotp(db: Kysely<DB>, userId: number, input: { at: string; step: number; recoveryHashes: readonly string[] }): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_enabled_at: input.at, totp_last_step: input.step, recovery_codes: toJson(input.recoveryHashes) })
    .where('id', '=', userId)
    .where('totp_enabled_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Turns TOTP off and forgets the secret, the recovery codes and the last step. */
export async function disableTotp(db: Kysely<DB>, userId: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, recovery_codes: toJson([]) })
    .where('id', '=', userId)
    .execute();
}

/**
 * Records that a time step was used, only if it is later than the last one. Returns
 * false when another request claimed this step (or a later one) first: the check and
 * the write are one statement, so two requests racing with one code cannot both pass.
 */
export async function claimTotpStep(db: Kysely<DB>, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The last step used by an account, or null. */
export async function lastTotpStep(db: Kysely<DB>, userId: number): Promise<number | null> {
  const row = await db.selectFrom('users').select('totp_last_step').where('id', '=', userId).executeTakeFirst();
  return row?.totp_last_step ?? null;
}

/**
 * Replaces the stored recovery-code hashes only if they are still what the caller read
 * (compare and swap), so one code cannot be spent twice by two racing requests.
 */
export async function swapRecoveryCodes(db: Kysely<DB>, userId: number, before: readonly string[], after: readonly string[]): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ recovery_codes: toJson(after) })
    .where('id', '=', userId)
    .where('recovery_codes', '=', toJson(before))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
