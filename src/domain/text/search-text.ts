import { foldForSearch } from './slug.js';

/*
 * Full-text search's text rules, the same for both databases (docs/decisions/0026): a
 * document and a query are folded and cut into words here, so SQLite's FTS5 and
 * PostgreSQL's tsvector only ever see the same plain words and find the same articles.
 */

/** Letters no Unicode decomposition takes apart, written as readers type them without their marks. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ł: 'l',
  ı: 'i',
  đ: 'd',
  ð: 'd',
  ø: 'o',
  ħ: 'h',
  ŧ: 't',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ς: 'σ',
  ـ: '',
};
const LETTER_FOLD_PATTERN = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'gu');

/** Scripts written without spaces between words: searched by pairs of characters. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const NOT_CJK_RUN = /[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Folds case and marks in every script, so that what a reader types finds what an author
 * wrote: Latin diacritics ("Malmö" = "malmo", Polish ł = l, Turkish İ/ı = i, German ß = ss),
 * Cyrillic ё = е, Greek tonos and final sigma, Arabic vowel marks and tatweel, Hebrew
 * niqqud. Chinese, Japanese and Korean keep their marks (a Japanese voicing mark changes
 * the word) and are only put in compatibility form.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(NOT_CJK_RUN, (run) => foldForSearch(run.replace(/İ/g, 'i')).replace(LETTER_FOLD_PATTERN, (ch) => LETTER_FOLDS[ch] ?? ch))
    .replace(/[\p{Cf}]/gu, '');
}

/** One word of a text or a query: either a word, or a run of CJK characters searched by the overlapping characters it holds. */
export interface SearchWord {
  readonly kind: 'word' | 'cjk';
  /**
   * For a word, the folded word; for CJK, what a query looks for: the run itself when it has
   * one or two characters, else its overlapping triples, which must occur in a row.
   */
  readonly terms: readonly string[];
}

/** A run's overlapping windows of `size` characters, in order. */
function windows(chars: readonly string[], size: number): string[] {
  return chars.slice(0, Math.max(0, chars.length - size + 1)).map((_, i) => chars.slice(i, i + size).join(''));
}

function cjkTerms(run: string): string[] {
  const chars = [...run];
  return chars.length <= 2 ? [run] : windows(chars, 3);
}

/**
 * What the index holds of a CJK run: its overlapping pairs (one character alone when it
 * has one), then its overlapping triples. A query of two characters looks for a pair and
 * one of three or more for its triples in a row; since the triples of one run follow each
 * other, and the pairs of the next run stand between them and that run's triples, a
 * longer query matches only where it stands as written. Triples make the databases' own
 * indexes narrow the candidates as far as the text does: with pairs alone, every text
 * holding the pairs anywhere had to be read to check their order.
 */
function cjkIndexTerms(run: string): string[] {
  const chars = [...run];
  return chars.length === 1 ? chars : [...windows(chars, 2), ...windows(chars, 3)];
}

const CJK_SPLIT = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+)/u;

/** The words of a folded text in order, each with the terms `terms` makes of it; CJK runs are split off from the letters around them. */
function wordsOfFolded(folded: string, terms: (run: string) => string[]): SearchWord[] {
  const words: SearchWord[] = [];
  for (const match of folded.matchAll(WORD)) {
    for (const part of match[0].split(CJK_SPLIT)) {
      if (part === '') continue;
      words.push(CJK.test(part) ? { kind: 'cjk', terms: terms(part) } : { kind: 'word', terms: [part] });
    }
  }
  return words;
}

/**
 * A text as the index stores it: folded words separated by single spaces, CJK runs as
 * their overlapping pairs and triples. Both databases' tokenizers split this on spaces
 * alone, so the words they index are exactly these.
 */
export function indexText(text: string): string {
  return wordsOfFolded(foldText(text), cjkIndexTerms)
    .flatMap((w) => w.terms)
    .join(' ');
}

/** Whether an indexed text holds CJK (whose terms changed in migration 0017). */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** The longest query read, in characters, and the most words kept of it. */
export const MAX_QUERY_LENGTH = 200;
const MAX_QUERY_WORDS = 12;

