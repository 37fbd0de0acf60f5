import { catalogue, demoPublications } from './demo-sections.js';
import type { DemoByline, DemoContributorCredit, DemoPublication } from './demo-types.js';

/**
 * Places a correspondent reports from, written after the name without a comma
 * ("Rob Jones Moscow"). Listed rather than guessed, so a surname is never taken for a city.
 */
const reportingPlaces: readonly string[] = ['Moscow'];

// "(CWI in Sweden)", "(CWI)", and the label inside a longer parenthesis:
// "(magazine of the Socialist Party, CWI in England & Wales)".
const cwiLabel = /\((?:[^)]*?,\s*)?CWI(?:\s+supporters)?(?:\s+in)?(?:\s+the)?\s*([^)]*)\)/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A whole-word pattern that also works next to letters like "ä" (\b is ASCII-only). */
function wordPattern(phrases: readonly string[]): RegExp {
  const sorted = [...phrases].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.join('|')})(?![\\p{L}\\p{N}])`, 'u');
}

function sectionByPlace(place: string, text: string): string {
  const key = place.toLowerCase().replace(/&/g, 'and').replace(/\s+/g, ' ').trim();
  const found = catalogue.find((e) => e.places.includes(key));
  if (!found) throw new Error(`Unknown section label "(CWI ${place})" in byline "${text}"`);
  return found.section.slug;
}

/**
 * The slug of the section a piece of byline names, or null if it names none: a
 * "(CWI …)" label wins, then a bare "CWI", then a name or alias that only one
 * section uses ("USP"). A name several sections share, with no label, is an error.
 */
function sectionMentionedIn(text: string): string | null {
  const label = cwiLabel.exec(text);
  if (label) return label[1] ? sectionByPlace(label[1], text) : 'cwi';
  if (/(?<![\p{L}])CWI(?![\p{L}])/u.test(text)) return 'cwi';
  const matches = catalogue.filter((e) => wordPattern([...e.names, ...e.aliases]).test(text));
  const slugs = [...new Set(matches.map((e) => e.section.slug))];
  if (slugs.length > 1) throw new Error(`Byline "${text}" could name any of ${slugs.join(', ')}: it needs a CWI label`);
  return slugs[0] ?? null;
}

/** True when the text is exactly a name some section signs with ("Socialist Alternative", "CWI"). */
function isSectionName(text: string): boolean {
  return catalogue.some((e) => e.names.includes(text.trim()));
}

/**
 * Splits a byline piece around the organisation it names: "general secretary of the
 * Socialist Party (CWI England & Wales)" → before "general secretary of the", after "".
 * Throws when the piece calls the section by a name the catalogue does not know.
 */
function aroundSectionName(text: string, sectionSlug: string): { before: string; after: string } {
  const found = catalogue.find((e) => e.section.slug === sectionSlug);
  if (!found) throw new Error(`Unknown section "${sectionSlug}"`);
  const names = wordPattern(found.names).source;
  const match = new RegExp(`${names}\\s*(?:\\([^)]*\\))?`, 'u').exec(text);
  if (!match) throw new Error(`Byline "${text}" names section ${sectionSlug} by a name the catalogue does not know`);
  return { before: text.slice(0, match.index).trim(), after: text.slice(match.index + match[0].length).trim() };
}

/**
 * The publication of this name ("Socialism Today", "the Socialist"); when several share
 * the name, the section decides. Throws rather than pick one at random.
 */
function findPublication(name: string, sectionSlug: string | null): DemoPublication {
  const key = name.trim().replace(/^the\s+/i, '').toLowerCase();
  const named = demoPublications.filter((p) => p.name.replace(/^the\s+/i, '').toLowerCase() === key);
  const candidates = named.length > 1 ? named.filter((p) => p.sectionSlug === sectionSlug) : named;
  const [only, ...others] = candidates;
  if (!only || others.length > 0) throw new Error(`No single publication "${name}" for section ${sectionSlug ?? 'none'}`);
  return only;
}

/** A byline resolved against the catalogue, with what it says about the article's origin. */
export interface ParsedByline {
  byline: DemoByline;
  provenance: { publicationSlug: string; note: string } | null;
  /** True for "Editorial of/from …" bylines, which make the article an editorial. */
  editorial: boolean;
}

/** Splits at a (global) separator, never inside parentheses: "(CWI England and Wales)" stays whole. */
function splitOutsideParentheses(text: string, separator: RegExp): string[] {
  let depth = 0;
  let masked = '';
  for (const ch of text.split('')) {
    if (ch === '(') depth++;
    masked += depth > 0 ? '_' : ch;
    if (ch === ')' && depth > 0) depth--;
  }
  const parts: string[] = [];
  let start = 0;
  for (const m of masked.matchAll(separator)) {
    parts.push(text.slice(start, m.index));
    start = m.index + m[0].length;
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const trailingLabel = /\s*\([^)]*\)$/;

/** "Editorial of the Socialist, paper of the Socialist Party (CWI …)": the paper's section signs it. */
function parseEditorial(text: string): ParsedByline | null {
  const match = /^Editorial\s+(?:of|from)\s+(.+?),\s*(?:paper|magazine)\s+of\s+(.+)$/i.exec(text);
  if (!match) return null;
  // "the August edition of The Socialist" names the paper after its last "of".
  const paper = (match[1] ?? '').split(/\s+of\s+/).at(-1) ?? '';
  const sectionSlug = sectionMentionedIn(match[2] ?? '');
  const publication = findPublication(paper, sectionSlug);
  return {
    byline: { contributors: [], collective: 'Editorial', collectiveSectionSlug: sectionSlug },
    provenance: { publicationSlug: publication.slug, note: text },
    editorial: true,
  };
}

function provenanceFor(name: string, note: string): ParsedByline['provenance'] {
  // The note may say whose magazine it is, which settles publications that share a name.
  return { publicationSlug: findPublication(name, sectionMentionedIn(note)).slug, note };
}

/** Takes a closing "first published in …" or "from <Publication>, magazine of …" clause off the byline. */
function extractProvenance(text: string): { rest: string; provenance: ParsedByline['provenance'] } {
  // "from the website:" — the capture lost the link that named the website, so nothing can be recorded.
  const website = /^(.*?),\s*from the website$/i.exec(text);
  if (website) return { rest: website[1] ?? '', provenance: null };
  const first = /^(.*?),\s*(first published in ([^(]+?)(?:\s*\(.*\))?)$/.exec(text);
  if (first) return { rest: first[1] ?? '', provenance: provenanceFor(first[3] ?? '', first[2] ?? '') };
  const from = /^(.*?),\s*(from ([A-Z][^,(]*?)(?:,\s*(?:magazine|paper) of .+)?)$/.exec(text);
  if (from) return { rest: from[1] ?? '', provenance: provenanceFor(from[3] ?? '', from[2] ?? '') };
  return { rest: text, provenance: null };
}

/** A role written around the section's name: "general secretary of the Socialist Party (…)", "Socialist Party (…) general secretary". */
function roleAround(segment: string, sectionSlug: string): string | null {
  const { before, after } = aroundSectionName(segment, sectionSlug);
  const lead = before.replace(/\s*\bof(?:\s+the)?$/i, '').replace(/^the$/i, '').trim();
  // "magazine of the Socialist Party" describes the publication named before it, not the person.
  const roles = [/^(?:magazine|paper)$/i.test(lead) ? '' : lead, after].filter((r) => r !== '');
  return roles.length > 0 ? roles.join(' ') : null;
}

/**
 * "Rob Jones Moscow": the place is kept as the credit's role, so the byline still
 * reads "Rob Jones, Moscow" rather than losing where he reports from.
 */
function splitReportingPlace(text: string): { name: string; place: string | null } {
  const place = reportingPlaces.find((p) => text.endsWith(` ${p}`));
  return place ? { name: text.slice(0, -place.length - 1).trim(), place } : { name: text, place: null };
}

/** "Joe Higgins, TD, Socialist Party (CWI Ireland)": the name, then roles and the section in any order. */
function parseCredit(part: string): DemoContributorCredit {
  const [first = '', ...rest] = splitOutsideParentheses(part, /,\s*/g);
  const { name, place } = splitReportingPlace(first.replace(trailingLabel, '').trim());
  if (name === '') throw new Error(`Byline "${part}" credits no name`);
  let sectionSlug = trailingLabel.test(first) ? sectionMentionedIn(first) : null;
  const roles = place ? [place] : [];
  for (const segment of rest) {
    const slug = sectionMentionedIn(segment);
    if (slug === null) {
      roles.push(segment);
      continue;
    }
    sectionSlug ??= slug;
    const role = roleAround(segment, slug);
    if (role) roles.push(role);
  }
  return { name, sectionSlug, role: roles.length > 0 ? roles.join(', ') : null };
}

/** A piece of byline that credits an organisation or a team, not a person ("CWI reporters", "DSM (CWI South Africa)"). */
function isCollective(part: string): boolean {
  if (splitOutsideParentheses(part, /,/g).length > 1) return false;
  return isSectionName(part.replace(trailingLabel, '')) || /\breporters?\b/i.test(part);
}

/**
 * Resolves a byline as printed (without its date; a trailing colon is dropped) into
 * credits and a collective, each with the section the catalogue knows it by, plus the
 * publication it first appeared in. Throws on labels the catalogue does not know.
 */
export function parseByline(printed: string): ParsedByline {
  const text = printed.replace(/\s+/g, ' ').replace(/:\s*$/, '').trim();
  if (text === '') throw new Error('Empty byline');
  const editorial = parseEditorial(text);
  if (editorial) return editorial;
  const { rest, provenance } = extractProvenance(text);
  const byline: DemoByline = { contributors: [], collective: null, collectiveSectionSlug: null };
  for (const part of splitOutsideParentheses(rest, /\s+(?:and|with)\s+/g)) {
    if (!isCollective(part)) {
      byline.contributors.push(parseCredit(part));
      continue;
    }
    if (byline.collective !== null) throw new Error(`Byline "${text}" names two collectives`);
    byline.collective = part.replace(trailingLabel, '');
    byline.collectiveSectionSlug = sectionMentionedIn(part);
  }
  return { byline, provenance, editorial: false };
}
