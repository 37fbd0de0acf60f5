import type { VNode } from 'preact';
import { countryName } from '../../../domain/geo/countries.js';
import type { SupporterData } from '../../../services/supporters/supporter-data.js';
import { consentLabel, METHOD_LABELS, STATUS_LABELS } from './supporter-data.presenter.js';

function Day(props: { iso: string | null }): VNode | null {
  return props.iso ? <time dateTime={props.iso}>{props.iso.slice(0, 10)}</time> : null;
}

function AboutYou(props: { supporter: SupporterData['supporter'] }): VNode {
  const s = props.supporter;
  return (
    <section aria-labelledby="about-you">
      <h2 id="about-you">About you</h2>
      <dl class="facts">
        <dt>Name</dt>
        <dd>{s.name}</dd>
        <dt>Email address</dt>
        <dd>{s.email}</dd>
        <dt>City</dt>
        <dd>{s.city ?? '—'}</dd>
        <dt>Country</dt>
        <dd>{countryName(s.country)}</dd>
        <dt>First seen</dt>
        <dd>
          <Day iso={s.createdAt} />
        </dd>
      </dl>
    </section>
  );
}

function Actions(props: { actions: SupporterData['actions'] }): VNode {
  return (
    <section aria-labelledby="your-actions">
      <h2 id="your-actions">What you did</h2>
      {props.actions.length === 0 ? <p>No actions.</p> : null}
      {props.actions.map((a) => (
        <article class="your-action" key={a.id}>
          <h3>
            <a href={`/campaigns/${encodeURIComponent(a.campaignSlug)}`}>{a.campaignTitle}</a>
          </h3>
          <p>
            {METHOD_LABELS[a.method] ?? a.method} · {STATUS_LABELS[a.status] ?? a.status} · <Day iso={a.confirmedAt ?? a.createdAt} /> ·{' '}
            {countryName(a.country)}
          </p>
          {a.signAs ? <p>Signed as: {a.signAs}</p> : null}
          {a.letter ? (
            <details>
              <summary>Your letter</summary>
              <pre class="letter">{a.letter}</pre>
            </details>
          ) : null}
        </article>
      ))}
    </section>
  );
}

function Consents(props: { token: string; consents: SupporterData['consents'] }): VNode {
  return (
    <section aria-labelledby="consents">
      <h2 id="consents">What you agreed to</h2>
      {props.consents.length === 0 ? <p>You have not agreed to hear from us.</p> : null}
      {props.consents.map((c) => (
        <article class="your-consent" key={c.id}>
          <h3>{consentLabel(c)}</h3>
          <blockquote>{c.wording}</blockquote>
          <p>
            Given <Day iso={c.givenAt} />
            {c.confirmedAt ? (
              <>
                , confirmed <Day iso={c.confirmedAt} />
              </>
            ) : (
              ', not confirmed (it takes effect once you confirm your email address)'
            )}
            {c.withdrawnAt ? (
              <>
                , withdrawn <Day iso={c.withdrawnAt} />
              </>
            ) : null}
            .
          </p>
          {c.withdrawnAt ? null : (
            <form method="post" action={`/your-data/${props.token}/consents/${c.id}/withdraw`}>
              <button type="submit">Withdraw this consent</button>
            </form>
          )}
        </article>
      ))}
    </section>
  );
}

function Erase(props: { token: string; error?: string }): VNode {
  return (
    <section aria-labelledby="erase">
      <h2 id="erase">Erase your data</h2>
      <p>
        Erasing removes your name, email address and city, the letters you wrote and your consents, and cancels letters that would carry your name. Your country
        and the fact that you acted stay, with nothing that links them to you, so the campaigns' counts stay right. It cannot be undone.
      </p>
      <form method="post" action={`/your-data/${props.token}/erase`} class="stack">
        <p>
          <input type="checkbox" id="confirm" name="confirm" value="yes" required aria-describedby={props.error ? 'confirm-error' : undefined} />{' '}
          <label for="confirm">Yes, erase my data. I understand that this cannot be undone.</label>
        </p>
        {props.error ? (
          <p class="field-error" id="confirm-error">
            {props.error}
          </p>
        ) : null}
        <button type="submit">Erase my data</button>
      </form>
    </section>
  );
}

/** A supporter's own data page: what Placard holds, a download, consents to withdraw and erasure. */
export function SupporterDataPage(props: { token: string; data: SupporterData; eraseError?: string }): VNode {
  const { data, token } = props;
  if (data.supporter.erasedAt) {
    return (
      <article class="your-data-page">
        <h1>Your data was erased</h1>
        <p>
          On <Day iso={data.supporter.erasedAt} /> Placard erased your name, email address, city, letters and consents. Nothing that identifies you is left, and
          nobody can see any more what this link was for.
        </p>
      </article>
    );
  }
  return (
    <article class="your-data-page">
      <h1>Your data</h1>
      <p>
        This is everything Placard holds about you. Only someone with this link can see this page: it was in every email we sent you, so please do not share it.
      </p>
      <AboutYou supporter={data.supporter} />
      <Actions actions={data.actions} />
      <Consents token={token} consents={data.consents} />
      <section aria-labelledby="download">
        <h2 id="download">Download your data</h2>
        <form method="post" action={`/your-data/${token}/export`}>
          <button type="submit">Download my data</button>
        </form>
        <p>A JSON file with everything on this page.</p>
      </section>
      <Erase token={token} error={props.eraseError} />
    </article>
  );
}

/** The answer to too many requests from one address. */
export function TooManyRequests(props: { minutes: number }): VNode {
  return (
    <article>
      <h1>Too many requests</h1>
      <p>This address has opened too many data links in a short time. Please try again in {props.minutes} minutes.</p>
    </article>
  );
}