/**
 * A reader's query as words that must all occur (a CJK run: its triples in a row). Empty
 * when the query has no letter or digit. Nothing of the query reaches SQL as syntax: each
 * database's query is built from these words alone.
 */
export function queryWords(query: string): SearchWord[] {
  return wordsOfFolded(foldText(query.slice(0, MAX_QUERY_LENGTH)), cjkTerms).slice(0, MAX_QUERY_WORDS);
}

/** The query for SQLite's FTS5: every word quoted (a CJK run as one quoted phrase), all required. */
export function fts5Query(words: readonly SearchWord[]): string {
  return words.map((w) => `"${w.terms.join(' ')}"`).join(' ');
}

/** The query for PostgreSQL's to_tsquery: every word quoted, a CJK run's triples in a row (`<->`), all required. */
export function tsQuery(words: readonly SearchWord[]): string {
  return words.map((w) => (w.terms.length === 1 ? `'${w.terms[0]}'` : `(${w.terms.map((t) => `'${t}'`).join(' <-> ')})`)).join(' & ');
}

/** A piece of a snippet: plain text, or text to mark as matching the query. */
export interface SnippetPart {
  readonly text: string;
  readonly mark: boolean;
}

/**
 * Markdown's own signs and link addresses dropped, so a snippet reads as prose and the
 * index holds the words readers see (the text is still escaped whenever it is shown).
 */
export function plainOfMarkdown(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]{1,3}/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A snippet of `text` around the first place the query's words occur, the matching words
 * marked, at most about `length` characters. Matching uses the same folding as the index,
 * so "zabastovka" marks nothing a search for it did not find, and "malmo" marks "Malmö".
 * The parts are text: the view escapes them, so nothing of the body is ever raw HTML.
 */
export function snippet(text: string, words: readonly SearchWord[], options: { markdown?: boolean; length?: number } = {}): SnippetPart[] {
  const length = options.length ?? 220;
  const plain = options.markdown ? plainOfMarkdown(text) : text.replace(/\s+/g, ' ').trim();
  const wanted = new Set(words.filter((w) => w.kind === 'word').map((w) => w.terms[0]));
  const cjk = words
    .filter((w) => w.kind === 'cjk')
    .map((w) => foldText(w.terms.length === 1 ? w.terms[0]! : w.terms.map((t, i) => (i === 0 ? t : t.slice(-1))).join('')));
  const marks: [number, number][] = [];
  for (const match of plain.matchAll(WORD)) {
    const start = match.index;
    const word = match[0];
    const folded = foldText(word);
    if (wanted.has(folded)) marks.push([start, start + word.length]);
    else if (cjk.length > 0 && CJK.test(word)) {
      for (const needle of cjk) {
        let at = word.indexOf(needle);
        while (at !== -1 && needle !== '') {
          marks.push([start + at, start + at + needle.length]);
          at = word.indexOf(needle, at + needle.length);
        }
      }
    }
  }
  marks.sort((a, b) => a[0] - b[0]);
  const first = marks[0]?.[0] ?? 0;
  let from = Math.max(0, first - Math.floor(length / 3));
  if (from > 0) {
    const space = plain.indexOf(' ', from);
    from = space !== -1 && space < first ? space + 1 : from;
  }
  let to = Math.min(plain.length, from + length);
  if (to < plain.length) {
    const space = plain.lastIndexOf(' ', to);
    to = space > from && space > (marks[0]?.[1] ?? 0) ? space : to;
  }
  const parts: SnippetPart[] = [];
  if (from > 0) parts.push({ text: '… ', mark: false });
  let at = from;
  for (const [start, end] of marks) {
    if (start < at || end > to) continue;
    if (start > at) parts.push({ text: plain.slice(at, start), mark: false });
    parts.push({ text: plain.slice(start, end), mark: true });
    at = end;
  }
  if (at < to) parts.push({ text: plain.slice(at, to), mark: false });
  if (to < plain.length) parts.push({ text: ' …', mark: false });
  return parts;
}
