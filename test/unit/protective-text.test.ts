import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { letterForOfficials } from '../../src/domain/campaigns/letter.js';
import { withoutIdentity, type Identity } from '../../src/domain/campaigns/protective-text.js';
import { leaks, letterArb, supporterArb } from '../support/identity-arbitraries.js';

const aigerim: Identity = { name: 'Sadykova Aigerim', email: 'aigerim.sadykova@example.net', city: 'Almaty', signAs: 'Aigerim' };

describe('unit: what a protective letter may not carry', () => {
  it('removes the address whatever its case, and the name whatever its order and case', () => {
    expect(withoutIdentity('Write to Aigerim.Sadykova@Example.net please', aigerim)).toBe('Write to [removed] please');
    expect(withoutIdentity('I am Aigerim Sadykova. SADYKOVA A. signs.', aigerim)).toBe('I am Aigerim [removed]. [removed] A. signs.');
    // A word of the address's local part names the supporter as much as their name does.
    expect(withoutIdentity('signed aigerim-sadykova', { ...aigerim, name: 'A. S.' })).toBe('signed aigerim-[removed]');
  });

  it('keeps only the words of the name the supporter chose to sign with', () => {
    expect(withoutIdentity('Jan Nowak writes; Dr. Nowak insists', { name: 'Dr. Jan Nowak', email: 'jn@example.pl', city: null, signAs: 'Jan' })).toBe(
      'Jan [removed] writes; [removed]. [removed] insists',
    );
    expect(withoutIdentity('Anna Annabel', { name: 'Anna Annabel', email: 'x@example.org', city: null, signAs: 'Annabel' })).toBe('[removed] Annabel');
  });

  it('finds the name without its accents, in another script’s case, and inflected', () => {
    const oisin = { name: 'Oisín Ó Briain', email: 'o@example.ie', city: 'Baile Átha Cliath', signAs: 'O.' };
    expect(withoutIdentity('oisin BRIAIN from baile atha cliath', oisin)).toBe('[removed] from [removed]');
    const russian = { name: 'Садыкова Айгерим', email: 'a@example.kz', city: null, signAs: 'А.' };
    expect(withoutIdentity('от Айгерим Садыковой, АЙГЕРИМНІҢ хаты', russian)).toBe('от [removed], [removed] хаты');
    const greek = { name: 'Νίκος Παπαδόπουλος', email: 'n@example.gr', city: null, signAs: 'Ν.' };
    expect(withoutIdentity('ΝΙΚΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ γράφει', greek)).toBe('[removed] γράφει');
    const arabic = { name: 'أحمد منصور', email: 'a@example.org', city: null, signAs: 'أ' };
    expect(withoutIdentity('أنا أَحْمَد منصور', arabic)).toBe('أنا [removed]');
  });

  it('finds a name inside words of scripts written without spaces', () => {
    const wang = { name: '王小明', email: 'wxm@example.cn', city: null, signAs: '小明' };
    expect(withoutIdentity('我是王小明，请释放他们。', wang)).toBe('我是[removed]，请释放他们。');
    expect(withoutIdentity('王小写信', wang)).toBe('[removed]写信');
    const kim = { name: '김민수', email: 'k@example.kr', city: null, signAs: '' };
    expect(withoutIdentity('저는 김민수입니다', kim)).toBe('저는 [removed]입니다');
  });

  it('removes phone numbers and links, and leaves dates, short numbers and the placeholders', () => {
    const none = { name: 'Ada', email: 'a@example.org', city: null, signAs: 'Ada' };
    expect(withoutIdentity('Call +7 (701) 234-56-78 or 8 701 2345678.', none)).toBe('Call [removed] or [removed].');
    expect(withoutIdentity('See https://example.org/x?y=1, www.example.org and example.org/page.', none)).toBe('See [removed], [removed] and [removed].');
    expect(withoutIdentity('Arrested on 22.08.2012 (2012-08-22), 14 years, article 164.', none)).toBe(
      'Arrested on 22.08.2012 (2012-08-22), 14 years, article 164.',
    );
    expect(withoutIdentity('{{name}}, {{ city }}, {{country}}', { ...none, name: 'Name City Country' })).toBe('{{name}}, {{ city }}, {{country}}');
  });

  it('is not fooled by a name that spells the marker', () => {
    expect(withoutIdentity('Removed Person was here', { name: 'Removed Person', email: 'r@example.org', city: null, signAs: 'R' })).toBe('[removed] was here');
  });

  it('stays fast on the longest letter and name the form takes, whatever they hold', () => {
    const han = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆';
    const name = Array.from({ length: 200 }, (_, i) => han[i % han.length]).join('');
    const id = { name: 'x', email: 'a@b.cc', city: null, signAs: '' };
    const cases: [string, Identity][] = [
      [Array.from({ length: 10_000 }, (_, i) => han[(i * 7) % han.length]).join(''), { ...id, name }],
      ['a.'.repeat(5000) + '@', id],
      ['a-'.repeat(5000) + '.com/', id],
      ['1 '.repeat(5000), id],
      ['б'.repeat(10_000), { ...id, name: 'бббб ббббббб' }],
    ];
    for (const [text, who] of cases) {
      const start = performance.now();
      withoutIdentity(text, who);
      // Linear work takes milliseconds; a pattern gone quadratic takes seconds.
      expect(performance.now() - start).toBeLessThan(1500);
    }
  });

  it('property: no protective letter carries a word of the name, the address or a phone number, in any script, case or order', () => {
    const cases = supporterArb.chain((s) => letterArb(s).map((letter) => ({ s, letter })));
    fc.assert(
      fc.property(cases, ({ s, letter }) => {
        const sent = letterForOfficials(letter, { name: s.name, email: s.email, city: s.city, country: 'KZ', signAs: s.signAs }, 'protective');
        const signature = `${s.signAs.trim() || 'A supporter'}, Kazakhstan`;
        expect(sent.endsWith(signature)).toBe(true);
        expect(leaks(sent, s, signature)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});
