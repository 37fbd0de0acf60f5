import type { VNode } from 'preact';
import type { ActionCounts } from '../../../domain/campaigns/action.js';
import { telHref, type Campaign, type CampaignKind } from '../../../domain/campaigns/campaign.js';
import { countryName } from '../../../domain/geo/countries.js';

/** The public address of a campaign's page. */
export function campaignPath(slug: string): string {
  return `/campaigns/${encodeURIComponent(slug)}`;
}

/** "1,234": numbers as English readers group them. */
function formatCount(n: number): string {
  return n.toLocaleString('en');
}

/** "1 person has" / "12 people have". */
function people(n: number): string {
  return n === 1 ? '1 person has' : `${formatCount(n)} people have`;
}

/** The headline count: confirmed letters or signatures; self-reports said apart. */
export function countSentence(counts: ActionCounts, kind: CampaignKind): string {
  return kind === 'petition' ? `${people(counts.confirmed)} signed` : `${people(counts.confirmed)} sent the letter through Placard`;
}

/** The self-reported count, in words. */
export function selfReportedSentence(counts: ActionCounts): string {
  return `${formatCount(counts.selfReported)} more wrote from their own email or called`;
}

/** "As of 10:15 UTC on 2 March 2026": when a protective campaign's snapshot was taken. */
function snapshotNote(asOf: string): string {
  const at = new Date(asOf);
  const time = at.toISOString().slice(11, 16);
  const day = at.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `Counted at ${time} UTC on ${day}. To protect supporters, counts are updated every quarter of an hour, and countries with few supporters are counted together.`;
}

/**
 * The public counter: confirmed actions (letters through Placard, signatures) and,
 * apart, those supporters reported themselves, in total and per country. Counts are
 * read from the rows (services/campaigns/action-counts.ts); a protective campaign's are a
 * quarter-hourly snapshot with small countries under "Other countries".
 */
export function ActionCounter(props: { counts: ActionCounts; kind: CampaignKind }): VNode {
  const { counts, kind } = props;
  const letter = kind === 'letter';
  return (
    <section class="counter" aria-labelledby="counter-heading">
      <h2 id="counter-heading">So far</h2>
      <p class="count-total">{countSentence(counts, kind)}</p>
      {letter ? <p>{selfReportedSentence(counts)}</p> : null}
      {counts.byCountry.length > 0 || counts.others ? (
        <table class="by-country">
          <caption>By country</caption>
          <thead>
            <tr>
              <th scope="col">Country</th>
              <th scope="col">{letter ? 'Through Placard' : 'Signatures'}</th>
              {letter ? <th scope="col">Own email or call</th> : null}
            </tr>
          </thead>
          <tbody>
            {[
              ...counts.byCountry.map((c) => ({ name: countryName(c.country), ...c })),
              ...(counts.others ? [{ name: 'Other countries', ...counts.others }] : []),
            ].map((c) => (
              <tr>
                <th scope="row">{c.name}</th>
                <td>{formatCount(c.confirmed)}</td>
                {letter ? <td>{formatCount(c.selfReported)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {counts.asOf ? <p class="meta">{snapshotNote(counts.asOf)}</p> : null}
    </section>
  );
}

/**
 * Every target with name, position, a real `mailto:` link and a real `tel:` link, in the
 * HTML itself: text browsers, feeds and reader modes keep every one of them.
 */
export function TargetList(props: { campaign: Pick<Campaign, 'targets'> }): VNode {
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
              Email: <a href={`mailto:${t.email}`}>{t.email}</a>
            </p>
          ) : null}
          {/* Non-breaking spaces: a number split over two lines is easy to misdial. */}
          {t.phone ? (
            <p>
              Tel: <a href={telHref(t.phone)}>{t.phone.replace(/ /g, '\u00a0')}</a>
            </p>
          ) : null}
          {t.postalAddress ? <p>Post: {t.postalAddress}</p> : null}
        </li>
      ))}
    </ol>
  );
}

/** "Please send copies of all protests to …", with each address a link. */
export function CopyTo(props: { campaign: Pick<Campaign, 'copyTo'> }): VNode | null {
  if (props.campaign.copyTo.length === 0) return null;
  return (
    <p>
      Please send copies of all protests to{' '}
      {props.campaign.copyTo.map((address, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <a href={`mailto:${address}`}>{address}</a>
        </>
      ))}
    </p>
  );
}
