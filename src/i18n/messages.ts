import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TYPE } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';

/** Where the catalogues live: one `<language>.json` per interface language (`locales/ru.json`). */
export const LOCALES_DIR = fileURLToPath(new URL('../../locales/', import.meta.url));

/** The language every other catalogue is checked against, and the last fallback for a key. */
export const SOURCE_LANGUAGE = 'en';

/** Values a message may interpolate; dates and numbers are formatted by the message's locale. */
export type MessageValues = Record<string, string | number | Date>;

/** Markup in a message (`<a>…</a>`) is rendered by a function of the chunks between the tags. */
export type RichValues<T> = Record<string, string | number | Date | ((chunks: (string | T)[]) => T)>;

/** How a date is written: "27 August 2012", "August 2012", or "27 August 2012, 14:05 (GMT+6)". */
export type DateStyle = 'long' | 'month' | 'dateTime' | 'time';

/**
 * Every word Placard writes around the movement's own text, in one language: the public
 * chrome, the emails and the admin. Made by {@link Catalogues.for}; a key missing from this
 * language falls back to English, never to the key itself.
 */
export interface Messages {
  /** The language these messages are written in (a BCP 47 tag: "ru", "pt-BR"). */
  readonly language: string;
  /** The direction of that language's script. */
  readonly dir: 'ltr' | 'rtl';
  /** The message `key` with its placeholders filled in. */
  t(key: string, values?: MessageValues): string;
  /** A message with markup: each tag is rendered by the function of the same name. */
  rich<T>(key: string, values: RichValues<T>): (string | T)[];
  /** A date (ISO text) in this language, in a time zone (UTC unless given). */
  date(iso: string, style?: DateStyle, timeZone?: string): string;
  /** A number with this language's digits and grouping. */
  number(value: number): string;
  /** "a, b and c" in this language. */
  list(items: readonly string[]): string;
  /** The name of a language in this language ("русский" for "ru" in Russian). */
  languageName(language: string): string;
  /** The name of a country (ISO 3166 alpha-2) in this language. */
  countryName(code: string): string;
}

const RTL_SCRIPTS = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ckb', 'dv', 'ug']);

