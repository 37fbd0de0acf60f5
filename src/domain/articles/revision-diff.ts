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
  title: '', slug: '', language: 'en', type: 'news', standfirst: '', bodyMarkdown: '', kickerOverride: null,
  countries: [], topics: [], sectionSlugs: [], credits: [], collective: null, collectiveSectionSlug: null,
  provenance: null, image: null, featured: false, campaignId: null,
};

/** Reads a stored snapshot; fields added to the editor since it was saved take their empty value. */
export function parseSnapshot(json: string): ArticleSnapshot {
  return { ...EMPTY_SNAPSHOT, ...(JSON.parse(json) as Partial<ArticleSnapshot>) };
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
  ['title', 'Title'], ['slug', 'Slug'], ['language', 'Language'], ['type', 'Type'], ['kickerOverride', 'Kicker'],
  ['standfirst', 'Standfirst'], ['bodyMarkdown', 'Body'], ['credits', 'Contributors'], ['collective', 'Collective byline'],
  ['countries', 'Countries'], ['topics', 'Topics'], ['sectionSlugs', 'Sections'], ['provenance', 'Provenance'],
  ['image', 'Lead image'], ['featured', 'Featured'], ['campaignId', 'Campaign'],
] as const satisfies readonly (readonly [keyof ArticleSnapshot, string])[];

type ShownField = (typeof SNAPSHOT_FIELDS)[number][0];

const lines = (text: string | null): string[] => (text ? text.split(/\r?\n/) : []);
const labelled = (pairs: [string, string | null | undefined][]) => pairs.filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`);

/** A field's value as lines of text, which is what the diff compares. */
export function fieldLines(snapshot: ArticleSnapshot, field: ShownField): string[] {
  const s = snapshot;
  switch (field) {
    case 'credits': return s.credits.map(formatCreditLine);
    case 'collective': return labelled([['Text', s.collective], ['Section', s.collectiveSectionSlug]]);
    case 'countries': case 'topics': case 'sectionSlugs': return [...s[field]];
    case 'provenance': return labelled([['Publication', s.provenance?.publicationSlug], ['Note', s.provenance?.note], ['Link', s.provenance?.url]]);
    case 'image': return s.image ? labelled([['Media', `#${s.image.mediaId}`], ['Caption', s.image.caption], ['Credit', s.image.credit]]) : [];
    case 'featured': return [s.featured ? 'Yes' : 'No'];
    case 'campaignId': return s.campaignId === null ? [] : [`#${s.campaignId}`];
    default: return lines(s[field]);
  }
}

/** One line of a diff: in both versions, only in the newer (added) or only in the older (removed). */
export interface DiffLine {
  readonly kind: 'same' | 'added' | 'removed';
  readonly text: string;
}

// The LCS table has (n+1)(m+1) cells; past this many (a 2,000-line body against another),
// the changed middle is shown as removed-then-added instead, which is still correct.
const MAX_CELLS = 4_000_000;

/**
 * A line diff of two texts: the longest common subsequence of lines is kept, the rest
 * is removed or added. The common head and tail are trimmed first, so the usual edit
 * (a few lines in a long body) costs almost nothing.
 */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tailA = before.length;
  let tailB = after.length;
  while (tailA > head && tailB > head && before[tailA - 1] === after[tailB - 1]) {
    tailA--;
    tailB--;
  }
  const a = before.slice(head, tailA);
  const b = after.slice(head, tailB);
  const middle = (a.length + 1) * (b.length + 1) > MAX_CELLS
    ? [...a.map((text) => ({ kind: 'removed' as const, text })), ...b.map((text) => ({ kind: 'added' as const, text }))]
    : lcsDiff(a, b);
  const same = (texts: readonly string[]) => texts.map((text) => ({ kind: 'same' as const, text }));
  return [...same(before.slice(0, head)), ...middle, ...same(before.slice(tailA))];
}

function lcsDiff(a: readonly string[], b: readonly string[]): DiffLine[] {
  const width = b.length + 1;
  // lengths[i * width + j]: the LCS length of a[i..] and b[j..].
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i++]! });
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      out.push({ kind: 'removed', text: a[i++]! });
    } else {
      out.push({ kind: 'added', text: b[j++]! });
    }
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ kind: 'added', text: b[j++]! });
  return out;
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
