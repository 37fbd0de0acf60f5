import type { VNode } from 'preact';
import { CsrfField, FieldError } from '../admin-layout.view.js';

/** The second step of sign-in: a code from the app, or a recovery code. */
export function SignInCodeForm(props: { csrf: string; next: string; message?: string }): VNode {
  return (
    <>
      <h1>Enter your code</h1>
      {props.message ? (
        <p class="form-error" role="alert" id="code-error">
          {props.message}
        </p>
      ) : null}
      <form method="post" action="/admin/sign-in/code" class="stack">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label for="code">Code from your authenticator app</label>
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
          No phone to hand? Enter one of your recovery codes instead; each works once.
        </p>
        <button type="submit">Continue</button>
      </form>
      <form method="post" action="/admin/sign-out" class="inline">
        <CsrfField token={props.csrf} />
        <button type="submit" class="secondary">
          Cancel and sign out
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
  return (
    <>
      <h1>Two-step sign-in</h1>
      {props.required ? (
        <p class="notice" role="status">
          Your role requires two-step sign-in. Set it up to continue.
        </p>
      ) : null}
      <p>With two-step sign-in, your password alone no longer opens your account: you also enter a code that an app on your phone makes every 30 seconds.</p>
      <ol class="steps">
        <li>Open an authenticator app (any app for time-based one-time codes, TOTP).</li>
        <li>
          Add an account and type in this key (time-based, 6 digits):
          <p>
            <code class="secret" id="totp-secret">
              {grouped(props.secret)}
            </code>
          </p>
          or, if your app can read a link, use this one:
          <p>
            <code class="uri">{props.uri}</code>
          </p>
        </li>
        <li>Enter the 6-digit code the app now shows.</li>
      </ol>
      <form method="post" action="/admin/account/two-factor" class="stack">
        <CsrfField token={props.csrf} />
        <label for="code">Code</label>
        <input id="code" name="code" type="text" autoComplete="one-time-code" inputMode="numeric" required maxLength={16} aria-describedby="code-error" />
        <FieldError id="code-error" message={props.error} />
        <button type="submit">Turn on two-step sign-in</button>
      </form>
    </>
  );
}

/** Shown once, right after enrolment: the recovery codes in plain text. */
export function RecoveryCodesShown(props: { codes: readonly string[] }): VNode {
  return (
    <>
      <h1>Two-step sign-in is on</h1>
      <p>
        Keep these recovery codes somewhere safe, away from your phone: print them or write them down. Each signs you in once if you lose your phone.
        <strong> They are shown only now.</strong>
      </p>
      <ul class="recovery-codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href="/admin">Continue to the admin</a>
      </p>
    </>
  );
}

/** The state of an account with TOTP on, and the form to turn it off. */
export function TwoFactorOn(props: { csrf: string; recoveryCodesLeft: number; required: boolean; error?: string }): VNode {
  return (
    <>
      <h1>Two-step sign-in</h1>
      <p>
        Two-step sign-in is on. You have {props.recoveryCodesLeft} unused recovery {props.recoveryCodesLeft === 1 ? 'code' : 'codes'} left.
      </p>
      {props.required ? (
        <p>
          Your role requires two-step sign-in, so it cannot be turned off here. If you lose your phone and your recovery codes, an administrator can turn it off
          for you.
        </p>
      ) : (
        <form method="post" action="/admin/account/two-factor/disable" class="stack">
          <h2>Turn it off</h2>
          <CsrfField token={props.csrf} />
          <label for="password">Your password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={1024} aria-describedby="password-error" />
          <FieldError id="password-error" message={props.error} />
          <button type="submit">Turn off two-step sign-in</button>
        </form>
      )}
    </>
  );
}
