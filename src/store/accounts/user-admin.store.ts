import type { Kysely } from 'kysely';
import type { Role } from '../../domain/accounts/staff.js';
import type { DB } from '../db/schema.js';

/** An account as the users admin lists it (no hashes, no secrets). */
export interface UserSummary {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly sectionIds: readonly number[];
  readonly totpEnabled: boolean;
  readonly disabled: boolean;
  readonly createdAt: string;
  /** False while the account has never set a password (a set-password link is pending). */
  readonly hasPassword: boolean;
}

/** Every account by name, or the one with `only` as its id; two queries whatever the number. */
export async function listUsers(db: Kysely<DB>, only?: number): Promise<UserSummary[]> {
  let users = db.selectFrom('users').select(['id', 'email', 'name', 'role', 'totp_enabled_at', 'disabled_at', 'created_at', 'password_hash']);
  let sections = db.selectFrom('user_sections').select(['user_id', 'section_id']);
  if (only !== undefined) {
    users = users.where('id', '=', only);
    sections = sections.where('user_id', '=', only);
  }
  const rows = await users.orderBy('name').orderBy('id').execute();
  const links = await sections.orderBy('section_id').execute();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    sectionIds: links.filter((l) => l.user_id === row.id).map((l) => l.section_id),
    totpEnabled: row.totp_enabled_at !== null,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    hasPassword: row.password_hash !== null,
  }));
}

/** Sets a user's role and replaces their sections. */
export async function updateRoleAndSections(db: Kysely<DB>, userId: number, role: Role, sectionIds: readonly number[]): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
  await db.deleteFrom('user_sections').where('user_id', '=', userId).execute();
  if (sectionIds.length > 0)
    await db
      .insertInto('user_sections')
      .values(sectionIds.map((section_id) => ({ user_id: userId, section_id })))
      .execute();
}

/** Disables an account (at a time) or enables it again (null). */
export async function setDisabledAt(db: Kysely<DB>, userId: number, at: string | null): Promise<void> {
  await db.updateTable('users').set({ disabled_at: at }).where('id', '=', userId).execute();
}

/** Removes a password: the account can sign in again only through a set-password link. */
export async function clearPasswordHash(db: Kysely<DB>, userId: number): Promise<void> {
  await db.updateTable('users').set({ password_hash: null }).where('id', '=', userId).execute();
}

/** How many administrators can still sign in. */
export async function countActiveAdministrators(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('role', '=', 'administrator')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