/** "rtl" for Arabic, Hebrew, Persian…: from ICU where Node offers it, else from a short list. */
export function directionOf(language: string): 'ltr' | 'rtl' {
  try {
    const locale = new Intl.Locale(language) as Intl.Locale & { getTextInfo?: () => { direction?: string } };
    const direction = locale.getTextInfo?.().direction;
    if (direction === 'rtl' || direction === 'ltr') return direction;
  } catch {
    // not a valid tag: treated as left to right below
  }
  return RTL_SCRIPTS.has(language.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

const DATE_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  long: { day: 'numeric', month: 'long', year: 'numeric' },
  month: { month: 'long', year: 'numeric' },
  dateTime: { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  time: { hour: '2-digit', minute: '2-digit' },
};

type Catalogue = Readonly<Record<string, string>>;

/**
 * `{site}` where nothing bound the site's name (withValues): the software's own name, as
 * before a site is named, rather than a page that fails to render.
 */
const UNNAMED_SITE: MessageValues = { site: 'Placard' };

/**
 * The interface languages Placard speaks, read once from `locales/`. Adding a language is
 * dropping its file there; a test holds every file to the English keys and placeholders.
 */
export class Catalogues {
  private readonly compiled = new Map<string, IntlMessageFormat | string>();
  private readonly made = new Map<string, Messages>();

  private readonly catalogues: ReadonlyMap<string, Catalogue>;

  constructor(catalogues: ReadonlyMap<string, Catalogue>) {
    this.catalogues = catalogues;
    if (!catalogues.has(SOURCE_LANGUAGE)) throw new Error(`the ${SOURCE_LANGUAGE} catalogue is missing from ${LOCALES_DIR}`);
  }

  /** Reads every `*.json` in a folder; a file that is not an object of strings stops the start. */
  static load(dir: string = LOCALES_DIR): Catalogues {
    const found = new Map<string, Catalogue>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const language = file.slice(0, -'.json'.length);
      const parsed: unknown = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Object.values(parsed).some((v) => typeof v !== 'string')) {
        throw new Error(`${dir}/${file} must be one JSON object of message strings`);
      }
      found.set(language, parsed as Catalogue);
    }
    return new Catalogues(found);
  }

  /** The languages with a catalogue, English first. */
  languages(): string[] {
    return [SOURCE_LANGUAGE, ...[...this.catalogues.keys()].filter((l) => l !== SOURCE_LANGUAGE).sort()];
  }

  /** The raw catalogue of a language (for the completeness test and the admin's language list). */
  catalogue(language: string): Catalogue | undefined {
    return this.catalogues.get(language);
  }

  /**
   * The best catalogue for a language tag: the exact one ("pt-BR"), then the base language
   * ("pt"), then the fallback (the site's default language), then English.
   */
  resolve(language: string | null | undefined, fallback: string = SOURCE_LANGUAGE): string {
    for (const candidate of [language, language?.split('-')[0], fallback, fallback.split('-')[0]]) {
      if (candidate && this.catalogues.has(candidate)) return candidate;
    }
    return SOURCE_LANGUAGE;
  }

  /** The messages for a language, resolved as {@link resolve} does. */
  for(language: string | null | undefined, fallback?: string): Messages {
    const resolved = this.resolve(language, fallback);
    let messages = this.made.get(resolved);
    if (!messages) {
      messages = this.make(resolved);
      this.made.set(resolved, messages);
    }
    return messages;
  }

  private format(language: string, key: string): IntlMessageFormat | string {
    const id = `${language}\u0000${key}`;
    let message = this.compiled.get(id);
    if (message === undefined) {
      const own = this.catalogues.get(language)?.[key];
      const text = own ?? this.catalogues.get(SOURCE_LANGUAGE)?.[key];
      if (text === undefined) throw new Error(`no message "${key}" in any catalogue`);
      const compiled = new IntlMessageFormat(text, own === undefined ? SOURCE_LANGUAGE : language);
      // Most messages are plain words ("News", "Archive"): kept as their text, so a page's
      // forty labels cost forty look-ups rather than forty formattings.
      const ast = compiled.getAst();
      const only = ast.length === 1 ? ast[0] : undefined;
      message = ast.length === 0 ? '' : only && only.type === TYPE.literal ? only.value : compiled;
      this.compiled.set(id, message);
    }
    return message;
  }

  private make(language: string): Messages {
    const dates = new Map<string, Intl.DateTimeFormat>();
    const numbers = new Intl.NumberFormat(language);
    const lists = new Intl.ListFormat(language, { style: 'long', type: 'conjunction' });
    const languageNames = new Intl.DisplayNames([language], { type: 'language', fallback: 'code' });
    const regionNames = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
    const format = (key: string) => this.format(language, key);
    return {
      language,
      dir: directionOf(language),
      t: (key, values) => {
        const message = format(key);
        return typeof message === 'string' ? message : String(message.format({ ...UNNAMED_SITE, ...values }));
      },
      rich: <T>(key: string, values: RichValues<T>) => {
        const message = format(key);
        if (typeof message === 'string') return [message];
        const out = message.format<T>({ ...UNNAMED_SITE, ...values } as never);
        return Array.isArray(out) ? (out as (string | T)[]) : [out as string | T];
      },
      date: (iso, style = 'long', timeZone = 'UTC') => {
        const id = `${style}\u0000${timeZone}`;
        let formatter = dates.get(id);
        if (!formatter) {
          // Plain English writes dates day first ("27 August 2012"): unambiguous everywhere, unlike "August 27".
          formatter = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, { ...DATE_OPTIONS[style], timeZone });
          dates.set(id, formatter);
        }
        return formatter.format(new Date(iso));
      },
      number: (value) => numbers.format(value),
      list: (items) => lists.format(items),
      languageName: (tag) => {
        try {
          return languageNames.of(tag) ?? tag;
        } catch {
          return tag;
        }
      },
      countryName: (code) => {
        try {
          return regionNames.of(code.toUpperCase()) ?? code;
        } catch {
          return code;
        }
      },
    };
  }
}

/** The catalogues shipped in `locales/`, read on first use. */
let shipped: Catalogues | undefined;
export function catalogues(): Catalogues {
  shipped ??= Catalogues.load();
  return shipped;
}

/**
 * Messages that fill some placeholders themselves: the site's name (`{site}`), which
 * readers' messages name wherever they would otherwise say "Placard", is bound once by
 * the site identity so no page, feed or email has to pass it. Values given to `t` win.
 */
export function withValues(messages: Messages, bound: MessageValues): Messages {
  return {
    ...messages,
    t: (key, values) => messages.t(key, { ...bound, ...values }),
    rich: (key, values) => messages.rich(key, { ...bound, ...values }),
  };
}

/** English messages, for code that has no reader or account to ask (logs never use this). */
export function english(): Messages {
  return catalogues().for(SOURCE_LANGUAGE);
}
