/** Password rules after NIST SP 800-63B §5.1.1: length, not composition; refuse known-common ones. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/**
 * Checks a new password. `common` is a set of lower-cased common passwords (shipped in
 * the project); the check is case-insensitive so "Password1" is refused like "password1".
 * Returns a message for the person, or null when the password is acceptable.
 */
export function passwordProblem(password: string, common: ReadonlySet<string>): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  if (common.has(password.toLowerCase())) return 'This password is one of the most common ones; choose another.';
  return null;
}
