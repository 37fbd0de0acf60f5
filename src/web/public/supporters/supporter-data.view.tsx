import type { VNode } from 'preact';
import type { SupporterData } from '../../../services/supporters/supporter-data.js';
import { useMessages } from '../../views/messages-context.js';
import { consentLabel, methodLabel, statusLabel } from './supporter-data.presenter.js';

/** Where the page's forms post: the link's own address, with its language kept (`?lang=ru`). */
export interface DataLinkPaths {
  /** The path below `/your-data/:token` with the page's query: `to('/erase')`. */
  to(path: string): string;
}

function Day(props: { iso: string | null }): VNode | null {
  const m = useMessages();
  return props.iso ? <time dateTime={props.iso}>{m.date(props.iso)}</time> : null;
}

function AboutYou(props: { supporter: SupporterData['supporter'] }): VNode {
  const m = useMessages();
  const s = props.supporter;
  return (
    <section aria-labelledby="about-you">
      <h2 id="about-you">{m.t('public.data.about')}</h2>
      <dl class="facts">
        <dt>{m.t('public.data.name')}</dt>
        <dd>{s.name}</dd>
        <dt>{m.t('public.data.email')}</dt>
        <dd>{s.email}</dd>
        <dt>{m.t('public.data.city')}</dt>
        <dd>{s.city ?? '—'}</dd>
        <dt>{m.t('public.counter.country')}</dt>
        <dd>{m.countryName(s.country)}</dd>
        <dt>{m.t('public.data.firstSeen')}</dt>
        <dd>
          <Day iso={s.createdAt} />
        </dd>
      </dl>
    </section>
  );
}

function Actions(props: { actions: SupporterData['actions'] }): VNode {
  const m = useMessages();
  return (
    <section aria-labelledby="your-actions">
      <h2 id="your-actions">{m.t('public.data.actions')}</h2>
      {props.actions.length === 0 ? <p>{m.t('public.data.noActions')}</p> : null}
      {props.actions.map((a) => (
        <article class="your-action" key={a.id}>
          <h3>
            <a href={`/campaigns/${encodeURIComponent(a.campaignSlug)}`}>{a.campaignTitle}</a>
          </h3>
          <p>
            {methodLabel(m, a.method)} · {statusLabel(m, a.status)} · <Day iso={a.confirmedAt ?? a.createdAt} /> · {m.countryName(a.country)}
          </p>
          {a.signAs ? <p>{m.t('public.data.signedAs', { name: a.signAs })}</p> : null}
          {a.letter ? (
            <details>
              <summary>{m.t('public.data.yourLetter')}</summary>
              <pre class="letter">{a.letter}</pre>
            </details>
          ) : null}
        </article>
      ))}
    </section>
  );
}

function Consents(props: { paths: DataLinkPaths; consents: SupporterData['consents'] }): VNode {
  const m = useMessages();
  return (
    <section aria-labelledby="consents">
      <h2 id="consents">{m.t('public.data.consents')}</h2>
      {props.consents.length === 0 ? <p>{m.t('public.data.noConsents')}</p> : null}
      {props.consents.map((c) => (
        <article class="your-consent" key={c.id}>
          <h3>{consentLabel(m, c)}</h3>
          <blockquote>{c.wording}</blockquote>
          <p>
            {m.rich('public.data.consentHistory', {
              given: () => <Day iso={c.givenAt} />,
              confirmed: () => <Day iso={c.confirmedAt} />,
              withdrawn: () => <Day iso={c.withdrawnAt} />,
              state: c.confirmedAt ? (c.withdrawnAt ? 'withdrawn' : 'confirmed') : c.withdrawnAt ? 'unconfirmedWithdrawn' : 'unconfirmed',
            })}
          </p>
          {c.withdrawnAt ? null : (
            <form method="post" action={props.paths.to(`/consents/${c.id}/withdraw`)}>
              <button type="submit">{m.t('public.data.withdraw')}</button>
            </form>
          )}
        </article>
      ))}
    </section>
  );
}

function Erase(props: { paths: DataLinkPaths; error?: string }): VNode {
  const m = useMessages();
  return (
    <section aria-labelledby="erase">
      <h2 id="erase">{m.t('public.data.eraseHeading')}</h2>
      <p>{m.t('public.data.eraseText')}</p>
      <form method="post" action={props.paths.to('/erase')} class="stack">
        <p>
          <input type="checkbox" id="confirm" name="confirm" value="yes" required aria-describedby={props.error ? 'confirm-error' : undefined} />{' '}
          <label for="confirm">{m.t('public.data.eraseConfirm')}</label>
        </p>
        {props.error ? (
          <p class="field-error" id="confirm-error">
            {props.error}
          </p>
        ) : null}
        <button type="submit">{m.t('public.data.eraseButton')}</button>
      </form>
    </section>
  );
}

/** A supporter's own data page: what Placard holds, a download, consents to withdraw and erasure. */
export function SupporterDataPage(props: { paths: DataLinkPaths; data: SupporterData; eraseError?: string }): VNode {
  const m = useMessages();
  const { data, paths } = props;
  if (data.supporter.erasedAt) {
    return (
      <article class="your-data-page">
        <h1>{m.t('public.data.erasedHeading')}</h1>
        <p>{m.rich('public.data.erasedText', { date: () => <Day iso={data.supporter.erasedAt} /> })}</p>
      </article>
    );
  }
  return (
    <article class="your-data-page">
      <h1>{m.t('public.data.title')}</h1>
      <p>{m.t('public.data.intro')}</p>
      <AboutYou supporter={data.supporter} />
      <Actions actions={data.actions} />
      <Consents paths={paths} consents={data.consents} />
      <section aria-labelledby="download">
        <h2 id="download">{m.t('public.data.downloadHeading')}</h2>
        <form method="post" action={paths.to('/export')}>
          <button type="submit">{m.t('public.data.downloadButton')}</button>
        </form>
        <p>{m.t('public.data.downloadText')}</p>
      </section>
      <Erase paths={paths} error={props.eraseError} />
    </article>
  );
}

/** The answer to too many requests from one address. */
export function TooManyRequests(props: { minutes: number }): VNode {
  const m = useMessages();
  return (
    <article>
      <h1>{m.t('public.data.tooManyHeading')}</h1>
      <p>{m.t('public.data.tooManyText', { minutes: props.minutes })}</p>
    </article>
  );
}
