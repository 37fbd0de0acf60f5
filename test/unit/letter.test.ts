import { describe, expect, it } from 'vitest';
import { headerSafe, letterForOfficials, mailtoHref, renderLetter, subjectFor, withSalutation } from '../../src/domain/campaigns/letter.js';

const template = 'Dear Chief Justice,\n\nRelease Natalya Sokolova.\n\nYours sincerely,\n{{name}}, {{city}}, {{country}}';

describe('unit: urgent-action letters', () => {
  it('signs a named letter with the full name, city and country', () => {
    expect(renderLetter(template, { name: 'Oisín Kelly', city: 'Dublin', country: 'IE' }, 'named')).toMatch(/\nOisín Kelly, Dublin, Ireland$/);
  });

  it('signs a protective letter with the name the supporter chose and the country only', () => {
    const letter = renderLetter(template, { name: 'Oisín Kelly', signAs: 'Oisín', city: 'Dublin', country: 'IE' }, 'protective');
    expect(letter).toMatch(/\nOisín, Ireland$/);
    expect(letter).not.toContain('Kelly');
    expect(letter).not.toContain('Dublin');
  });

  it('never guesses the signing name from the order of the words: surname first, or a title first', () => {
    const sadykova = renderLetter('{{name}}', { name: 'Sadykova Aigerim', signAs: 'Aigerim', city: null, country: 'KZ' }, 'protective');
    expect(sadykova).toBe('Aigerim');
    expect(renderLetter('{{name}}', { name: 'Dr. Jan Nowak', signAs: 'Jan', city: null, country: 'PL' }, 'protective')).toBe('Jan');
    // Without a name to sign with (actions stored before it was asked), the letter names nobody.
    expect(renderLetter('{{name}}, {{country}}', { name: 'Sadykova Aigerim', city: null, country: 'KZ' }, 'protective')).toBe('A supporter, Kazakhstan');
  });

  it('inserts names as typed: "$\'", "$&", "$1" and "$$" are not replacement patterns', () => {
    for (const name of ["$'", '$&', '$`', '$1', '$$', "Ann $' $& O$$"]) {
      const who = { name, signAs: name, city: '$&', country: 'IE' };
      expect(renderLetter('Yours,\n{{name}}', who, 'named')).toBe(`Yours,\n${name}`);
      expect(renderLetter('Yours,\n{{name}}', who, 'protective')).toBe(`Yours,\n${name}`);
      expect(renderLetter('{{name}}, {{city}}, {{country}}', who, 'named')).toBe(`${name}, $&, Ireland`);
    }
  });

  it('puts the target’s salutation above the letter the officials receive', () => {
    const who = { name: 'Sadykova Aigerim', email: 'Aigerim.Sadykova@Example.net', signAs: 'Aigerim', city: 'Almaty', country: 'KZ' };
    const letter = letterForOfficials('I am SADYKOVA aigerim, write to aigerim.sadykova@example.net.\n{{name}}, {{city}}, {{country}}', who, 'protective');
    expect(withSalutation('Dear Prosecutor', letter)).toBe('Dear Prosecutor,\n\nI am [removed] aigerim, write to [removed].\nAigerim, Kazakhstan');
    expect(withSalutation(null, letter)).toBe(letter);
  });

  it('leaves out a missing city without a stray comma', () => {
    expect(renderLetter(template, { name: 'Ada Lovelace', city: null, country: 'GB' }, 'named')).toMatch(/\nAda Lovelace, United Kingdom$/);
  });

  it('makes header injection through a name or subject impossible', () => {
    expect(headerSafe('Ada\r\nBcc: everyone@example.org')).toBe('Ada Bcc: everyone@example.org');
    expect(headerSafe('a\u2028b\u0000c')).toBe('a b c');
    expect(renderLetter('{{name}}', { name: 'x', signAs: '  Ada\nLovelace', city: null, country: 'FR' }, 'protective')).toBe('Ada Lovelace');
    expect(renderLetter('{{name}}', { name: 'Eve\r\nTo: x@example.org', city: null, country: 'FR' }, 'named')).not.toMatch(/[\r\n]/);
  });

  it('rotates subject lines', () => {
    const subjects = ['Release Natalya Sokolova', 'Drop the charges', 'Free them'];
    expect([0, 1, 2, 3, -1].map((n) => subjectFor(subjects, n))).toEqual([
      'Release Natalya Sokolova',
      'Drop the charges',
      'Free them',
      'Release Natalya Sokolova',
      'Free them',
    ]);
    expect(subjectFor([], 4)).toBe('');
  });

  it('builds a mailto: link that a mail client opens with everything filled in', () => {
    const href = mailtoHref({
      to: ['supreme-court@example.org', 'foreign-ministry@example.org'],
      cc: ['kazakhstan-campaign@example.org'],
      subject: 'Release Natalya Sokolova & others',
      body: 'Dear Sir,\nRelease her.',
    });
    expect(href).toBe(
      'mailto:supreme-court@example.org,foreign-ministry@example.org?cc=kazakhstan-campaign@example.org&subject=Release%20Natalya%20Sokolova%20%26%20others&body=Dear%20Sir%2C%0D%0ARelease%20her.',
    );
    const url = new URL(href);
    expect(url.searchParams.get('body')).toBe('Dear Sir,\r\nRelease her.');
  });
});
