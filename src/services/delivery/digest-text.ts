import { targetLabel, type Campaign, type Target } from '../../domain/campaigns/campaign.js';
import { headerSafe, signatureName, subjectFor } from '../../domain/campaigns/letter.js';
import { countryName } from '../../domain/geo/countries.js';
import type { DigestEntry } from '../../store/outbox/digest.store.js';

/*
 * The words of a digest. A digest names supporters only as the campaign's identity mode
 * allows: named mode gives name, city and country; protective mode the name the supporter
 * chose to sign with and a country. Never an email address, in either mode, and never to the organisation either:
 * the copy travels over the same mail servers as the letters.
 */

/**
 * A supporter's line: "Oisín Kelly, Dublin, Ireland" (named) or, protective, the name
 * they chose to sign with and their country: "Oisín, Ireland".
 */
export function signatoryLine(entry: Pick<DigestEntry, 'name' | 'signAs' | 'city' | 'country'>, mode: Campaign['identityMode']): string {
  const country = countryName(entry.country);
  // An erased supporter still counts; nothing else of them is left to show.
  if (!entry.name) return `A supporter, ${country}`;
  if (mode === 'protective') return `${signatureName(entry, mode)}, ${country}`;
  const city = entry.city ? headerSafe(entry.city) : '';
  return [headerSafe(entry.name), city, country].filter((part) => part !== '').join(', ');
}

function perCountry(entries: readonly DigestEntry[]): string[] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.country, (counts.get(e.country) ?? 0) + 1);
  return [...counts]
    .map(([code, n]) => ({ name: countryName(code), n }))
    .sort((a, b) => b.n - a.n || a.name.localeCompare(b.name))
    .map((c) => `  ${c.name}: ${c.n}`);
}

function countries(entries: readonly DigestEntry[]): number {
  return new Set(entries.map((e) => e.country)).size;
}

function people(n: number): string {
  return n === 1 ? '1 person' : `${n} people`;
}

function demands(campaign: Campaign): string[] {
  if (campaign.demands.length === 0) return [];
  return ['They ask you to:', ...campaign.demands.map((d) => `- ${d}`), ''];
}

/** The digest to a target: the appeal's demands and the supporters who made it. */
export function targetDigest(campaign: Campaign, target: Target, entries: readonly DigestEntry[], orgName: string): { subject: string; body: string } {
  const base = subjectFor(campaign.letter.subjects.length > 0 ? campaign.letter.subjects : [campaign.title], entries[0]?.actionId ?? 0);
  const subject = headerSafe(`${base} — ${people(entries.length)} from ${countries(entries)} ${countries(entries) === 1 ? 'country' : 'countries'}`);
  const body = [
    `${target.salutation ?? 'Dear Sir or Madam'},`,
    '',
    `${people(entries.length)} from ${countries(entries)} ${countries(entries) === 1 ? 'country' : 'countries'} have joined the appeal "${campaign.title}".`,
    '',
    ...demands(campaign),
    'Signed,',
    ...entries.map((e) => signatoryLine(e, campaign.identityMode)),
    '',
    orgName,
  ];
  return { subject, body: body.join('\n') };
}

/** The organisation's daily copy: who acted, by country, and which targets were written to. */
export function copyDigest(campaign: Campaign, entries: readonly DigestEntry[], siteName: string): { subject: string; body: string } {
  const reference = campaign.reference ? `${campaign.reference} ` : '';
  const subject = headerSafe(`Copy: ${reference}${campaign.title} — ${people(entries.length)}`);
  const first = entries[0]?.createdAt.slice(0, 10) ?? '';
  const last = entries[entries.length - 1]?.createdAt.slice(0, 10) ?? '';
  const body = [
    `Copy of the protests in ${reference}"${campaign.title}" sent through ${siteName}${first ? ` (confirmed ${first === last ? `on ${first}` : `from ${first} to ${last}`})` : ''}.`,
    '',
    `${people(entries.length)} took part, by country:`,
    ...perCountry(entries),
    '',
    'Written to:',
    ...campaign.targets.filter((t) => t.email).map((t) => `- ${targetLabel(t)}`),
    '',
    'Supporters:',
    ...entries.map((e) => signatoryLine(e, campaign.identityMode)),
  ];
  return { subject, body: body.join('\n') };
}
