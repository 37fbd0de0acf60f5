import type { Byline, BylineCredit } from './article.js';

/** A piece of a byline as a view renders it: plain text, or a link to a contributor or section. */
export type BylinePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'contributor'; readonly slug: string; readonly text: string }
  | { readonly kind: 'section'; readonly slug: string; readonly text: string };

function creditParts(credit: BylineCredit): BylinePart[] {
  const parts: BylinePart[] = [{ kind: 'contributor', slug: credit.contributor.slug, text: credit.contributor.name }];
  if (credit.role) parts.push({ kind: 'text', text: `, ${credit.role}` });
  if (credit.section) {
    parts.push({ kind: 'text', text: ', ' }, { kind: 'section', slug: credit.section.slug, text: sectionLabel(credit.section) });
  }
  return parts;
}

/** "Socialist Party (CWI England & Wales)": the name and, when it adds something, the label. */
export function sectionLabel(section: { readonly name: string; readonly shortLabel: string }): string {
  if (section.shortLabel === '' || section.shortLabel === section.name) return section.name;
  return `${section.name} (${section.shortLabel})`;
}

/**
 * The words between credits: " and " before the last, "; " between the others. A page
 * in another language passes its own (an Arabic "و" joins without a space after it).
 */
export interface BylineJoiners {
  readonly and: string;
  readonly separator: string;
}

const ENGLISH_JOINERS: BylineJoiners = { and: ' and ', separator: '; ' };

/** Joins items: "A", "A and B", "A; B and C". */
function joinSeparator(index: number, count: number, joiners: BylineJoiners): string {
  if (index === 0) return '';
  return index === count - 1 ? joiners.and : joiners.separator;
}

/**
 * Lays out a byline for display: credits in order, each with its role and section,
 * then the collective text with its section. Credits are separated by "; " because a
 * credit itself may contain commas ("Joe Higgins, TD, Socialist Party").
 */
export function bylineParts(byline: Byline, joiners: BylineJoiners = ENGLISH_JOINERS): BylinePart[] {
  const parts: BylinePart[] = [];
  byline.credits.forEach((credit, index) => {
    const separator = joinSeparator(index, byline.credits.length, joiners);
    if (separator) parts.push({ kind: 'text', text: separator });
    parts.push(...creditParts(credit));
  });
  if (byline.collective) {
    if (parts.length > 0) parts.push({ kind: 'text', text: joiners.and });
    parts.push(
      byline.collectiveSection ? { kind: 'section', slug: byline.collectiveSection.slug, text: byline.collective } : { kind: 'text', text: byline.collective },
    );
  }
  return parts;
}

/** The byline as one line of plain text, for feeds and meta tags. */
export function bylineText(byline: Byline): string {
  return bylineParts(byline)
    .map((p) => p.text)
    .join('');
}

/** True when a byline credits nobody: an article must have a credit or a collective text. */
export function isEmptyByline(byline: { readonly credits: readonly unknown[]; readonly collective: string | null }): boolean {
  return byline.credits.length === 0 && !byline.collective?.trim();
}
