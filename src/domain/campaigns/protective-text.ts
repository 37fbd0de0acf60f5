/*
 * What a protective letter may not carry. The supporter's own words go to officials of a
 * government that may want their name, so before a protective letter is queued (and in
 * the preview that shows it first) every email address, phone number and link is
 * removed, and so is every word of the supporter's name, address and town, however it
 * is written: in another case, without its accents, in another order, or inflected
 * ("Садыковой" for Sadykova). Only the name the supporter chose to sign with may stay.
 * It is a deny-list of what we know about the supporter, run on the server, never a
 * guess at what a name looks like.
 */

/** What stands where something was removed: the supporter sees it in the preview. */
export const REMOVED = '[removed]';

/** Who the text must not reveal, and the name they chose to show. */
export interface Identity {
  readonly name: string;
  readonly email: string;
  readonly city: string | null;
  /** The name the supporter signs with: its words are theirs to show, and stay. */
  readonly signAs: string;
}

/**
 * Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer,
 * Burmese, Tibetan), and Korean, whose particles join a name ("민수입니다"): here a name
 * is found inside longer runs of letters, not only as a whole word.
 */
const CONTINUOUS = String.raw`\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}\p{scx=Tibetan}`;
const CONTINUOUS_CHAR = new RegExp(`[${CONTINUOUS}]`, 'v');
/** The longest stretch of a name looked for inside a word: names in these scripts are short. */
const MAX_RUN = 12;
/** A word: letters, digits and the marks on them; a run of a continuous script is a word of its own. */
const WORD = new RegExp(`[${CONTINUOUS}\\p{M}]+|[[\\p{L}\\p{N}\\p{M}]--[${CONTINUOUS}]]+`, 'gv');

/**
 * Case-, accent- and width-insensitive form of a text: NFKD, combining marks dropped,
 * then full case folding by way of upper case (ß → ss, ﬁ → fi), with the letters that
 * lower-casing alone leaves apart (final sigma, dotless i) brought together.
 */
export function foldText(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      // Back to composed form: NFKD splits a Hangul syllable into letters (jamo), not marks.
      .normalize('NFC')
      .toUpperCase()
      .toLowerCase()
      .replace(/ς/g, 'σ')
      .replace(/ı/g, 'i')
  );
}

/** The words of a text, folded, that are long enough to name anyone. */
function tokensOf(text: string): string[] {
  const words = foldText(text).match(WORD) ?? [];
  // One letter ("J." or the "O" of O'Brien) names nobody; a short number is too common
  // ("12" years) to remove, while a four-digit one (a birth year in an address) may identify.
  return words.filter((w) => (/^\p{N}+$/u.test(w) ? w.length >= 4 : [...w].length >= 2));
}

/** The tokens to remove: every word of name, address's local part and town, less those of the signing name. */
export function identityTokens(identity: Identity): { words: Set<string>; runs: Set<string>; keep: Set<string> } {
  const keep = new Set(tokensOf(identity.signAs));
  const local = identity.email.split('@')[0] ?? '';
  const all = [...tokensOf(identity.name), ...tokensOf(local), ...tokensOf(identity.city ?? '')].filter((t) => !keep.has(t));
  const words = new Set(all);
  // In a continuous script every two-letter stretch of a name may be a name (王小明 is also
  // written 小明), so each such stretch, up to MAX_RUN letters, is looked for inside longer runs.
  const runs = new Set<string>();
  for (const token of all) {
    if (!CONTINUOUS_CHAR.test(token)) continue;
    const chars = [...token];
    for (let i = 0; i < chars.length; i++) {
      for (let j = i + 2; j <= Math.min(chars.length, i + MAX_RUN); j++) {
        const run = chars.slice(i, j).join('');
        if (!keep.has(run)) runs.add(run);
      }
    }
  }
  return { words, runs, keep };
}

/**
 * Whether a folded word is, or is an inflection of, a token: Slavic and Turkic names take
 * endings ("Садыковой", "Айгеримнің"), so a word that starts with a token of four letters
 * or more, less its last letter, and runs on for at most four more letters counts as it.
 */
function isNameWord(word: string, words: ReadonlySet<string>): boolean {
  if (words.has(word)) return true;
  for (const token of words) {
    if ([...token].length < 4 || /^\p{N}+$/u.test(token)) continue;
    const chars = [...token];
    const stem = chars.length >= 5 ? chars.slice(0, -1).join('') : token;
    if (word.startsWith(stem) && [...word].length - [...stem].length <= 4) return true;
  }
  return false;
}

