import type { Kysely } from 'kysely';
import { passwordRule } from '../../domain/accounts/passwords.js';
import { isRole, ROLE_LABELS, type Role, type StaffUser } from '../../domain/accounts/staff.js';
import type { FieldError } from '../../domain/articles/article-input.js';
import { NotFound, ValidationFailed } from '../../domain/errors.js';
import type { Section } from '../../domain/sections/section.js';
import { deleteUserSessions } from '../../store/accounts/session.store.js';
import { disableTotp } from '../../store/accounts/two-factor.store.js';
import {
  clearPasswordHash,
  countActiveAdministrators,
  getUserSummary,
  listUsers,
  setDisabledAt,
  updateRoleAndSections,
  type UserSummary,
} from '../../store/accounts/user-admin.store.js';
import { findUserByEmail, findUserById, insertUser } from '../../store/accounts/user.store.js';
import type { DB } from '../../store/db/schema.js';
import { listSections } from '../../store/sections/section.store.js';
import { audit } from '../audit/audit.js';
import { hashPassword } from './password-hash.js';
import { issueSetPasswordToken } from './set-password.js';
import type { AccountDeps } from './users.js';

/** Who makes a change: a signed-in administrator, or a label such as "command line". */
export type Actor = Pick<StaffUser, 'id' | 'name'> | string;

/** An account as an administrator (or the CLI) adds it; no password means "send a link". */
export interface AddUserInput {
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly sectionSlugs: readonly string[];
  readonly password: string | null;
}

export type { UserSummary };

/** Every account and every section (for the list and the forms). */
export async function usersOverview(db: Kysely<DB>): Promise<{ users: UserSummary[]; sections: Section[] }> {
  return { users: await listUsers(db), sections: await listSections(db) };
}

/** One account for the admin, or NotFound. */
export async function userForAdmin(db: Kysely<DB>, userId: number): Promise<UserSummary> {
  return getUserSummary(db, userId);
}

/** The role (null, with an error, when it is none) and the sections' ids; a problem with either goes in `errors`. */
async function checkRoleAndSections(
  db: Kysely<DB>,
  role: string,
  slugs: readonly string[],
  errors: FieldError[],
): Promise<{ role: Role | null; sectionIds: number[] }> {
  if (!isRole(role))
    errors.push({ field: 'role', message: 'Choose a role: administrator, editor, section_editor, author or coordinator.', key: 'domain.account.role-unknown' });
  if (role === 'section_editor' && slugs.length === 0)
    errors.push({ field: 'sections', message: 'A section editor needs at least one section.', key: 'domain.account.section-required' });
  const sections = await listSections(db);
  const ids: number[] = [];
  for (const slug of new Set(slugs)) {
    const section = sections.find((s) => s.slug === slug);
    if (section) ids.push(section.id);
    else errors.push({ field: 'sections', message: `There is no section "${slug}".`, key: 'domain.section-unknown', values: { slug } });
  }
  return { role: isRole(role) ? role : null, sectionIds: ids };
}

/**
 * Adds an account. With a password it can sign in at once; without, it gets a one-time
 * set-password link (valid 24 h), whose token is returned. Every problem is reported at once.
 */
export async function addUser(deps: AccountDeps, actor: Actor, input: AddUserInput): Promise<{ id: number; setPasswordToken: string | null }> {
  const errors: FieldError[] = [];
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320)
    errors.push({ field: 'email', message: 'Enter an email address such as ada@example.org.', key: 'domain.account.email-invalid' });
  else if (await findUserByEmail(deps.db, email))
    errors.push({ field: 'email', message: 'An account with this email address already exists.', key: 'domain.account.email-taken' });
  if (input.name.trim() === '') errors.push({ field: 'name', message: 'Enter a name.', key: 'domain.account.name-required' });
  else if (input.name.trim().length > 200) errors.push({ field: 'name', message: 'Use at most 200 characters.', key: 'domain.account.name-too-long' });
  const { role, sectionIds } = await checkRoleAndSections(deps.db, input.role, input.sectionSlugs, errors);
  const problem = input.password === null ? null : passwordRule(input.password, deps.commonPasswords());
  if (problem) errors.push({ field: 'password', ...problem });
  if (errors.length > 0 || role === null) throw new ValidationFailed(errors);
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  return deps.db.transaction().execute(async (trx) => {
    const id = await insertUser(trx, { email, name: input.name.trim(), role, passwordHash, sectionIds, contributorId: null }, deps.clock().toISOString());
    const setPasswordToken = passwordHash ? null : await issueSetPasswordToken(trx, deps.clock, id);
    const how = passwordHash ? 'with an initial password' : 'with a set-password link';
    await audit(
      { db: trx, clock: deps.clock },
      { actor, action: 'account-created', subject: { type: 'user', id }, summary: `Created ${input.name.trim()} as ${ROLE_LABELS[role]} ${how}` },
    );
    return { id, setPasswordToken };
  });
}

