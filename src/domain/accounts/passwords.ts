/** Password rules after NIST SP 800-63B §5.1.1: length, not composition; refuse known-common ones. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Why a new password is refused: English words, and their key in the catalogues for the admin. */
export interface PasswordRule {
  readonly message: string;
  readonly key: string;
  readonly values?: Readonly<Record<string, number>>;
}

/**
 * Checks a new password. `common` is a set of lower-cased common passwords (shipped in
 * the project); the check is case-insensitive so "Password1" is refused like "password1".
 * Returns the rule it breaks, or null when the password is acceptable.
 */
export function passwordRule(password: string, common: ReadonlySet<string>): PasswordRule | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return { message: `Use at least ${PASSWORD_MIN} characters.`, key: 'domain.password.too-short', values: { min: PASSWORD_MIN } };
  if (length > PASSWORD_MAX) return { message: `Use at most ${PASSWORD_MAX} characters.`, key: 'domain.password.too-long', values: { max: PASSWORD_MAX } };
  if (common.has(password.toLowerCase())) return { message: 'This password is one of the most common ones; choose another.', key: 'domain.password.common' };
  return null;
}

/** {@link passwordRule}'s message alone, for callers that show English (the command line). */
export function passwordProblem(password: string, common: ReadonlySet<string>): string | null {
  return passwordRule(password, common)?.message ?? null;
}
