import type { VNode } from 'preact';
import { ROLE_LABELS } from '../../../domain/accounts/staff.js';
import type { Section } from '../../../domain/sections/section.js';
import type { UserSummary } from '../../../services/accounts/user-admin.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import { RoleAndSectionFields } from './user-fields.view.js';

function ActionButton(props: { csrf: string; action: string; label: string }): VNode {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField token={props.csrf} />
      <button type="submit">{props.label}</button>
    </form>
  );
}

/** One account: change role and sections, reset the password, disable, remove two-step sign-in. */
export function UserDetail(props: {
  csrf: string;
  user: UserSummary;
  sections: readonly Section[];
  role: string;
  sectionSlugs: readonly string[];
  errors: Record<string, string>;
}): VNode {
  const { user, errors, csrf } = props;
  const base = `/admin/users/${user.id}`;
  return (
    <>
      <h1>{user.name}</h1>
      <dl class="facts">
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[user.role]}</dd>
        <dt>Two-step sign-in</dt>
        <dd>{user.totpEnabled ? 'On' : 'Off'}</dd>
        <dt>Status</dt>
        <dd>{user.disabled ? 'Disabled' : user.hasPassword ? 'Active' : 'Waiting for a password'}</dd>
      </dl>

      <h2>Role and sections</h2>
      <form method="post" action={base} class="stack">
        <CsrfField token={csrf} />
        <RoleAndSectionFields role={props.role} sectionSlugs={props.sectionSlugs} sections={props.sections} errors={errors} />
        <button type="submit">Save role and sections</button>
      </form>

      <h2>Access</h2>
      <FieldError id="access-error" message={errors.disable} />
      <p>A reset makes the current password stop working and ends every session; you get a one-time link to pass on.</p>
      <ActionButton csrf={csrf} action={`${base}/reset-password`} label="Reset password" />
      {user.disabled ? (
        <ActionButton csrf={csrf} action={`${base}/enable`} label="Enable account" />
      ) : (
        <ActionButton csrf={csrf} action={`${base}/disable`} label="Disable account" />
      )}
      {user.totpEnabled ? <ActionButton csrf={csrf} action={`${base}/two-factor/remove`} label="Turn off two-step sign-in" /> : null}
    </>
  );
}