function sectionNames(ids: readonly number[], sections: readonly Section[]): string {
  return ids.length ? ids.map((id) => sections.find((s) => s.id === id)?.slug ?? `#${id}`).join(', ') : 'none';
}

async function refuseLastAdministrator(db: Kysely<DB>, user: UserSummary, field: string): Promise<void> {
  if (user.role === 'administrator' && !user.disabled && (await countActiveAdministrators(db)) <= 1) {
    throw new ValidationFailed([
      { field, message: 'This is the only active administrator; make someone else an administrator first.', key: 'domain.account.last-administrator' },
    ]);
  }
}

/** Changes an account's role and sections; audited as role-changed with old → new. */
export async function changeRoleAndSections(
  deps: AccountDeps,
  actor: Actor,
  userId: number,
  input: { role: string; sectionSlugs: readonly string[] },
): Promise<void> {
  const user = await userForAdmin(deps.db, userId);
  const errors: FieldError[] = [];
  const { role, sectionIds } = await checkRoleAndSections(deps.db, input.role, input.sectionSlugs, errors);
  if (errors.length > 0 || role === null) throw new ValidationFailed(errors);
  if (role !== 'administrator') await refuseLastAdministrator(deps.db, user, 'role');
  const sections = await listSections(deps.db);
  const before = `${ROLE_LABELS[user.role]} (sections: ${sectionNames(user.sectionIds, sections)})`;
  const after = `${ROLE_LABELS[role]} (sections: ${sectionNames(sectionIds, sections)})`;
  if (before === after) return;
  await deps.db.transaction().execute(async (trx) => {
    await updateRoleAndSections(trx, userId, role, sectionIds);
    await audit(
      { db: trx, clock: deps.clock },
      { actor, action: 'role-changed', subject: { type: 'user', id: userId }, summary: `${user.name}: ${before} → ${after}` },
    );
  });
}

/** Disables an account and ends its sessions; the last active administrator cannot be disabled. */
export async function disableUser(deps: AccountDeps, actor: Actor, userId: number): Promise<void> {
  const user = await userForAdmin(deps.db, userId);
  if (user.disabled) return;
  await refuseLastAdministrator(deps.db, user, 'disable');
  await deps.db.transaction().execute(async (trx) => {
    await setDisabledAt(trx, userId, deps.clock().toISOString());
    await deleteUserSessions(trx, userId);
    await audit(
      { db: trx, clock: deps.clock },
      { actor, action: 'account-disabled', subject: { type: 'user', id: userId }, summary: `Disabled ${user.name}'s account; every session ended` },
    );
  });
}

/** Lets a disabled account sign in again. */
export async function enableUser(deps: AccountDeps, actor: Actor, userId: number): Promise<void> {
  const user = await userForAdmin(deps.db, userId);
  if (!user.disabled) return;
  await deps.db.transaction().execute(async (trx) => {
    await setDisabledAt(trx, userId, null);
    await audit(
      { db: trx, clock: deps.clock },
      { actor, action: 'account-enabled', subject: { type: 'user', id: userId }, summary: `Enabled ${user.name}'s account again` },
    );
  });
}

/**
 * Resets a password: the old one stops working at once (a reset is often made because
 * it leaked), every session ends, and a one-time link (valid 24 h) is returned.
 */
export async function resetPassword(deps: AccountDeps, actor: Actor, userId: number): Promise<string> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new NotFound('This account');
  return deps.db.transaction().execute(async (trx) => {
    await clearPasswordHash(trx, userId);
    await deleteUserSessions(trx, userId);
    const token = await issueSetPasswordToken(trx, deps.clock, userId);
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor,
        action: 'password-reset',
        subject: { type: 'user', id: userId },
        summary: `Reset ${user.name}'s password; every session ended and a set-password link was issued`,
      },
    );
    return token;
  });
}

/** The account with this email, or NotFound (for the command line). */
export async function userIdByEmail(db: Kysely<DB>, email: string): Promise<number> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new NotFound('An account with this email address');
  return user.id;
}

/** Turns off someone's two-step sign-in (a lost phone and lost recovery codes); ends their sessions. */
export async function removeTwoFactor(deps: AccountDeps, actor: Actor, userId: number): Promise<void> {
  const user = await userForAdmin(deps.db, userId);
  if (!user.totpEnabled) return;
  await deps.db.transaction().execute(async (trx) => {
    await disableTotp(trx, userId);
    await deleteUserSessions(trx, userId);
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor,
        action: 'two-factor-disabled',
        subject: { type: 'user', id: userId },
        summary: `Turned off ${user.name}'s two-step sign-in; every session ended`,
      },
    );
  });
}
