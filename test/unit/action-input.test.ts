import { describe, expect, it } from 'vitest';
import { actionFormValues, campaignConsentWording, isEmailAddress, LIMITS, parseActionInput } from '../../src/domain/campaigns/action-input.js';

const form = (overrides: Record<string, unknown> = {}) =>
  actionFormValues({
    name: ' Ada Lovelace ',
    email: ' Ada@Example.ORG ',
    country: 'ie',
    city: ' Dublin ',
    letter: 'Dear Sir,\r\n\r\nRelease them.\r\n',
    ...overrides,
  });

const fields = (result: ReturnType<typeof parseActionInput>) => (result.ok ? [] : result.errors.map((e) => e.field));

describe('unit: the supporter’s action form', () => {
  it('accepts a complete letter form: trimmed, address lower-cased, the letter kept as typed', () => {
    const result = parseActionInput(form({ consent_campaign: 'yes' }), 'letter');
    expect(result).toEqual({
      ok: true,
      input: {
        name: 'Ada Lovelace',
        email: 'ada@example.org',
        country: 'IE',
        city: 'Dublin',
        letter: 'Dear Sir,\n\nRelease them.\n',
        signAs: null,
        consentCampaign: true,
        consentNews: false,
      },
    });
  });

  it('needs a name, an address and a known country to send a letter or sign', () => {
    expect(fields(parseActionInput(form({ name: '', email: '', country: '' }), 'letter'))).toEqual(['name', 'email', 'country']);
    expect(fields(parseActionInput(form({ country: 'XX' }), 'signature'))).toEqual(['country']);
    expect(fields(parseActionInput(form({ country: 'EU' }), 'letter'))).toEqual(['country']);
  });

  it('leaves the city optional', () => {
    const result = parseActionInput(form({ city: '   ' }), 'letter');
    expect(result.ok && result.input.city).toBe(null);
  });

  it('checks the address syntax', () => {
    for (const bad of ['ada', 'ada@', '@example.org', 'ada@example', 'ada lovelace@example.org', 'a@b@example.org', 'ada@example.org>']) {
      expect(isEmailAddress(bad), bad).toBe(false);
      expect(fields(parseActionInput(form({ email: bad }), 'letter')), bad).toEqual(['email']);
    }
    for (const good of ['ada@example.org', 'a.b+campaign@mail.example.co.uk', 'оля@пример.рф']) expect(isEmailAddress(good), good).toBe(true);
    expect(isEmailAddress(`${'a'.repeat(250)}@example.org`)).toBe(false);
  });

  it('limits the name to 200 characters and the letter to 10,000', () => {
    expect(fields(parseActionInput(form({ name: 'n'.repeat(LIMITS.name) }), 'letter'))).toEqual([]);
    expect(fields(parseActionInput(form({ name: 'n'.repeat(LIMITS.name + 1) }), 'letter'))).toEqual(['name']);
    expect(fields(parseActionInput(form({ letter: 'x'.repeat(10_000) }), 'letter'))).toEqual([]);
    const long = parseActionInput(form({ letter: 'x'.repeat(10_001) }), 'letter');
    expect(fields(long)).toEqual(['letter']);
    expect(long.ok ? '' : long.errors[0]?.message).toContain('10,000 characters or fewer (it has 10,001)');
    expect(fields(parseActionInput(form({ letter: ' \n ' }), 'letter'))).toEqual(['letter']);
  });

  it('needs only a country for a self-report, and an address only to send what was asked for', () => {
    const bare = parseActionInput(actionFormValues({ country: 'KZ' }), 'self_report');
    expect(bare).toEqual({
      ok: true,
      input: { name: '', email: '', country: 'KZ', city: null, letter: null, signAs: null, consentCampaign: false, consentNews: false },
    });
    expect(fields(parseActionInput(actionFormValues({ country: '' }), 'self_report'))).toEqual(['country']);
    expect(fields(parseActionInput(actionFormValues({ country: 'KZ', consent_news: 'yes' }), 'self_report'))).toEqual(['email']);
    expect(fields(parseActionInput(actionFormValues({ country: 'KZ', email: 'nope' }), 'self_report'))).toEqual(['email']);
  });

  it('asks a protective letter for the name to sign with, and never takes it from the full name', () => {
    const protective = { protective: true };
    const missing = parseActionInput(form({ name: 'Sadykova Aigerim' }), 'letter', protective);
    expect(fields(missing)).toEqual(['sign_as']);
    expect(missing.ok ? '' : missing.errors[0]?.message).toContain('what name to sign your letter with');
    const given = parseActionInput(form({ name: 'Sadykova Aigerim', sign_as: ' Aigerim ' }), 'letter', protective);
    expect(given.ok && given.input.signAs).toBe('Aigerim');
    for (const bad of ['a@example.org', 'www.example.org', '+7 701 234 5678', 'x'.repeat(LIMITS.signAs + 1)]) {
      expect(fields(parseActionInput(form({ sign_as: bad }), 'letter', protective)), bad).toEqual(['sign_as']);
    }
    // Named letters are signed with the full name; petitions and self-reports sign nothing.
    expect(fields(parseActionInput(form(), 'letter'))).toEqual([]);
    expect(fields(parseActionInput(form(), 'signature', protective))).toEqual([]);
  });

  it('stores a protective letter already without the supporter’s identity', () => {
    const letter = 'I am Aigerim SADYKOVA (Aigerim.Sadykova@Example.net), from Dublin.\n{{name}}, {{country}}';
    const result = parseActionInput(form({ name: 'Sadykova Aigerim', sign_as: 'Aigerim', email: 'Aigerim.Sadykova@Example.net', letter }), 'letter', {
      protective: true,
    });
    expect(result.ok && result.input.letter).toBe('I am Aigerim [removed] ([removed]), from [removed].\n{{name}}, {{country}}');
    const named = parseActionInput(form({ letter }), 'letter');
    expect(named.ok && named.input.letter).toBe(letter);
  });

  it('drops the letter from a petition signature', () => {
    const result = parseActionInput(form(), 'signature');
    expect(result.ok && result.input.letter).toBe(null);
  });

  it('reads only ticked consents, and non-text fields as empty', () => {
    expect(actionFormValues({ consent_campaign: 'on', consent_news: ['yes'], name: 42 })).toMatchObject({
      consentCampaign: false,
      consentNews: false,
      name: '',
    });
    expect(campaignConsentWording('Free them')).toBe('Email me updates on “Free them”, such as news of the people it is about.');
  });
});
