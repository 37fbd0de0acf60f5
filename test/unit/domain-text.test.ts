import { describe, expect, it } from 'vitest';
import { countryFromSlug, countryName, countrySlug, isCountryCode } from '../../src/domain/geo/countries.js';
import { parsePage, pageCount } from '../../src/domain/listing/pagination.js';
import { foldForSearch, nameCollator, slugify, uniqueSlug } from '../../src/domain/text/slug.js';

describe('unit: slugs', () => {
  it('keeps letters of every script and folds case', () => {
    expect(slugify('Rättvisepartiet Socialisterna')).toBe('rättvisepartiet-socialisterna');
    expect(slugify('Gauche Révolutionnaire')).toBe('gauche-révolutionnaire');
    expect(slugify('Россия: «Пусси Райот»')).toBe('россия-пусси-райот');
    expect(slugify('Ξεκίνημα')).toBe('ξεκίνημα');
  });

  it('drops apostrophes and joins everything else with single hyphens', () => {
    expect(slugify('Britain: Socialist Party’s Hannah Sell on Jeremy Vine show')).toBe('britain-socialist-partys-hannah-sell-on-jeremy-vine-show');
    expect(slugify('  8.5% for socialist candidate!! ')).toBe('8-5-for-socialist-candidate');
  });

  it('normalises composed and decomposed accents to the same slug', () => {
    expect(slugify('Oisi\u0301n')).toBe(slugify('Oisín'));
  });

  it('cuts long titles at a word boundary', () => {
    const slug = slugify('Arab revolutions Sri Lanka Algeria Brazil lessons from history and todays struggles in the neo-colonial world', 60);
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug.endsWith('-')).toBe(false);
    expect('arab-revolutions-sri-lanka-algeria-brazil-lessons-from-history-and'.startsWith(slug)).toBe(true);
  });

  it('makes a slug unique by numbering', () => {
    expect(uniqueSlug('syria', new Set())).toBe('syria');
    expect(uniqueSlug('syria', new Set(['syria', 'syria-2']))).toBe('syria-3');
    expect(uniqueSlug('', new Set())).toBe('untitled');
  });

  it('folds diacritics for search and sorts names the way readers expect', () => {
    expect(foldForSearch('Rättvisepartiet')).toBe(foldForSearch('rattvisepartiet'));
    const names = ['Oisín Kelly', 'Finghín Kelly', 'Ödön', 'Oisin Adams', 'Zed'];
    expect([...names].sort(nameCollator.compare)).toEqual(['Finghín Kelly', 'Ödön', 'Oisin Adams', 'Oisín Kelly', 'Zed']);
  });
});

describe('unit: countries', () => {
  it('names countries and round-trips their slugs', () => {
    expect(countryName('KZ')).toBe('Kazakhstan');
    expect(countrySlug('GB')).toBe('united-kingdom');
    expect(countryFromSlug('kazakhstan')).toBe('KZ');
    expect(countryFromSlug('south-africa')).toBe('ZA');
    expect(countryFromSlug('atlantis')).toBeNull();
  });

  it('knows real codes only', () => {
    expect(isCountryCode('SE')).toBe(true);
    expect(isCountryCode('se')).toBe(false);
    expect(isCountryCode('QQ')).toBe(false);
    expect(isCountryCode('EU')).toBe(false);
  });
});

describe('unit: page numbers', () => {
  it('accepts absent and whole positive numbers', () => {
    expect(parsePage(undefined)).toEqual({ ok: true, page: 1, canonical: true });
    expect(parsePage('3')).toEqual({ ok: true, page: 3, canonical: true });
  });

  it.each([
    ['1', 1],
    ['01', 1],
    ['', 1],
    ['002', 2],
    ['000100', 100],
  ] as const)('reads %j as page %i, written otherwise than its canonical address', (raw, page) => {
    expect(parsePage(raw)).toEqual({ ok: true, page, canonical: false });
  });

  it.each(['-1', '0', 'abc', '1.5', '1e3', ' 2', '9999999'])('refuses %j with a message', (raw) => {
    const result = parsePage(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/page number/);
  });

  it('refuses a repeated parameter', () => {
    expect(parsePage(['1', '2']).ok).toBe(false);
  });

  it('has at least one page', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(20)).toBe(1);
    expect(pageCount(21)).toBe(2);
  });
});
