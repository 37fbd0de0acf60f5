import { demoPublications, demoSections } from './demo-sections.js';
import { parseByline, type ParsedByline } from './parse-demo-byline.js';
import type { DemoArticle, DemoContent, DemoTarget, ArticleType } from './demo-types.js';

export type { ArticleType, DemoArticle, DemoByline, DemoContent, DemoContributorCredit, DemoPublication, DemoSection, DemoTarget } from './demo-types.js';

const PROTESTS_MARKER = 'Please send protests to:';
const COPIES_MARKER = 'Please send copies of all protests to';
// The capture lost the list headings; the "Analysis" list is known by its first item.
const ANALYSIS_START = 'World economy: A way out of depression?';
// The capture lost the <figure> markup, so the caption reads like a subheading; it is named here.
const LEAD_CAPTION = 'Protesters outside the Corinthia hotel';
const LEAD_ALT = 'Protesters with placards outside the Corinthia Hotel in London';

/** Kickers (and names in kicker-less titles) that are countries; any other kicker is a topic. */
const countryKickers: Readonly<Record<string, string>> = {
  Britain: 'GB', Kazakhstan: 'KZ', 'Sri Lanka': 'LK', Spain: 'ES', 'South Africa': 'ZA', US: 'US',
  Australia: 'AU', Nigeria: 'NG', Ireland: 'IE', Egypt: 'EG', Syria: 'SY', Russia: 'RU', Italy: 'IT',
  China: 'CN', France: 'FR', Greece: 'GR', 'Greece election': 'GR', Tunisia: 'TN',
};

/**
 * The page lost every email address to script obfuscation, and names no organisation:
 * both are filled in here per position, with example.org addresses.
 */
const targetDirectory: Readonly<Record<string, { organisation: string; email: string }>> = {
  'Head of the Supreme Court of Kazakhstan': { organisation: 'Supreme Court of the Republic of Kazakhstan', email: 'supreme-court@example.org' },
  'Foreign Ministry of the Republic of Kazakhstan': { organisation: 'Foreign Ministry of the Republic of Kazakhstan', email: 'foreign-ministry@example.org' },
  'Head of the President’s Administration': { organisation: 'Administration of the President of the Republic of Kazakhstan', email: 'presidential-administration@example.org' },
};
const COPY_TO = 'kazakhstan-campaign@example.org';

/** Groups lines into blocks separated by blank lines, each line right-trimmed. */
function blocksOf(lines: readonly string[]): string[][] {
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length > 0) blocks.push(current);
      current = [];
    } else current.push(line.trimEnd());
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

