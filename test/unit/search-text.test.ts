import { describe, expect, it } from 'vitest';
import { fts5Query, indexText, queryWords, snippet, tsQuery } from '../../src/domain/text/search-text.js';

const same = (a: string, b: string) => expect(indexText(a)).toBe(indexText(b));

describe('search text folding', () => {
  it('folds Latin letters with diacritics, Polish ł, Turkish dotted and dotless i and German ß', () => {
    same('Rättvisepartiet Malmö Åre', 'rattvisepartiet malmo are');
    same('Łódź', 'lodz');
    same('İSTANBUL ılık', 'istanbul ilik');
    same('Straße', 'strasse');
    same('STRASSE', 'straße');
  });

  it('folds Cyrillic ё, Greek tonos and final sigma, Arabic vowel marks and tatweel, Hebrew niqqud', () => {
    same('ЗАБАСТОВКА Ёлка', 'забастовка елка');
    same('Απεργία ΟΔΟΣ', 'απεργια οδοσ');
    expect(indexText('οδός')).toBe(indexText('ΟΔΟΣ'));
    same('مُحَمَّد', 'محمد');
    same('مـحـمـد', 'محمد');
    same('שָׁלוֹם', 'שלום');
  });

  it('cuts Chinese, Japanese and Korean into pairs then triples and keeps Japanese voicing marks', () => {
    expect(indexText('工人罢工')).toBe('工人 人罢 罢工 工人罢 人罢工');
    expect(indexText('が')).not.toBe(indexText('か'));
    expect(indexText('ストライキ中')).toBe('スト トラ ライ イキ キ中 ストラ トライ ライキ イキ中');
    expect(indexText('abc北京')).toBe('abc 北京');
  });

  it('builds database queries of quoted words only, whatever the reader typed', () => {
    const words = queryWords('罢工 "x" OR malmö* )(');
    expect(fts5Query(words)).toBe('"罢工" "x" "or" "malmo"');
    expect(tsQuery(queryWords('工人罢工 strike'))).toBe("('工人罢' <-> '人罢工') & 'strike'");
    expect(tsQuery(queryWords('罢工 人罢工'))).toBe("'罢工' & '人罢工'");
    expect(fts5Query(queryWords('北京工人罢工'))).toBe('"北京工 京工人 工人罢 人罢工"');
    expect(queryWords('"*()!')).toEqual([]);
  });

  it('marks the matching words of a snippet as text, never as markup', () => {
    const parts = snippet('A body with <script>alert(1)</script> in Malmö, where 北京工人罢工 went on.', queryWords('malmo 罢工'));
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['Malmö', '罢工']);
    expect(parts.map((p) => p.text).join('')).toContain('<script>alert(1)</script>');
  });
});