/**
 * Removes, inside one word of a continuous script, every stretch that is part of a name,
 * the longest first (王小明 goes as one rather than leave 明 behind). Set lookups of at
 * most MAX_RUN lengths per letter keep a 10,000-letter letter and a 200-letter name fast.
 */
function withoutRuns(word: string, runs: ReadonlySet<string>): string {
  const chars = [...word];
  const folded = chars.map((c) => foldText(c));
  let out = '';
  for (let i = 0; i < chars.length;) {
    let hit = 0;
    for (let n = Math.min(MAX_RUN, chars.length - i); n >= 2 && hit === 0; n--) {
      if (runs.has(folded.slice(i, i + n).join(''))) hit = n;
    }
    if (hit > 0) {
      i += hit;
      if (!out.endsWith(REMOVED)) out += REMOVED;
    } else {
      out += chars[i];
      i++;
    }
  }
  return out;
}

/*
 * Every repetition below is bounded by the lengths RFC 5321 and RFC 1035 allow (64 for an
 * address's local part, 63 for a domain label, 253 for a domain) or, for phone numbers,
 * by 30 characters: unbounded, a 10,000-letter word makes these patterns quadratic.
 */
// Any address, in any case and script: something@domain.tld; and then whatever is left
// around an @ (an address whose parts ran into the words beside it, a @handle).
const EMAIL = /[\p{L}\p{N}._%+'-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,8}/gu;
const AT = /[\p{L}\p{N}._%+'-]{0,64}@[\p{L}\p{N}._-]{0,253}/gu;
// http(s):// and www. links, and a bare domain with a path (example.org/page).
const URL_LIKE = /(?:https?:\/\/|www\.)[^\s<>"]+|[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,63}\/[^\s<>"]*/giu;
// A phone number: six digits or more, with spaces, dashes, dots, slashes, brackets or a +.
const PHONE = /\+?\(?\p{Nd}[\p{Nd} \t\u00a0().\/-]{4,30}\p{Nd}\)?/gu;
// Dates look like phone numbers to PHONE, and letters about arrests are full of them.
const DATE = /^(?:\p{Nd}{1,2}[./-]\p{Nd}{1,2}[./-]\p{Nd}{2,4}|\p{Nd}{4}[./-]\p{Nd}{1,2}[./-]\p{Nd}{1,2})$/u;

/** Removes links, keeping the punctuation that ended the sentence after them. */
function withoutLinks(text: string): string {
  return text.replace(URL_LIKE, (match) => {
    const tail = /[.,;:!?)\]'"’”]+$/u.exec(match)?.[0] ?? '';
    return REMOVED + tail;
  });
}

function withoutPhones(text: string): string {
  return text.replace(PHONE, (match) => {
    const digits = match.replace(/\P{Nd}/gu, '').length;
    const dates = match
      .split(/[\s()]+/)
      .filter((chunk) => /\p{Nd}/u.test(chunk))
      .every((chunk) => DATE.test(chunk));
    return digits >= 6 && !dates ? REMOVED : match;
  });
}

/** The placeholders a letter is filled with; never touched here, they are the signature. */
const PLACEHOLDER = /(\{\{\s*(?:name|city|country)\s*\}\})/;

/**
 * A supporter's text made fit for protective mode: every email address, link and phone
 * number is removed, and every word of the supporter's name, address and town, except
 * the words of the name they sign with. {{name}}, {{city}} and {{country}} are left for
 * renderLetter. Removals read "[removed]"; a run of them reads as one.
 */
export function withoutIdentity(text: string, identity: Identity): string {
  const { words, runs, keep } = identityTokens(identity);
  const clean = (part: string) =>
    withoutPhones(withoutLinks(part.replace(EMAIL, REMOVED).replace(AT, REMOVED))).replace(WORD, (word: string, at: number, whole: string) => {
      if (whole.startsWith(REMOVED, at - 1)) return word;
      const folded = foldText(word);
      if (keep.has(folded)) return word;
      if (isNameWord(folded, words)) return REMOVED;
      return runs.size > 0 && CONTINUOUS_CHAR.test(word) ? withoutRuns(word, runs) : word;
    });
  return text
    .split(PLACEHOLDER)
    .map((part, i) => (i % 2 === 1 ? part : clean(part)))
    .join('')
    .replace(/\[removed\](?:[ \t\u00a0]*\[removed\])+/g, REMOVED);
}
