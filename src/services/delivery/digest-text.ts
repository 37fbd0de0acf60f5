import { targetLabel, type Campaign, type Target } from '../../domain/campaigns/campaign.js';
import { countryNameIn, headerSafe, signatureName, subjectFor } from '../../domain/campaigns/letter.js';
import type { Messages } from '../../i18n/messages.js';
import type { DigestEntry } from '../../store/outbox/digest.store.js';

/*
 * The words of a digest. A digest names supporters only as the campaign's identity mode
 * allows: named mode gives name, city and country; protective mode the name the supporter
 * chose to sign with and a country. Never an email address, in either mode, and never to the organisation either:
 * the copy travels over the same mail servers as the letters.
 */

/**
 * A supporter's line: "Oisín Kelly, Dublin, Ireland" (named) or, protective, the name
 * they chose to sign with and their country: "Oisín, Ireland". The country's name and the
 * word for an unnamed supporter are in the language of `m`, the digest's.
 */
export function signatoryLine(
  entry: Pick<DigestEntry, 'name' | 'signAs' | 'city' | 'country'>,
  mode: Campaign['identityMode'],
  m: Pick<Messages, 't' | 'language'>,
): string {
  const country = countryNameIn(entry.country, m.language);
  // An erased supporter still counts; nothing else of them is left to show.
  if (!entry.name) return `${m.t('letter.unnamedSignatory')}, ${country}`;
  if (mode === 'protective') return `${signatureName(entry, mode, m)}, ${country}`;
  const city = entry.city ? headerSafe(entry.city) : '';
  return [headerSafe(entry.name), city, country].filter((part) => part !== '').join(', ');
}

function perCountry(entries: readonly DigestEntry[], m: Messages): string[] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.country, (counts.get(e.country) ?? 0) + 1);
  const collator = new Intl.Collator(m.language);
  return [...counts]
    .map(([code, n]) => ({ name: countryNameIn(code, m.language), n }))
    .sort((a, b) => b.n - a.n || collator.compare(a.name, b.name))
    .map((c) => `  ${m.t('letter.digest.country', { country: c.name, count: c.n })}`);
}

function countries(entries: readonly DigestEntry[]): number {
  return new Set(entries.map((e) => e.country)).size;
}

function demands(campaign: Campaign, m: Messages): string[] {
  if (campaign.demands.length === 0) return [];
  return [m.t('letter.digest.demands'), ...campaign.demands.map((d) => `- ${d}`), ''];
}

/**
 * The digest to a target: the appeal's demands and the supporters who made it. `campaign`
 * is in the target's letter language (inLanguage) and `m` its fixed words (letterMessages).
 */
export function targetDigest(
  campaign: Campaign,
  target: Target,
  entries: readonly DigestEntry[],
  options: { orgName: string; messages: Messages },
): { subject: string; body: string } {
  const m = options.messages;
  const base = subjectFor(campaign.letter.subjects.length > 0 ? campaign.letter.subjects : [campaign.title], entries[0]?.actionId ?? 0);
  const counts = { people: entries.length, countries: countries(entries) };
  const subject = headerSafe(m.t('letter.digest.subject', { subject: base, ...counts }));
  const body = [
    `${target.salutation ?? m.t('letter.salutation')},`,
    '',
    m.t('letter.digest.joined', { ...counts, title: campaign.title }),
    '',
    ...demands(campaign, m),
    m.t('letter.digest.signed'),
    ...entries.map((e) => signatoryLine(e, campaign.identityMode, m)),
    '',
    options.orgName,
  ];
  return { subject, body: body.join('\n') };
}

/**
 * The organisation's daily copy: who acted, by country, and which targets were written
 * to; in the site's default language (`m`), under the site's name.
 */
export function copyDigest(
  campaign: Campaign,
  entries: readonly DigestEntry[],
  options: { siteName: string; messages: Messages },
): { subject: string; body: string } {
  const m = options.messages;
  const reference = campaign.reference ? `${campaign.reference} ` : '';
  const subject = headerSafe(m.t('letter.copy.subject', { reference, title: campaign.title, people: entries.length }));
  const first = entries[0]?.createdAt.slice(0, 10) ?? '';
  const last = entries[entries.length - 1]?.createdAt.slice(0, 10) ?? '';
  const about = { reference, title: campaign.title, site: options.siteName };
  const intro = !first
    ? m.t('letter.copy.sent', about)
    : first === last
      ? m.t('letter.copy.sentOn', { ...about, date: first })
      : m.t('letter.copy.sentBetween', { ...about, first, last });
  const body = [
    intro,
    '',
    m.t('letter.copy.byCountry', { people: entries.length }),
    ...perCountry(entries, m),
    '',
    m.t('letter.copy.writtenTo'),
    ...campaign.targets.filter((t) => t.email).map((t) => `- ${targetLabel(t)}`),
    '',
    m.t('letter.copy.supporters'),
    ...entries.map((e) => signatoryLine(e, campaign.identityMode, m)),
  ];
  return { subject, body: body.join('\n') };
}
