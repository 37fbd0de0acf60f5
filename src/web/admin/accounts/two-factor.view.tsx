import type { VNode } from 'preact';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import { useMessages } from '../../views/messages-context.js';

/** The second step of sign-in: a code from the app, or a recovery code. */
export function SignInCodeForm(props: { csrf: string; next: string; message?: string }): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.two-factor.enter-code')}</h1>
      {props.message ? (
        <p class="form-error" role="alert" id="code-error">
          {props.message}
        </p>
      ) : null}
      <form method="post" action="/admin/sign-in/code" class="stack">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label for="code">{m.t('admin.two-factor.code-from-app')}</label>
        <input
          id="code"
          name="code"
          type="text"
          autoComplete="one-time-code"
          required
          maxLength={64}
          aria-describedby={props.message ? 'code-error code-hint' : 'code-hint'}
        />
        <p class="hint" id="code-hint">
          {m.t('admin.two-factor.code-hint')}
        </p>
        <button type="submit">{m.t('admin.two-factor.continue')}</button>
      </form>
      <form method="post" action="/admin/sign-out" class="inline">
        <CsrfField token={props.csrf} />
        <button type="submit" class="secondary">
          {m.t('admin.two-factor.cancel')}
        </button>
      </form>
    </>
  );
}

/** Groups a base32 secret in fours, as people copy it into an app by hand. */
function grouped(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/** Enrolment: the secret as text and as an otpauth:// link, then a code to confirm. */
export function EnrolForm(props: { csrf: string; secret: string; uri: string; required: boolean; error?: string }): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.account.two-factor')}</h1>
      {props.required ? (
        <p class="notice" role="status">
          {m.t('admin.two-factor.required')}
        </p>
      ) : null}
      <p>{m.t('admin.two-factor.intro')}</p>
      <ol class="steps">
        <li>{m.t('admin.two-factor.step-app')}</li>
        <li>
          {m.t('admin.two-factor.step-key')}
          <p>
            <code class="secret" id="totp-secret">
              {grouped(props.secret)}
            </code>
          </p>
          {m.t('admin.two-factor.step-link')}
          <p>
            <code class="uri">{props.uri}</code>
          </p>
        </li>
        <li>{m.t('admin.two-factor.step-code')}</li>
      </ol>
      <form method="post" action="/admin/account/two-factor" class="stack">
        <CsrfField token={props.csrf} />
        <label for="code">{m.t('admin.two-factor.code')}</label>
        <input id="code" name="code" type="text" autoComplete="one-time-code" inputMode="numeric" required maxLength={16} aria-describedby="code-error" />
        <FieldError id="code-error" message={props.error} />
        <button type="submit">{m.t('admin.two-factor.turn-on')}</button>
      </form>
    </>
  );
}

/** Shown once, right after enrolment: the recovery codes in plain text. */
export function RecoveryCodesShown(props: { codes: readonly string[] }): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.two-factor.on-heading')}</h1>
      <p>{m.rich('admin.two-factor.recovery-intro', { b: (chunks) => <strong>{chunks}</strong> })}</p>
      <ul class="recovery-codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href="/admin">{m.t('admin.two-factor.continue-admin')}</a>
      </p>
    </>
  );
}

/** The state of an account with TOTP on, and the form to turn it off. */
export function TwoFactorOn(props: { csrf: string; recoveryCodesLeft: number; required: boolean; error?: string }): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.account.two-factor')}</h1>
      <p>{m.t('admin.two-factor.codes-left', { count: props.recoveryCodesLeft })}</p>
      {props.required ? (
        <p>{m.t('admin.two-factor.cannot-turn-off')}</p>
      ) : (
        <form method="post" action="/admin/account/two-factor/disable" class="stack">
          <h2>{m.t('admin.two-factor.turn-off-heading')}</h2>
          <CsrfField token={props.csrf} />
          <label for="password">{m.t('admin.two-factor.your-password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={1024} aria-describedby="password-error" />
          <FieldError id="password-error" message={props.error} />
          <button type="submit">{m.t('admin.users.two-factor-off')}</button>
        </form>
      )}
    </>
  );
}
