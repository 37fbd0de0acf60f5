import { passwordRule } from '../../domain/accounts/passwords.js';
import { validatePreferences, type PreferencesForm } from '../../domain/accounts/preferences.js';
import type { StaffUser } from '../../domain/accounts/staff.js';
import type { FieldError } from '../../domain/articles/article-input.js';
import { ValidationFailed } from '../../domain/errors.js';
import { deleteUserSessions } from '../../store/accounts/session.store.js';
import { updatePasswordHash, updateUserPreferences } from '../../store/accounts/user.store.js';
import { audit } from '../audit/audit.js';
import { hashPassword } from './password-hash.js';
import { confirmOwnPassword, type ReauthDeps } from './reauthenticate.js';
import type { AccountDeps } from './users.js';

/**
 * Changes one's own password: the current one is asked for again, and every session of
 * the account ends, this one included, so whoever else held a session is out too.
 * Throws ValidationFailed naming `current` and/or `password`.
 */
export async function changeOwnPassword(
  deps: ReauthDeps,
  user: Pick<StaffUser, 'id' | 'name'>,
  input: { current: string; password: string; ip: string; device?: string },
): Promise<'ok' | 'throttled'> {
  const errors: FieldError[] = [];
  const problem = passwordRule(input.password, deps.commonPasswords());
  if (problem) errors.push({ field: 'password', ...problem });
  else if (input.password === input.current)
    errors.push({ field: 'password', message: 'Choose a password different from the current one.', key: 'domain.password.same-as-current' });
  const check = await confirmOwnPassword(deps, user.id, { password: input.current, ip: input.ip, device: input.device });
  if (check === 'throttled') return 'throttled';
  if (check === 'wrong') errors.unshift({ field: 'current', message: 'That is not your current password.', key: 'domain.password.current-wrong' });
  if (errors.length > 0) throw new ValidationFailed(errors);
  const hash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, user.id, hash, deps.clock().toISOString());
    await deleteUserSessions(trx, user.id);
    await audit(
      { db: trx, clock: deps.clock },
      { actor: user, action: 'password-changed', subject: { type: 'user', id: user.id }, summary: 'Changed their password; every session ended' },
    );
  });
  return 'ok';
}

/** Ends every session of one's account, on every device, this one included. */
export async function signOutEverywhere(deps: Pick<AccountDeps, 'db' | 'clock'>, user: Pick<StaffUser, 'id' | 'name'>): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await deleteUserSessions(trx, user.id);
    await audit({ db: trx, clock: deps.clock }, { actor: user, action: 'sign-out', subject: { type: 'user', id: user.id }, summary: 'Signed out everywhere' });
  });
}

/**
 * Records the admin language and time zone a member of staff chose for themselves, among
 * the `languages` that have a catalogue. Throws ValidationFailed naming `language` and/or
 * `timeZone`; audited like every other change to an account.
 */
export async function chooseAdminPreferences(
  deps: Pick<AccountDeps, 'db' | 'clock'>,
  user: Pick<StaffUser, 'id' | 'name'>,
  form: PreferencesForm,
  languages: readonly string[],
): Promise<void> {
  const { preferences, errors } = validatePreferences(form, languages);
  if (errors.length > 0) throw new ValidationFailed(errors);
  await deps.db.transaction().execute(async (trx) => {
    await updateUserPreferences(trx, user.id, preferences);
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor: user,
        action: 'preferences-changed',
        subject: { type: 'user', id: user.id },
        summary: `Admin language ${preferences.language ?? 'default'}, time zone ${preferences.timeZone ?? 'UTC'}`,
      },
    );
  });
}
