import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { Catalogues, catalogues, directionOf, LOCALES_DIR, SOURCE_LANGUAGE } from '../../src/i18n/messages.ts';

/** Every placeholder and tag of a message, and the plural categories each plural offers. */
function shape(message: string): { names: string[]; plurals: { name: string; options: string[] }[] } {
  const names = new Set<string>();
  const plurals: { name: string; options: string[] }[] = [];
  const walk = (elements: MessageFormatElement[]) => {
    for (const e of elements) {
      if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) names.add(e.value);
      if (e.type === TYPE.tag) {
        names.add(`<${e.value}>`);
        walk(e.children);
      }
      if (e.type === TYPE.select || e.type === TYPE.plural) {
        names.add(e.value);
        if (e.type === TYPE.plural) plurals.push({ name: e.value, options: Object.keys(e.options) });
        for (const option of Object.values(e.options)) walk(option.value);
      }
    }
  };
  walk(parse(message));
  return { names: [...names].sort(), plurals };
}

const shipped = catalogues();
const english = shipped.catalogue(SOURCE_LANGUAGE)!;
const others = shipped.languages().filter((l) => l !== SOURCE_LANGUAGE);

describe('the shipped catalogues', () => {
  it('include English, Russian, Spanish and Arabic', () => {
    expect(shipped.languages()).toEqual(expect.arrayContaining(['en', 'ru', 'es', 'ar']));
  });

  it.each(shipped.languages())('%s is sorted by key, so that additions merge cleanly (node scripts/sort-locales.ts)', (language) => {
    const keys = Object.keys(shipped.catalogue(language)!);
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it.each(others)('%s has every English key and no other', (language) => {
    const keys = new Set(Object.keys(shipped.catalogue(language)!));
    const missing = Object.keys(english).filter((k) => !keys.has(k));
    const extra = [...keys].filter((k) => !(k in english));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(shipped.languages())('%s: every message parses and has the English placeholders and tags', (language) => {
    const catalogue = shipped.catalogue(language)!;
    const differing = Object.keys(english)
      .filter((key) => key in catalogue)
      .filter((key) => shape(catalogue[key]!).names.join() !== shape(english[key]!).names.join());
    expect(differing).toEqual([]);
  });

  it.each(shipped.languages())('%s: every plural offers each form the language has (Russian three, Arabic six)', (language) => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const short = Object.entries(shipped.catalogue(language)!).flatMap(([key, message]) =>
      shape(message)
        .plurals.filter((p) => categories.some((c) => !p.options.includes(c)))
        .map((p) => `${key}: ${p.name} lacks ${categories.filter((c) => !p.options.includes(c)).join(', ')}`),
    );
    expect(short).toEqual([]);
  });

  it('knows every key the code asks for', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
      });
    const asked = new Set<string>();
    for (const file of files(join(LOCALES_DIR, '..', 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\b(?:t|rich)\(\s*'([a-z][\w.-]*)'/g)) asked.add(match[1]!);
    }
    expect(asked.size).toBeGreaterThan(5);
    expect([...asked].filter((key) => !(key in english))).toEqual([]);
  });
});

describe('messages in a language', () => {
  const table = new Catalogues(
    new Map<string, Record<string, string>>([
      ['en', { letters: '{n, plural, one {# letter} other {# letters}}', greet: 'Hello <b>{name}</b>', only: 'English only' }],
      ['ru', { letters: '{n, plural, one {# письмо} few {# письма} many {# писем} other {# письма}}', greet: 'Привет, <b>{name}</b>' }],
      [
        'ar',
        {
          letters: '{n, plural, zero {لا رسائل} one {رسالة واحدة} two {رسالتان} few {# رسائل} many {# رسالة} other {# رسالة}}',
          greet: 'مرحبا <b>{name}</b>',
        },
      ],
    ]),
  );

  it('chooses the plural form by the language’s own rules', () => {
    const ru = table.for('ru');
    expect([1, 3, 5, 21, 22, 111].map((n) => ru.t('letters', { n }))).toEqual(['1 письмо', '3 письма', '5 писем', '21 письмо', '22 письма', '111 писем']);
    const ar = table.for('ar');
    expect([0, 1, 2, 3, 11, 100].map((n) => ar.t('letters', { n }))).toEqual(['لا رسائل', 'رسالة واحدة', 'رسالتان', '3 رسائل', '11 رسالة', '100 رسالة']);
  });

  it('falls back to the base language, then the site’s default, then English, key by key', () => {
    expect(table.for('ru-KZ').language).toBe('ru');
    expect(table.for('sv', 'ru').language).toBe('ru');
    expect(table.for('sv').language).toBe('en');
    expect(table.for('ru').t('only')).toBe('English only');
  });

  it('renders markup through the caller’s functions, escaping nothing itself', () => {
    const bold = (chunks: unknown[]) => ({ bold: chunks });
    expect(table.for('ru').rich('greet', { name: '<Аня>', b: bold })).toEqual(['Привет, ', { bold: ['<Аня>'] }]);
  });

  it('writes dates, numbers and country names in the language', () => {
    const ru = table.for('ru');
    expect(ru.date('2012-08-27T12:00:00Z')).toBe('27 августа 2012 г.');
    expect(ru.number(12345)).toBe('12\u00a0345');
    expect(ru.countryName('kz')).toBe('Казахстан');
    expect(table.for('ar').date('2012-08-27T20:00:00Z', 'time', 'Asia/Almaty')).toBe('02:00 ص');
  });

  it('knows which scripts run right to left', () => {
    expect(['ar', 'he', 'fa', 'ar-EG', 'en', 'ru', 'zh-Hant'].map(directionOf)).toEqual(['rtl', 'rtl', 'rtl', 'rtl', 'ltr', 'ltr', 'ltr']);
    expect(table.for('ar').dir).toBe('rtl');
  });

  it('refuses to start without English', () => {
    expect(() => new Catalogues(new Map([['ru', {}]]))).toThrow(/en catalogue is missing/);
  });
});
