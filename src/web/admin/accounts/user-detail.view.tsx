import type { VNode } from 'preact';
import { useMessages } from '../../views/messages-context.js';
import { roleName } from '../labels.js';
import type { Section } from '../../../domain/sections/section.js';
import type { UserSummary } from '../../../services/accounts/user-admin.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import { RoleAndSectionFields } from './user-fields.view.js';
import { accountStatus } from './users.view.js';

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
  const m = useMessages();
  return (
    <>
      <h1>{user.name}</h1>
      <dl class="facts">
        <dt>{m.t('admin.account.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{m.t('admin.account.role')}</dt>
        <dd>{roleName(m, user.role)}</dd>
        <dt>{m.t('admin.account.two-factor')}</dt>
        <dd>{m.t(user.totpEnabled ? 'admin.users.on' : 'admin.users.off')}</dd>
        <dt>{m.t('admin.articles.column.status')}</dt>
        <dd>{accountStatus(m, user)}</dd>
      </dl>

      <h2>{m.t('admin.users.role-and-sections')}</h2>
      <form method="post" action={base} class="stack">
        <CsrfField token={csrf} />
        <RoleAndSectionFields role={props.role} sectionSlugs={props.sectionSlugs} sections={props.sections} errors={errors} />
        <button type="submit">{m.t('admin.users.save-role')}</button>
      </form>

      <h2>{m.t('admin.users.access')}</h2>
      <FieldError id="access-error" message={errors.disable} />
      <p>{m.t('admin.users.reset-hint')}</p>
      <ActionButton csrf={csrf} action={`${base}/reset-password`} label={m.t('admin.users.reset')} />
      {user.disabled ? (
        <ActionButton csrf={csrf} action={`${base}/enable`} label={m.t('admin.users.enable')} />
      ) : (
        <ActionButton csrf={csrf} action={`${base}/disable`} label={m.t('admin.users.disable')} />
      )}
      {user.totpEnabled ? <ActionButton csrf={csrf} action={`${base}/two-factor/remove`} label={m.t('admin.users.two-factor-off')} /> : null}
    </>
  );
}
