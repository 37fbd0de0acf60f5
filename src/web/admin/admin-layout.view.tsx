import type { ComponentChildren, VNode } from 'preact';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../domain/accounts/passwords.js';
import { allows, type StaffUser } from '../../domain/accounts/staff.js';
import { useMessages } from '../views/messages-context.js';
import { CSRF_FIELD } from './csrf.js';

/** The hidden CSRF field every admin form carries. */
export function CsrfField(props: { token: string }): VNode {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

/** A message beside its field; the field points at it with aria-describedby. */
export function FieldError(props: { id: string; message: string | undefined }): VNode | null {
  return props.message ? (
    <p class="field-error" id={props.id}>
      {props.message}
    </p>
  ) : null;
}

/**
 * A field for choosing a password, with its label and message: the length limits match
 * the account rules (domain/accounts/passwords.ts), and `new-password` lets a password
 * manager offer a generated one. Never pre-filled.
 */
export function NewPasswordField(props: { label: string; error: string | undefined }): VNode {
  return (
    <>
      <label for="password">{props.label}</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN}
        maxLength={PASSWORD_MAX}
        aria-describedby="password-error"
      />
      <FieldError id="password-error" message={props.error} />
    </>
  );
}

/** The admin frame: what the signed-in person may reach, and a sign-out button. */
export function AdminLayout(props: {
  title: string;
  /** The site's name; the frame says "<name> admin". */
  siteName?: string;
  stylesheet: string;
  staff: StaffUser | null;
  csrfToken: string;
  children: ComponentChildren;
  script?: string;
}): VNode {
  const { staff } = props;
  const m = useMessages();
  return (
    <html lang={m.language} dir={m.dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <meta name="robots" content="noindex" />
        <title>{m.t('admin.layout.title', { page: props.title, site: props.siteName || 'Placard' })}</title>
        <link rel="stylesheet" href={props.stylesheet} />
        {props.script ? <script type="module" src={props.script} /> : null}
      </head>
      <body class="admin">
        <a class="skip" href="#main">
          {m.t('admin.layout.skip')}
        </a>
        <header class="site-header">
          <a class="site-name" href="/admin">
            {m.t('admin.layout.name', { site: props.siteName || 'Placard' })}
          </a>
          {staff ? (
            <nav aria-label={m.t('admin.layout.nav-label')}>
              <ul>
                {allows(staff, 'articles.read') ? (
                  <li>
                    <a href="/admin/articles">{m.t('admin.nav.articles')}</a>
                  </li>
                ) : null}
                {allows(staff, 'media.write') ? (
                  <li>
                    <a href="/admin/media">{m.t('admin.nav.media')}</a>
                  </li>
                ) : null}
                {allows(staff, 'articles.publish') ? (
                  <li>
                    <a href="/admin/syndication">{m.t('admin.syndication.nav')}</a>
                  </li>
                ) : null}
                {allows(staff, 'campaigns.manage') ? (
                  <li>
                    <a href="/admin/campaigns">{m.t('admin.nav.campaigns')}</a>
                  </li>
                ) : null}
                {allows(staff, 'users.manage') ? (
                  <li>
                    <a href="/admin/users">{m.t('admin.nav.users')}</a>
                  </li>
                ) : null}
                {allows(staff, 'audit.read') ? (
                  <li>
                    <a href="/admin/audit">{m.t('admin.nav.audit')}</a>
                  </li>
                ) : null}
                {allows(staff, 'settings.manage') ? (
                  <li>
                    <a href="/admin/sections">{m.t('admin.sections.nav')}</a>
                  </li>
                ) : null}
                {allows(staff, 'settings.manage') ? (
                  <li>
                    <a href="/admin/site">{m.t('admin.site.nav')}</a>
                  </li>
                ) : null}
                {allows(staff, 'settings.manage') ? (
                  <li>
                    <a href="/admin/settings">{m.t('admin.nav.settings')}</a>
                  </li>
                ) : null}
                {allows(staff, 'settings.manage') ? (
                  <li>
                    <a href="/admin/outbox">{m.t('admin.nav.outbox')}</a>
                  </li>
                ) : null}
                {allows(staff, 'settings.manage') ? (
                  <li>
                    <a href="/admin/import">{m.t('admin.nav.import')}</a>
                  </li>
                ) : null}
                <li>
                  <a href="/admin/account">{m.t('admin.nav.account', { name: staff.name, role: m.t(`admin.role.${staff.role}`) })}</a>
                </li>
                <li>
                  <form method="post" action="/admin/sign-out" class="inline">
                    <CsrfField token={props.csrfToken} />
                    <button type="submit">{m.t('admin.nav.sign-out')}</button>
                  </form>
                </li>
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main" tabIndex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}
