import type { VNode } from 'preact';
import type { ActionCounts } from '../../../domain/campaigns/action.js';
import { telHref, type Campaign, type CampaignKind } from '../../../domain/campaigns/campaign.js';
import type { Messages } from '../../../i18n/messages.js';
import { useMessages } from '../../views/messages-context.js';

/** The public address of a campaign's page. */
export function campaignPath(slug: string): string {
  return `/campaigns/${encodeURIComponent(slug)}`;
}

/** "12 people have signed", in the page's language with its plural forms. */
export function countSentence(m: Messages, counts: ActionCounts, kind: CampaignKind): string {
  return kind === 'petition' ? m.t('public.counter.signed', { count: counts.confirmed }) : m.t('public.counter.sent', { count: counts.confirmed });
}

/** The self-reported count, in words. */
export function selfReportedSentence(m: Messages, counts: ActionCounts): string {
  return m.t('public.counter.selfReported', { count: counts.selfReported });
}

/** "Counted at 10:15 UTC on 2 March 2026": when a protective campaign's snapshot was taken. */
function snapshotNote(m: Messages, asOf: string): string {
  return m.t('public.counter.snapshot', { time: m.date(asOf, 'time'), day: m.date(asOf) });
}

/**
 * The public counter: confirmed actions (letters through Placard, signatures) and,
 * apart, those supporters reported themselves, in total and per country. Counts are
 * read from the rows (services/campaigns/action-counts.ts); a protective campaign's are a
 * quarter-hourly snapshot with small countries under "Other countries".
 */
export function ActionCounter(props: { counts: ActionCounts; kind: CampaignKind }): VNode {
  const m = useMessages();
  const { counts, kind } = props;
  const letter = kind === 'letter';
  return (
    <section class="counter" aria-labelledby="counter-heading">
      <h2 id="counter-heading">{m.t('public.counter.heading')}</h2>
      <p class="count-total">{countSentence(m, counts, kind)}</p>
      {letter ? <p>{selfReportedSentence(m, counts)}</p> : null}
      {counts.byCountry.length > 0 || counts.others ? (
        <table class="by-country">
          <caption>{m.t('public.counter.byCountry')}</caption>
          <thead>
            <tr>
              <th scope="col">{m.t('public.counter.country')}</th>
              <th scope="col">{letter ? m.t('public.counter.throughPlacard') : m.t('public.counter.signatures')}</th>
              {letter ? <th scope="col">{m.t('public.counter.ownEmailOrCall')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {[
              ...counts.byCountry.map((c) => ({ name: m.countryName(c.country), ...c })),
              ...(counts.others ? [{ name: m.t('public.counter.otherCountries'), ...counts.others }] : []),
            ].map((c) => (
              <tr>
                <th scope="row">{c.name}</th>
                <td>{m.number(c.confirmed)}</td>
                {letter ? <td>{m.number(c.selfReported)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {counts.asOf ? <p class="meta">{snapshotNote(m, counts.asOf)}</p> : null}
    </section>
  );
}

/**
 * Every target with name, position, a real `mailto:` link and a real `tel:` link, in the
 * HTML itself: text browsers, feeds and reader modes keep every one of them.
 */
export function TargetList(props: { campaign: Pick<Campaign, 'targets'> }): VNode {
  const m = useMessages();
  return (
    <ol class="targets">
      {props.campaign.targets.map((t) => (
        <li>
          <p class="target-name">
            {t.title}
            {t.name ? ` – ${t.name}` : ''}
          </p>
          {t.email ? (
            <p>
              {m.t('public.targets.email')} <a href={`mailto:${t.email}`}>{t.email}</a>
            </p>
          ) : null}
          {/* Non-breaking spaces: a number split over two lines is easy to misdial. */}
          {t.phone ? (
            <p>
              {m.t('public.targets.phone')} <a href={telHref(t.phone)}>{t.phone.replace(/ /g, '\u00a0')}</a>
            </p>
          ) : null}
          {t.postalAddress ? (
            <p>
              {m.t('public.targets.post')} {t.postalAddress}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** "Please send copies of all protests to …", with each address a link. */
export function CopyTo(props: { campaign: Pick<Campaign, 'copyTo'> }): VNode | null {
  const m = useMessages();
  if (props.campaign.copyTo.length === 0) return null;
  return (
    <p>
      {m.t('public.targets.copyTo')}{' '}
      {props.campaign.copyTo.map((address, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <a href={`mailto:${address}`}>{address}</a>
        </>
      ))}
    </p>
  );
}
