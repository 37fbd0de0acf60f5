import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../../domain/accounts/staff.js';
import { NotFound } from '../../domain/errors.js';
import type { DB, UsersTable } from '../db/schema.js';

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

const SUMMARY_COLUMNS = ['id', 'email', 'name', 'role', 'totp_enabled_at', 'disabled_at', 'created_at', 'password_hash'] as const;

function toSummary(row: Pick<Selectable<UsersTable>, (typeof SUMMARY_COLUMNS)[number]>, sectionIds: readonly number[]): UserSummary {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    sectionIds,
    totpEnabled: row.totp_enabled_at !== null,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    hasPassword: row.password_hash !== null,
  };
}

/** Every account by name; two queries whatever the number. */
export async function listUsers(db: Kysely<DB>): Promise<UserSummary[]> {
  const rows = await db.selectFrom('users').select(SUMMARY_COLUMNS).orderBy('name').orderBy('id').execute();
  const links = await db.selectFrom('user_sections').select(['user_id', 'section_id']).orderBy('section_id').execute();
  return rows.map((row) =>
    toSummary(
      row,
      links.filter((l) => l.user_id === row.id).map((l) => l.section_id),
    ),
  );
}

/** One account; NotFound when there is none with this id. */
export async function getUserSummary(db: Kysely<DB>, id: number): Promise<UserSummary> {
  const row = await db
    .selectFrom('users')
    .select(SUMMARY_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirstOrThrow(() => new NotFound('This account'));
  const links = await db.selectFrom('user_sections').select('section_id').where('user_id', '=', id).orderBy('section_id').execute();
  return toSummary(
    row,
    links.map((l) => l.section_id),
  );
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
