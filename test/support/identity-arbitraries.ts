import fc from 'fast-check';
import { foldText } from '../../src/domain/campaigns/protective-text.js';

/*
 * Supporters and letters for the property tests of protective mode: names in Latin with
 * diacritics, Cyrillic, Greek, Arabic, Chinese, Japanese and Korean, in any order; email
 * addresses made of them, in any case; letters that carry them in another case, without
 * their accents, in another order, beside a phone number.
 */

const ALPHABETS = {
  latin: 'abcdefghijklmnopqrstuvwxyzàáâãäåçèéêëìíîïñòóôõöùúûüýÿąćęłńśźżșțğşœßøđ',
  cyrillic: 'абвгдеёжзийклмнопрстуфхцчшщыэюяіїєґқңүұөһә',
  greek: 'αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋ',
  arabic: 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي',
  han: '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤小明华伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞平刚桂英',
  kana: 'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわん',
  hangul: '김이박최정강조윤장임한오서신권황안송류홍민수지현영호진우성은혜경',
} as const;

type Script = keyof typeof ALPHABETS;
const SCRIPTS = Object.keys(ALPHABETS) as Script[];
/** Scripts written without spaces: the letter runs the name into the words around it. */
const CONTINUOUS: ReadonlySet<Script> = new Set(['han', 'kana', 'hangul']);

/** Filler for letters, per script, that reads like a sentence around the name. */
const FILLER: Record<Script, readonly string[]> = {
  latin: ['release', 'them', 'now', 'I', 'am', 'writing', 'from', 'my', 'name', 'is'],
  cyrillic: ['освободите', 'их', 'я', 'пишу', 'меня', 'зовут'],
  greek: ['απελευθερώστε', 'τους', 'γράφω', 'ονομάζομαι'],
  arabic: ['أطلقوا', 'سراحهم', 'أكتب', 'اسمي'],
  han: ['请释放他们', '我是', '我叫', '谢谢'],
  kana: ['かれらをしゃくほうしてください', 'わたしは', 'です'],
  hangul: ['석방하라', '저는', '입니다', '감사합니다'],
};

function word(script: Script): fc.Arbitrary<string> {
  const chars = [...ALPHABETS[script]];
  const [min, max] = CONTINUOUS.has(script) ? [2, 3] : [2, 9];
  return fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((cs) => cs.join(''));
}

/** A supporter: a name of two or three words in one script, an address made of it, a town, and the name they sign with. */
export interface GeneratedSupporter {
  readonly script: Script;
  readonly words: readonly string[];
  readonly name: string;
  readonly email: string;
  readonly city: string;
  readonly signAs: string;
}

/** Any case, letter by letter ("aIgErIm"); ß may become SS, as upper-casing does. */
export function anyCase(text: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: [...text].length, maxLength: [...text].length })
    .map((ups) => [...text].map((c, i) => (ups[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
}

/** The same text without its accents, as a keyboard without them types it. */
export function stripped(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
}

export const supporterArb: fc.Arbitrary<GeneratedSupporter> = fc.constantFrom(...SCRIPTS).chain((script) =>
  fc
    .record({
      words: fc.array(word(script), { minLength: 2, maxLength: 3 }),
      city: word(script),
      domain: anyCase('example.net'),
      // Whom the letter is signed as: one of the name's words, a nickname, or initials.
      sign: fc.oneof(
        fc.nat(2).map((i) => ({ kind: 'word' as const, i })),
        word(script).map((w) => ({ kind: 'other' as const, w })),
        fc.constant({ kind: 'initials' as const }),
      ),
      localCase: fc.boolean(),
    })
    .map(({ words, city, domain, sign, localCase }) => {
      const latinLocal = words.map((w) => stripped(w).replace(/[^a-z]/gi, '') || 'x').join('.');
      // Addresses in other scripts exist (оля@пример.рф); half of them are written so.
      const local = localCase || script === 'latin' ? latinLocal : words.join('.');
      const signAs = sign.kind === 'word' ? (words[sign.i % words.length] ?? '') : sign.kind === 'other' ? sign.w : words.map((w) => [...w][0]).join('.');
      return { script, words, name: words.join(' '), email: `${local}@${domain}`, city, signAs };
    }),
);

/** A letter by this supporter: their name's words shuffled, in any case, accents dropped or kept; their address in any case; a phone number. */
export function letterArb(s: GeneratedSupporter): fc.Arbitrary<string> {
  const joiner = CONTINUOUS.has(s.script) ? '' : ' ';
  const mention = fc
    .shuffledSubarray([...s.words, s.city], { minLength: 1 })
    .chain((ws) => fc.tuple(...ws.map((w) => fc.tuple(anyCase(w), fc.boolean()).map(([c, strip]) => (strip ? stripped(c) : c)))))
    .map((ws) => ws.join(joiner));
  const phone = fc
    .array(fc.integer({ min: 10, max: 999 }), { minLength: 3, maxLength: 4 })
    .chain((groups) => fc.constantFrom(' ', '-', '.', '').map((sep) => `+7 ${groups.join(sep)}`));
  const part = fc.oneof(fc.constantFrom(...FILLER[s.script]), mention, anyCase(s.email), phone, fc.constant('\n'));
  return fc.array(part, { minLength: 3, maxLength: 12 }).map((parts) => `${parts.join(joiner === '' ? '' : ' ')}\n\n{{name}}, {{country}}`);
}

/** Every word and stretch of the supporter's name, address and town a protective letter must not carry. */
export function forbiddenTokens(s: GeneratedSupporter): string[] {
  const words = (text: string) =>
    foldText(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => [...w].length >= 2);
  const keep = new Set(words(s.signAs));
  const all = [...words(s.name), ...words(s.email.split('@')[0] ?? ''), ...words(s.city)].filter((w) => !keep.has(w));
  if (!CONTINUOUS.has(s.script)) return all;
  // In a continuous script any two letters of a name in a row may be the name (but for
  // the words of the signing name, whose every part the supporter chose to show).
  const runs = all.flatMap((w) => {
    const cs = [...w];
    return cs.flatMap((_, i) => cs.slice(i + 2).map((__, j) => cs.slice(i, i + 2 + j).join('')));
  });
  return [...new Set(runs)].filter((r) => !keep.has(r));
}

/**
 * What of the supporter a text still reveals: a forbidden word (whole words in spaced
 * scripts, any stretch in continuous ones), the address in any case, or six digits of a
 * phone number. Empty when the text is clean.
 */
export function leaks(text: string, s: GeneratedSupporter, signature: string): string[] {
  // The signature line is the one place the chosen name belongs.
  const body = text.endsWith(signature) ? text.slice(0, -signature.length) : text;
  const folded = foldText(body);
  const found: string[] = [];
  const wordsOf = new Set(folded.split(/[^\p{L}\p{N}]+/u));
  for (const token of forbiddenTokens(s)) {
    if (CONTINUOUS.has(s.script) ? folded.includes(token) : wordsOf.has(token)) found.push(token);
  }
  if (folded.includes(foldText(s.email))) found.push(s.email);
  if (body.includes('@')) found.push('@');
  if (/\d{6}/.test(body.replace(/[\s().\/+-]/g, ''))) found.push('phone');
  return found;
}
