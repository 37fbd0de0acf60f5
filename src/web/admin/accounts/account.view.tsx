import type { VNode } from 'preact';
import { ROLE_LABELS, type StaffUser } from '../../../domain/accounts/staff.js';
import { CsrfField, FieldError, NewPasswordField } from '../admin-layout.view.js';

/** One's own account: details, two-step sign-in, password, sessions. */
export function AccountPage(props: { csrf: string; staff: StaffUser; errors: Record<string, string>; notice?: string }): VNode {
  const { staff, errors } = props;
  return (
    <>
      <h1>Your account</h1>
      {props.notice ? (
        <p class="form-error" role="alert">
          {props.notice}
        </p>
      ) : null}
      <dl class="facts">
        <dt>Name</dt>
        <dd>{staff.name}</dd>
        <dt>Email</dt>
        <dd>{staff.email}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[staff.role]}</dd>
        <dt>Two-step sign-in</dt>
        <dd>
          {staff.totpEnabled ? 'On' : 'Off'} (<a href="/admin/account/two-factor">{staff.totpEnabled ? 'manage' : 'turn it on'}</a>)
        </dd>
      </dl>

      <h2 id="password-heading">Change your password</h2>
      <p>Every session of your account ends, this one included; then sign in with the new password.</p>
      <form method="post" action="/admin/account/password" class="stack" aria-labelledby="password-heading">
        <CsrfField token={props.csrf} />
        <label for="current">Current password</label>
        <input id="current" name="current" type="password" autoComplete="current-password" required maxLength={1024} aria-describedby="current-error" />
        <FieldError id="current-error" message={errors.current} />
        <NewPasswordField label="New password (8 to 128 characters; a passphrase is best)" error={errors.password} />
        <button type="submit">Change password</button>
      </form>

      <h2>Sessions</h2>
      <p>Signed in on a computer you no longer use? Sign out on every device at once.</p>
      <form method="post" action="/admin/account/sign-out-everywhere" class="inline">
        <CsrfField token={props.csrf} />
        <button type="submit">Sign out everywhere</button>
      </form>
    </>
  );
}

/** After a password change: every session has ended. */
export function PasswordChanged(): VNode {
  return (
    <>
      <h1>Password changed</h1>
      <p>Every session of your account has ended, including this one.</p>
      <p>
        <a href="/admin/sign-in">Sign in with your new password</a>
      </p>
    </>
  );
}
