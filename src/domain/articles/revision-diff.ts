import { diffArrays } from 'diff';
import type { ArticleInput, CreditInput } from './article-input.js';

/**
 * An article's editable fields as one version of it: what the editor form holds and
 * what a revision stores (as JSON). Status, publication time and public updates are
 * not here: they change through the workflow, not by saving the form.
 */
export type ArticleSnapshot = Omit<ArticleInput, 'status' | 'publishedAt' | 'updates' | 'slug'> & {
  /** Empty asks for a slug made from the title. */
  readonly slug: string;
};

/** An empty article, the starting point of a new one (and of a snapshot missing a field). */
export const EMPTY_SNAPSHOT: ArticleSnapshot = {
  title: '',
  slug: '',
  language: 'en',
  type: 'news',
  standfirst: '',
  bodyMarkdown: '',
  kickerOverride: null,
  countries: [],
  topics: [],
  sectionSlugs: [],
  credits: [],
  collective: null,
  collectiveSectionSlug: null,
  provenance: null,
  image: null,
  featured: false,
  campaignId: null,
};

/** A stored snapshot made whole: fields added to the editor since it was saved take their empty value. */
export function completeSnapshot(stored: Partial<ArticleSnapshot>): ArticleSnapshot {
  return { ...EMPTY_SNAPSHOT, ...stored };
}

/**
 * One credit as a line of text, "Name | section | role", the form the editor types
 * credits in. Trailing empty parts are left out ("Name", "Name | section").
 */
export function formatCreditLine(credit: CreditInput): string {
  const parts = [credit.name, credit.sectionSlug ?? '', credit.role ?? ''];
  while (parts.length > 1 && parts.at(-1) === '') parts.pop();
  return parts.join(' | ');
}

/** Reads a line typed as "Name | section | role"; null for a blank line. */
export function parseCreditLine(line: string): CreditInput | null {
  const [name = '', section = '', role = ''] = line.split('|').map((part) => part.trim());
  if (name === '') return null;
  return { name, sectionSlug: section || null, role: role || null };
}

/** The fields a diff shows, in the order of the form, with their labels. */
export const SNAPSHOT_FIELDS = [
  ['title', 'Title'],
  ['slug', 'Slug'],
  ['language', 'Language'],
  ['type', 'Type'],
  ['kickerOverride', 'Kicker'],
  ['standfirst', 'Standfirst'],
  ['bodyMarkdown', 'Body'],
  ['credits', 'Contributors'],
  ['collective', 'Collective byline'],
  ['countries', 'Countries'],
  ['topics', 'Topics'],
  ['sectionSlugs', 'Sections'],
  ['provenance', 'Provenance'],
  ['image', 'Lead image'],
  ['featured', 'Featured'],
  ['campaignId', 'Campaign'],
] as const satisfies readonly (readonly [keyof ArticleSnapshot, string])[];

type ShownField = (typeof SNAPSHOT_FIELDS)[number][0];

const lines = (text: string | null): string[] => (text ? text.split(/\r?\n/) : []);
const labelled = (pairs: [string, string | null | undefined][]) => pairs.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`);

/** A field's value as lines of text, which is what the diff compares. */
export function fieldLines(snapshot: ArticleSnapshot, field: ShownField): string[] {
  const s = snapshot;
  switch (field) {
    case 'credits':
      return s.credits.map(formatCreditLine);
    case 'collective':
      return labelled([
        ['Text', s.collective],
        ['Section', s.collectiveSectionSlug],
      ]);
    case 'countries':
    case 'topics':
    case 'sectionSlugs':
      return [...s[field]];
    case 'provenance':
      return labelled([
        ['Publication', s.provenance?.publicationSlug],
        ['Note', s.provenance?.note],
        ['Link', s.provenance?.url],
      ]);
    case 'image':
      return s.image
        ? labelled([
            ['Media', `#${s.image.mediaId}`],
            ['Caption', s.image.caption],
            ['Credit', s.image.credit],
          ])
        : [];
    case 'featured':
      return [s.featured ? 'Yes' : 'No'];
    case 'campaignId':
      return s.campaignId === null ? [] : [`#${s.campaignId}`];
    default:
      return lines(s[field]);
  }
}

/** One line of a diff: in both versions, only in the newer (added) or only in the older (removed). */
export interface DiffLine {
  readonly kind: 'same' | 'added' | 'removed';
  readonly text: string;
}

// Myers' algorithm costs O((n+m)·d) for d changed lines; past this many changes (two
// unrelated 2,000-line bodies) the changed middle is shown as removed-then-added
// instead, which is still correct and keeps a save from spending seconds on a diff.
const MAX_EDIT_LENGTH = 4_000;

/**
 * A line diff of two texts, by jsdiff's implementation of Myers' algorithm (the one
 * GNU diff and git use): the shortest edit script, unchanged lines kept in order.
 */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const changes = diffArrays([...before], [...after], { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) return [...before.map((text) => ({ kind: 'removed' as const, text })), ...after.map((text) => ({ kind: 'added' as const, text }))];
  return changes.flatMap((change) => {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    return change.value.map((text) => ({ kind, text }));
  });
}

/** A line of a diff as shown, or a run of unchanged lines folded away. */
export type ShownLine = DiffLine | { readonly kind: 'skipped'; readonly count: number };

/** Keeps `context` unchanged lines around each change and folds longer unchanged runs. */
export function withContext(diff: readonly DiffLine[], context = 2): ShownLine[] {
  const near = diff.map((_, index) => diff.slice(Math.max(0, index - context), index + context + 1).some((l) => l.kind !== 'same'));
  const out: ShownLine[] = [];
  diff.forEach((line, index) => {
    if (near[index]) return void out.push(line);
    const last = out.at(-1);
    if (last?.kind === 'skipped') out[out.length - 1] = { kind: 'skipped', count: last.count + 1 };
    else out.push({ kind: 'skipped', count: 1 });
  });
  return out;
}

/** The diff of one changed field. */
export interface FieldDiff {
  readonly field: ShownField;
  readonly label: string;
  readonly lines: readonly DiffLine[];
}

/** Every field that differs between two versions, with its line diff; unchanged fields are left out. */
export function diffSnapshots(before: ArticleSnapshot, after: ArticleSnapshot): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  for (const [field, label] of SNAPSHOT_FIELDS) {
    const lines = diffLines(fieldLines(before, field), fieldLines(after, field));
    if (lines.some((l) => l.kind !== 'same')) diffs.push({ field, label, lines });
  }
  return diffs;
}
