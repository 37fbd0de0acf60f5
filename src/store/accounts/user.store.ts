import type { Kysely, Selectable } from 'kysely';
import type { Role, StaffUser } from '../../domain/accounts/staff.js';
import { fromJson, toJson } from '../db/json.js';
import type { DB, UsersTable } from '../db/schema.js';

/** A user row with what sign-in needs beyond {@link StaffUser}. */
export interface UserRecord extends StaffUser {
  readonly passwordHash: string | null;
  readonly totpSecret: string | null;
  readonly recoveryCodes: readonly string[];
  readonly disabled: boolean;
  /** The admin's language chosen by this person, or null for the site's default. */
  readonly language: string | null;
  /** The IANA time zone chosen by this person, or null for UTC. */
  readonly timeZone: string | null;
}

async function toRecord(db: Kysely<DB>, row: Selectable<UsersTable>): Promise<UserRecord> {
  const sections = await db.selectFrom('user_sections').select('section_id').where('user_id', '=', row.id).orderBy('section_id').execute();
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    sectionIds: sections.map((s) => s.section_id),
    contributorId: row.contributor_id,
    totpEnabled: row.totp_enabled_at !== null,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    recoveryCodes: fromJson(row.recovery_codes),
    disabled: row.disabled_at !== null,
    language: row.language,
    timeZone: row.time_zone,
  };
}

/** The user with this id, or undefined. */
export async function findUserById(db: Kysely<DB>, id: number): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(db, row) : undefined;
}

/** The user with this email (compared lower-cased), or undefined. */
export async function findUserByEmail(db: Kysely<DB>, email: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  return row ? toRecord(db, row) : undefined;
}

/** How many accounts exist; zero means the first start still needs its administrator. */
export async function countUsers(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Creates a user with their sections; returns the id. */
export async function insertUser(
  db: Kysely<DB>,
  user: { email: string; name: string; role: Role; passwordHash: string | null; sectionIds: readonly number[]; contributorId: number | null },
  now: string,
): Promise<number> {
  const { id } = await db
    .insertInto('users')
    .values({
      email: user.email.trim().toLowerCase(),
      name: user.name,
      role: user.role,
      password_hash: user.passwordHash,
      contributor_id: user.contributorId,
      recovery_codes: toJson([]),
      created_at: now,
      password_changed_at: user.passwordHash ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (user.sectionIds.length > 0)
    await db
      .insertInto('user_sections')
      .values(user.sectionIds.map((section_id) => ({ user_id: id, section_id })))
      .execute();
  return id;
}

/** Replaces a user's password hash. */
export async function updatePasswordHash(db: Kysely<DB>, userId: number, passwordHash: string, now: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now }).where('id', '=', userId).execute();
}

/** Records the admin language and time zone a person chose (null: the site's default, UTC). */
export async function updateUserPreferences(db: Kysely<DB>, userId: number, preferences: { language: string | null; timeZone: string | null }): Promise<void> {
  await db.updateTable('users').set({ language: preferences.language, time_zone: preferences.timeZone }).where('id', '=', userId).execute();
}
