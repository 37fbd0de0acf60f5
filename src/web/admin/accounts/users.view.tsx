import type { VNode } from 'preact';
import type { Messages } from '../../../i18n/messages.js';
import { useMessages } from '../../views/messages-context.js';
import { roleName } from '../labels.js';
import type { Section } from '../../../domain/sections/section.js';
import type { UserSummary } from '../../../services/accounts/user-admin.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import { RoleAndSectionFields } from './user-fields.view.js';

function sectionList(ids: readonly number[], sections: readonly Section[]): string {
  return ids.map((id) => sections.find((s) => s.id === id)?.name ?? `#${id}`).join(', ');
}

/** An account's state in words: disabled, active, or still without a password. */
export function accountStatus(m: Messages, user: Pick<UserSummary, 'disabled' | 'hasPassword'>): string {
  if (user.disabled) return m.t('admin.users.status-disabled');
  return m.t(user.hasPassword ? 'admin.users.status-active' : 'admin.users.status-waiting');
}

/** Every account. */
export function UsersList(props: { users: readonly UserSummary[]; sections: readonly Section[] }): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.nav.users')}</h1>
      <p>
        <a href="/admin/users/new">{m.t('admin.users.add')}</a>
      </p>
      <table class="admin-table">
        <thead>
          <tr>
            <th scope="col">{m.t('admin.account.name')}</th>
            <th scope="col">{m.t('admin.account.email')}</th>
            <th scope="col">{m.t('admin.account.role')}</th>
            <th scope="col">{m.t('admin.articles.column.sections')}</th>
            <th scope="col">{m.t('admin.users.two-step')}</th>
            <th scope="col">{m.t('admin.articles.column.status')}</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((user) => (
            <tr>
              <td>
                <a href={`/admin/users/${user.id}`}>{user.name}</a>
              </td>
              <td>{user.email}</td>
              <td>{roleName(m, user.role)}</td>
              <td>{sectionList(user.sectionIds, props.sections)}</td>
              <td>{m.t(user.totpEnabled ? 'admin.users.on' : 'admin.users.off')}</td>
              <td>{accountStatus(m, user)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** What the "add an account" form holds. */
export interface NewUserValues {
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly sectionSlugs: readonly string[];
}

/** The form to add an account; the password is optional (empty: a one-time link instead). */
export function NewUserForm(props: { csrf: string; values: NewUserValues; sections: readonly Section[]; errors: Record<string, string> }): VNode {
  const { values, errors } = props;
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.users.add')}</h1>
      <form method="post" action="/admin/users" class="stack">
        <CsrfField token={props.csrf} />
        <label for="name">{m.t('admin.account.name')}</label>
        <input id="name" name="name" type="text" required maxLength={200} value={values.name} aria-describedby="name-error" />
        <FieldError id="name-error" message={errors.name} />
        <label for="email">{m.t('admin.account.email')}</label>
        <input id="email" name="email" type="email" required maxLength={320} autoComplete="off" value={values.email} aria-describedby="email-error" />
        <FieldError id="email-error" message={errors.email} />
        <RoleAndSectionFields role={values.role} sectionSlugs={values.sectionSlugs} sections={props.sections} errors={errors} />
        <label for="password">{m.t('admin.users.initial-password')}</label>
        <input id="password" name="password" type="password" autoComplete="new-password" maxLength={128} aria-describedby="password-hint password-error" />
        <p class="hint" id="password-hint">
          {m.t('admin.users.initial-password-hint')}
        </p>
        <FieldError id="password-error" message={errors.password} />
        <button type="submit">{m.t('admin.users.add-submit')}</button>
      </form>
    </>
  );
}

/** A set-password link, shown once to the administrator who made it. */
export function LinkIssued(props: { heading: string; name: string; url: string; userId: number }): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{props.heading}</h1>
      <p>{m.t('admin.users.link-issued', { name: props.name })}</p>
      <p>
        <code class="uri">{props.url}</code>
      </p>
      <p>
        <a href={`/admin/users/${props.userId}`}>{m.t('admin.users.back-to-account')}</a>
      </p>
    </>
  );
}
