import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { passwordRule } from '../../domain/accounts/passwords.js';
import { isRole } from '../../domain/accounts/staff.js';
import type { FieldError } from '../../domain/articles/article-input.js';
import { ValidationFailed } from '../../domain/errors.js';
import { findUserByEmail, insertUser, updatePasswordHash } from '../../store/accounts/user.store.js';
import type { DB } from '../../store/db/schema.js';
import { findSectionBySlug } from '../../store/sections/section.store.js';
import type { Clock } from '../shared/clock.js';
import { hashPassword } from './password-hash.js';
import { endAllSessions } from './sessions.js';

const loaded = new Map<string, ReadonlySet<string>>();

/** Reads the common-password list once (lines starting with # are comments). */
export function loadCommonPasswords(file: string): ReadonlySet<string> {
  let set = loaded.get(file);
  if (!set) {
    set = new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#')),
    );
    loaded.set(file, set);
  }
  return set;
}

/** What the account services need. */
export interface AccountDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly commonPasswords: () => ReadonlySet<string>;
}

/** A new account as an administrator (or the CLI) states it. */
export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly password: string;
  readonly sectionSlugs: readonly string[];
}

function checkUser(input: NewUser, common: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim()))
    errors.push({ field: 'email', message: 'Enter an email address such as ada@example.org.', key: 'domain.account.email-invalid' });
  if (input.name.trim() === '') errors.push({ field: 'name', message: 'Enter a name.', key: 'domain.account.name-required' });
  if (!isRole(input.role))
    errors.push({ field: 'role', message: 'Choose a role: administrator, editor, section_editor, author or coordinator.', key: 'domain.account.role-unknown' });
  if (input.role === 'section_editor' && input.sectionSlugs.length === 0)
    errors.push({ field: 'sections', message: 'A section editor needs at least one section.', key: 'domain.account.section-required' });
  const problem = passwordRule(input.password, common);
  if (problem) errors.push({ field: 'password', ...problem });
  return errors;
}

/** Creates an account; throws ValidationFailed with every problem at once. */
export async function createUser(deps: AccountDeps, input: NewUser): Promise<number> {
  const errors = checkUser(input, deps.commonPasswords());
  const sectionIds: number[] = [];
  for (const slug of input.sectionSlugs) {
    const section = await findSectionBySlug(deps.db, slug);
    if (section) sectionIds.push(section.id);
    else errors.push({ field: 'sections', message: `There is no section "${slug}".`, key: 'domain.section-unknown', values: { slug } });
  }
  if (errors.length === 0 && (await findUserByEmail(deps.db, input.email)))
    errors.push({ field: 'email', message: 'An account with this email address already exists.', key: 'domain.account.email-taken' });
  // checkUser has refused a role that is none.
  if (errors.length > 0 || !isRole(input.role)) throw new ValidationFailed(errors);
  const passwordHash = await hashPassword(input.password);
  return insertUser(
    deps.db,
    { email: input.email, name: input.name.trim(), role: input.role, passwordHash, sectionIds, contributorId: null },
    deps.clock().toISOString(),
  );
}

/** Sets a new password and ends every session of the account (sign-in again everywhere). */
export async function changePassword(deps: AccountDeps, userId: number, password: string): Promise<void> {
  const problem = passwordRule(password, deps.commonPasswords());
  if (problem) throw new ValidationFailed([{ field: 'password', ...problem }]);
  await updatePasswordHash(deps.db, userId, await hashPassword(password), deps.clock().toISOString());
  await endAllSessions(deps.db, userId);
}
