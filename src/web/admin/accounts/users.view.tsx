import type { VNode } from 'preact';
import { ROLE_LABELS } from '../../../domain/accounts/staff.js';
import type { Section } from '../../../domain/sections/section.js';
import type { UserSummary } from '../../../services/accounts/user-admin.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import { RoleAndSectionFields } from './user-fields.view.js';

function sectionList(ids: readonly number[], sections: readonly Section[]): string {
  return ids.map((id) => sections.find((s) => s.id === id)?.name ?? `#${id}`).join(', ');
}

function status(user: UserSummary): string {
  if (user.disabled) return 'Disabled';
  return user.hasPassword ? 'Active' : 'Waiting for a password';
}

/** Every account. */
export function UsersList(props: { users: readonly UserSummary[]; sections: readonly Section[] }): VNode {
  return (
    <>
      <h1>Users</h1>
      <p>
        <a href="/admin/users/new">Add an account</a>
      </p>
      <table class="admin-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Sections</th>
            <th scope="col">Two-step</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((user) => (
            <tr>
              <td>
                <a href={`/admin/users/${user.id}`}>{user.name}</a>
              </td>
              <td>{user.email}</td>
              <td>{ROLE_LABELS[user.role]}</td>
              <td>{sectionList(user.sectionIds, props.sections)}</td>
              <td>{user.totpEnabled ? 'On' : 'Off'}</td>
              <td>{status(user)}</td>
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
  return (
    <>
      <h1>Add an account</h1>
      <form method="post" action="/admin/users" class="stack">
        <CsrfField token={props.csrf} />
        <label for="name">Name</label>
        <input id="name" name="name" type="text" required maxLength={200} value={values.name} aria-describedby="name-error" />
        <FieldError id="name-error" message={errors.name} />
        <label for="email">Email</label>
        <input id="email" name="email" type="email" required maxLength={320} autoComplete="off" value={values.email} aria-describedby="email-error" />
        <FieldError id="email-error" message={errors.email} />
        <RoleAndSectionFields role={values.role} sectionSlugs={values.sectionSlugs} sections={props.sections} errors={errors} />
        <label for="password">Initial password (optional)</label>
        <input id="password" name="password" type="password" autoComplete="new-password" maxLength={128} aria-describedby="password-hint password-error" />
        <p class="hint" id="password-hint">
          Leave it empty to get a one-time link, valid 24 hours, with which the person chooses their own password.
        </p>
        <FieldError id="password-error" message={errors.password} />
        <button type="submit">Add account</button>
      </form>
    </>
  );
}

/** A set-password link, shown once to the administrator who made it. */
export function LinkIssued(props: { heading: string; name: string; url: string; userId: number }): VNode {
  return (
    <>
      <h1>{props.heading}</h1>
      <p>Send {props.name} this link, by a channel you trust. It works once, for 24 hours, and is shown only now:</p>
      <p>
        <code class="uri">{props.url}</code>
      </p>
      <p>
        <a href={`/admin/users/${props.userId}`}>Back to the account</a>
      </p>
    </>
  );
}