/** Keeps a paragraph that starts like Markdown syntax ("1. ", "# ", "- ") a paragraph. */
function escapeMarkdownStart(text: string): string {
  return text.replace(/^(\d+)([.)]\s)/, '$1\\$2').replace(/^([#>+*-]\s)/, '\\$1');
}

/** Splits "Kicker: Title [updated]" into its parts; a long "kicker" is part of the title. */
function splitTitle(line: string): { kicker: string | null; title: string; updated: boolean } {
  const updated = /\[updated\]/i.test(line);
  const clean = line.replace(/\s*\[updated\]\s*/i, ' ').replace(/\s+/g, ' ').trim();
  const colon = clean.indexOf(': ');
  // Kickers are a few words; a colon further in belongs to the title itself.
  if (colon <= 0 || colon > 40) return { kicker: null, title: clean, updated };
  return { kicker: clean.slice(0, colon), title: clean.slice(colon + 2).trim(), updated };
}

/** Country codes named in a title without a kicker, whole words only. */
function countriesInTitle(title: string): string[] {
  const codes = Object.entries(countryKickers)
    .filter(([name]) => new RegExp(`(?<![\\p{L}])${name}(?![\\p{L}])`, 'u').test(title))
    .map(([, code]) => code);
  return [...new Set(codes)];
}

/** Countries and topics from the kicker; "Review" is a type, not a topic. */
function classify(kicker: string | null, title: string): { countries: string[]; topics: string[] } {
  if (kicker === null) return { countries: countriesInTitle(title), topics: [] };
  const code = countryKickers[kicker];
  if (code) return { countries: [code], topics: [] };
  return { countries: [], topics: kicker === 'Review' ? [] : [kicker] };
}

function articleType(kicker: string | null, standfirst: string, byline: ParsedByline, list: DemoArticle['list']): ArticleType {
  if (kicker === 'Review' || standfirst.startsWith('Review:')) return 'review';
  if (byline.editorial) return 'editorial';
  return list === 'analysis' ? 'analysis' : 'news';
}

function isoDate(day: string, month: string, year: string, line: string): string {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCDate() !== Number(day) || date.getUTCMonth() !== Number(month) - 1) throw new Error(`Invalid date in "${line}"`);
  return date.toISOString().slice(0, 10);
}

/**
 * The page shows some items with neither date nor byline; they are the CWI's own
 * website items, so the international is credited rather than nobody.
 */
const undatedByline: ParsedByline = { byline: { contributors: [], collective: 'CWI', collectiveSectionSlug: 'cwi' }, provenance: null, editorial: false };

/** One listed item: "Kicker: Title", then optionally "DD/MM/YYYY, byline:", then the standfirst. */
function parseItem(block: readonly string[], list: 'latest' | 'analysis', previousDate: string | null): DemoArticle {
  const [titleLine = '', second, third, ...extra] = block;
  const dated = second === undefined ? null : /^(\d{2})\/(\d{2})\/(\d{4}),\s*(.*?):?\s*$/.exec(second);
  if (second === undefined || extra.length > 0 || (!dated && third !== undefined)) throw new Error(`Unrecognised news item: "${block.join(' / ')}"`);
  if (!dated && previousDate === null) throw new Error(`The first item of "${list}" has no date: "${titleLine}"`);
  const bylineText = dated ? (dated[4] ?? '').trim() : '';
  const parsed = dated ? parseByline(bylineText) : undatedByline;
  const standfirst = (dated ? (third ?? '') : second).trim();
  const { kicker, title, updated } = splitTitle(titleLine);
  return {
    title, kicker, ...classify(kicker, title), type: articleType(kicker, standfirst, parsed, list),
    publishedOn: dated ? isoDate(dated[1] ?? '', dated[2] ?? '', dated[3] ?? '', second) : (previousDate ?? ''),
    dateInferred: !dated, standfirst, byline: parsed.byline, bylineText, provenance: parsed.provenance,
    updated, list, bodyMarkdown: escapeMarkdownStart(standfirst),
  };
}

/** A list is newest first, so an undated item takes the date of the item above it. */
function parseList(blocks: readonly string[][], list: 'latest' | 'analysis'): DemoArticle[] {
  const items: DemoArticle[] = [];
  for (const block of blocks) items.push(parseItem(block, list, items.at(-1)?.publishedOn ?? null));
  return items;
}

function normalisePhone(raw: string): string {
  return raw.replace(/[()]/g, ' ').replace(/^\++/, '+').replace(/\s+/g, ' ').trim();
}

/** "1: Head of … - Name" entries, each followed by lines that may carry a phone number. */
function parseTargets(lines: readonly string[]): DemoTarget[] {
  const targets: DemoTarget[] = [];
  for (const line of lines) {
    const numbered = /^\d+:\s*(.+)$/.exec(line.trim());
    const phone = /\bTel:?\s*(\+[\d\s()+]*\d)/.exec(line);
    const last = targets.at(-1);
    if (numbered) targets.push(targetFor(numbered[1] ?? ''));
    else if (phone && last) last.phone = normalisePhone(phone[1] ?? '');
  }
  if (targets.length === 0) throw new Error('The call to action names no one to send protests to');
  return targets;
}

function targetFor(text: string): DemoTarget {
  const [positionText = '', name] = text.split(/\s+-\s+/);
  const position = positionText.replace(/^The\s+/, '').trim();
  const known = targetDirectory[position];
  if (!known) throw new Error(`No address is known for the protest target "${position}"`);
  return { name: name?.trim() || null, position, organisation: known.organisation, country: 'KZ', email: known.email, phone: null };
}

/** The lead's body: paragraphs, bullet lists and subheadings; the caption is set aside. */
function leadBody(blocks: readonly string[][]): { markdown: string; caption: string | null } {
  const parts: string[] = [];
  let caption: string | null = null;
  for (const block of blocks) {
    const text = block.map((l) => l.trim()).join(' ');
    if (text === LEAD_CAPTION) caption = text;
    else if (block.every((l) => l.trim().startsWith('•'))) parts.push(block.map((l) => `- ${l.trim().replace(/^•\s*/, '')}`).join('\n'));
    // A short line with no closing punctuation is a subheading ("Strikers brutally treated").
    else if (block.length === 1 && text.length <= 60 && !/[.!?:;…"”’)]$/.test(text)) parts.push(`## ${text}`);
    else parts.push(escapeMarkdownStart(text));
  }
  return { markdown: parts.join('\n\n'), caption };
}

/** The day after the newest dated item: the lead was "this morning"'s news and carries no date. */
function dayAfterNewest(items: readonly DemoArticle[]): string {
  const newest = items.filter((i) => !i.dateInferred).map((i) => i.publishedOn).sort().at(-1);
  if (!newest) throw new Error('No dated item to date the lead article by');
  const next = new Date(`${newest}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

function parseLead(lines: readonly string[], publishedOn: string): { lead: DemoArticle; caption: string } {
  const [titleBlock, bylineBlock, ...body] = blocksOf(lines);
  const title = titleBlock?.join(' ').trim();
  const bylineText = bylineBlock?.join(' ').trim();
  if (!title || !bylineText) throw new Error('The lead article lacks its title or byline');
  const { markdown, caption } = leadBody(body);
  if (caption === null) throw new Error(`The lead article lacks its photo caption "${LEAD_CAPTION}"`);
  const firstParagraph = body.find((b) => b.join(' ').trim() !== LEAD_CAPTION)?.join(' ').trim() ?? '';
  const standfirst = firstParagraph.split(/(?<=[.!?])\s+(?=[A-Z“‘"])/)[0] ?? '';
  const parsed = parseByline(bylineText);
  // The lead shows no kicker; it is taken from the country its title names.
  const countries = countriesInTitle(title);
  const kicker = Object.keys(countryKickers).find((k) => countryKickers[k] === countries[0]) ?? null;
  const lead: DemoArticle = {
    title, kicker, countries, topics: [], type: 'news', publishedOn, dateInferred: true, standfirst,
    byline: parsed.byline, bylineText, provenance: parsed.provenance, updated: false, list: 'lead', bodyMarkdown: markdown,
  };
  return { lead, caption };
}

function requireLine(lines: readonly string[], marker: string, from = 0): number {
  const index = lines.findIndex((l, i) => i >= from && l.trim().startsWith(marker));
  if (index < 0) throw new Error(`The demo page lacks the "${marker}" line`);
  return index;
}

/**
 * Parses the captured news page (August 2012) into demo content: the lead article with
 * its call to action, the "Latest news" and "Analysis" lists, and the sections and
 * publications their bylines name. Pure: the caller reads the file.
 */
export function parseDemoPage(text: string): DemoContent {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const protests = requireLine(lines, PROTESTS_MARKER);
  const copies = requireLine(lines, COPIES_MARKER, protests);
  const itemBlocks = blocksOf(lines.slice(copies + 1));
  const split = itemBlocks.findIndex((b) => b[0]?.trim() === ANALYSIS_START);
  if (split < 0) throw new Error(`The demo page lacks the first Analysis item "${ANALYSIS_START}"`);
  const latest = parseList(itemBlocks.slice(0, split), 'latest');
  const analysis = parseList(itemBlocks.slice(split), 'analysis');
  const { lead, caption } = parseLead(lines.slice(0, protests), dayAfterNewest([...latest, ...analysis]));
  return {
    sections: demoSections.map((s) => ({ ...s, languages: [...s.languages] })),
    publications: demoPublications.map((p) => ({ ...p })),
    lead, latest, analysis,
    targets: parseTargets(lines.slice(protests + 1, copies)),
    copyTo: [COPY_TO],
    leadImage: { caption, alt: LEAD_ALT, credit: null },
  };
}
