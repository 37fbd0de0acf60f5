import type { VNode } from 'preact';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../domain/accounts/passwords.js';
import { timeZones, type PreferencesForm } from '../../../domain/accounts/preferences.js';
import type { StaffUser } from '../../../domain/accounts/staff.js';
import { catalogues } from '../../../i18n/messages.js';
import { useMessages } from '../../views/messages-context.js';
import { CsrfField, FieldError, NewPasswordField } from '../admin-layout.view.js';
import { roleName } from '../labels.js';

/** The admin language and time zone, each language named in its own words so anyone can find theirs. */
function PreferencesFormView(props: { csrf: string; form: PreferencesForm; errors: Record<string, string>; siteLanguage: string }): VNode {
  const m = useMessages();
  const all = catalogues();
  const { form, errors } = props;
  return (
    <>
      <h2 id="preferences-heading">{m.t('admin.account.preferences.heading')}</h2>
      <form method="post" action="/admin/account/preferences" class="stack" aria-labelledby="preferences-heading">
        <CsrfField token={props.csrf} />
        <label for="language">{m.t('admin.account.preferences.language')}</label>
        <select id="language" name="language" aria-describedby="language-error">
          <option value="" selected={form.language === ''}>
            {m.t('admin.account.preferences.language-default', { language: all.for(props.siteLanguage).languageName(props.siteLanguage) })}
          </option>
          {all.languages().map((language) => (
            <option value={language} lang={language} selected={form.language === language}>
              {all.for(language).languageName(language)}
            </option>
          ))}
        </select>
        <FieldError id="language-error" message={errors.language} />
        <label for="timeZone">{m.t('admin.account.preferences.time-zone')}</label>
        <select id="timeZone" name="timeZone" aria-describedby="timeZone-hint timeZone-error">
          <option value="" selected={form.timeZone === ''}>
            {m.t('admin.time.account-default')}
          </option>
          {timeZones().map((zone) => (
            <option value={zone} selected={form.timeZone === zone}>
              {zone}
            </option>
          ))}
        </select>
        <p class="hint" id="timeZone-hint">
          {m.t('admin.time.account-hint')}
        </p>
        <FieldError id="timeZone-error" message={errors.timeZone} />
        <button type="submit">{m.t('admin.account.preferences.save')}</button>
      </form>
    </>
  );
}

/** One's own account: details, language and time zone, two-step sign-in, password, sessions. */
export function AccountPage(props: {
  csrf: string;
  /** The site's default language, which "no choice" means. */
  siteLanguage: string;
  staff: StaffUser;
  preferences: PreferencesForm;
  errors: Record<string, string>;
  notice?: string;
  saved?: boolean;
}): VNode {
  const { staff, errors } = props;
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.account.heading')}</h1>
      {props.notice ? (
        <p class="form-error" role="alert">
          {props.notice}
        </p>
      ) : null}
      {props.saved ? (
        <p class="notice" role="status">
          {m.t('admin.account.preferences.saved')}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{m.t('admin.account.name')}</dt>
        <dd>{staff.name}</dd>
        <dt>{m.t('admin.account.email')}</dt>
        <dd>{staff.email}</dd>
        <dt>{m.t('admin.account.role')}</dt>
        <dd>{roleName(m, staff.role)}</dd>
        <dt>{m.t('admin.account.two-factor')}</dt>
        <dd>
          {m.rich(staff.totpEnabled ? 'admin.account.two-factor-on' : 'admin.account.two-factor-off', {
            link: (chunks) => <a href="/admin/account/two-factor">{chunks}</a>,
          })}
        </dd>
      </dl>

      <PreferencesFormView csrf={props.csrf} form={props.preferences} errors={errors} siteLanguage={props.siteLanguage} />

      <h2 id="password-heading">{m.t('admin.account.password.heading')}</h2>
      <p>{m.t('admin.account.password.intro')}</p>
      <form method="post" action="/admin/account/password" class="stack" aria-labelledby="password-heading">
        <CsrfField token={props.csrf} />
        <label for="current">{m.t('admin.account.password.current')}</label>
        <input id="current" name="current" type="password" autoComplete="current-password" required maxLength={1024} aria-describedby="current-error" />
        <FieldError id="current-error" message={errors.current} />
        <NewPasswordField label={m.t('admin.account.password.new', { min: PASSWORD_MIN, max: PASSWORD_MAX })} error={errors.password} />
        <button type="submit">{m.t('admin.account.password.change')}</button>
      </form>

      <h2>{m.t('admin.account.sessions.heading')}</h2>
      <p>{m.t('admin.account.sessions.intro')}</p>
      <form method="post" action="/admin/account/sign-out-everywhere" class="inline">
        <CsrfField token={props.csrf} />
        <button type="submit">{m.t('admin.account.sessions.sign-out-everywhere')}</button>
      </form>
    </>
  );
}

/** After a password change: every session has ended. */
export function PasswordChanged(): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.account.password.changed')}</h1>
      <p>{m.t('admin.account.password.changed-detail')}</p>
      <p>
        <a href="/admin/sign-in">{m.t('admin.account.password.sign-in-again')}</a>
      </p>
    </>
  );
}
