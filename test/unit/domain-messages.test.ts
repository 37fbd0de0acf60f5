import { describe, expect, it } from 'vitest';
import { passwordRule } from '../../src/domain/accounts/passwords.js';
import { validatePreferences } from '../../src/domain/accounts/preferences.js';
import { validateArticle, type ArticleInput, type FieldError } from '../../src/domain/articles/article-input.js';
import { noteProblems, scheduleProblems } from '../../src/domain/articles/workflow.js';
import { checkMediaText, publishableImageRule, UPLOAD_REFUSALS } from '../../src/domain/media/media-rules.js';
import { BLANK_TARGET, readinessProblems, validateCampaignForm, type CampaignForm } from '../../src/domain/campaigns/campaign-input.js';
import { catalogues, english } from '../../src/i18n/messages.js';

/*
 * The domain writes each rule's message in English (for the API and the public pages)
 * and names the same message in the catalogues, so the admin can show it in the reader's
 * language. These tests hold the two to the same words.
 */

const BAD_ARTICLE: ArticleInput = {
  title: ' ',
  language: 'English',
  type: 'poem' as ArticleInput['type'],
  status: 'published',
  standfirst: '',
  bodyMarkdown: 'x'.repeat(200_001),
  kickerOverride: null,
  countries: ['XX'],
  topics: [],
  sectionSlugs: [],
  credits: [],
  collective: null,
  collectiveSectionSlug: null,
  provenance: { publicationSlug: null, note: null, url: 'ftp://example.org' },
  publishedAt: null,
  updates: [],
  campaignId: null,
  featured: false,
  image: null,
};

const BAD_CAMPAIGN: CampaignForm = {
  kind: 'pamphlet',
  reference: 'r'.repeat(41),
  title: '',
  slug: 'Not A Slug',
  summary: '',
  demands: 'd'.repeat(501),
  letterSubjects: 's'.repeat(201),
  letterBody: 'Dear {{nmae}} '.padEnd(20_001, 'x'),
  petitionText: 'p'.repeat(20_001),
  callScript: 'c'.repeat(5001),
  copyTo: 'not-an-address',
  languages: 'English',
  deadline: '2026-02-30',
  section: '',
  identityMode: 'loud',
  targets: [
    {
      ...BLANK_TARGET,
      name: 'n'.repeat(201),
      title: '',
      country: 'XX',
      email: 'nobody',
      phone: 'call me',
      deliveryMode: 'pigeon',
      pacePerHour: '0',
      officeHours: 'always',
      timeZone: 'Mars/Olympus',
      digestEvery: 'often',
    },
    { ...BLANK_TARGET, title: 'Prosecutor', country: '' },
  ],
};

function everyError(): FieldError[] {
  return [
    ...validateArticle(BAD_ARTICLE),
    ...validateArticle({ ...BAD_ARTICLE, title: 't'.repeat(301), status: 'scheduled', publishedAt: 'soon' }),
    ...validateCampaignForm(BAD_CAMPAIGN, { status: 'active' }).errors,
    ...validateCampaignForm({ ...BAD_CAMPAIGN, title: 't'.repeat(201), summary: 's'.repeat(2001) }, { status: 'draft' }).errors,
    ...readinessProblems({ kind: 'petition', letter: { subjects: [], body: '' }, petitionText: '', targets: [] }),
    ...[passwordRule('short', new Set()), passwordRule('p'.repeat(129), new Set()), passwordRule('password1', new Set(['password1']))].map((rule) => ({
      field: 'password',
      ...rule!,
    })),
    ...validatePreferences({ language: 'xx', timeZone: 'Mars/Olympus' }, catalogues().languages()).errors,
    ...noteProblems('', 'update'),
    ...noteProblems('n'.repeat(1001), 'withdraw'),
    ...noteProblems('', 'withdraw'),
    ...scheduleProblems('tomorrow', 'Europe/Stockholm', new Date('2026-03-01T00:00:00Z')),
    ...scheduleProblems('2026-03-29T02:30', 'Europe/Stockholm', new Date('2026-03-01T00:00:00Z')),
    ...scheduleProblems('2020-01-01T10:00', 'Europe/Stockholm', new Date('2026-03-01T00:00:00Z')),
    ...checkMediaText({ alt: 'a'.repeat(1001), caption: 'c'.repeat(5001), credit: 'r'.repeat(501) }),
    ...[
      UPLOAD_REFUSALS.missing,
      UPLOAD_REFUSALS.tooLarge,
      UPLOAD_REFUSALS.svg,
      UPLOAD_REFUSALS.pdf,
      UPLOAD_REFUSALS.notImage,
      UPLOAD_REFUSALS.damaged,
      UPLOAD_REFUSALS.tooManyPixels(9000, 7000),
      ...['a PDF document', 'PHP code', 'HTML or script', 'a ZIP archive'].map((what) => UPLOAD_REFUSALS.foreign(what)),
      UPLOAD_REFUSALS.trailing(1),
      UPLOAD_REFUSALS.trailing(12_345),
    ].map((refusal) => ({ field: 'file', ...refusal })),
    ...[publishableImageRule(undefined), publishableImageRule({ alt: '', originalName: 'a.jpg' })].map((rule) => ({ field: 'image', ...rule! })),
  ];
}

describe('unit: the domain’s messages in the catalogues', () => {
  const errors = everyError();

  it('name a catalogue key for every rule the admin’s forms show', () => {
    expect(errors.length).toBeGreaterThan(40);
    expect(errors.filter((e) => !e.key).map((e) => e.message)).toEqual([]);
  });

  it('are the same words in English as the rule writes', () => {
    const en = english();
    expect(errors.map((e) => en.t(e.key!, e.values))).toEqual(errors.map((e) => e.message));
  });

  it('read in Russian, Spanish and Arabic with the values filled in', () => {
    const country = errors.find((e) => e.key === 'domain.country-unknown')!;
    expect(catalogues().for('ru').t(country.key!, country.values)).toBe('«XX» — не код страны по ISO 3166-1.');
    const body = errors.find((e) => e.key === 'domain.article.body-too-long')!;
    expect(catalogues().for('es').t(body.key!, body.values)).toContain('200.001');
    for (const language of ['ru', 'es', 'ar']) {
      const m = catalogues().for(language);
      for (const e of errors) expect(m.t(e.key!, e.values), `${language} ${e.key}`).not.toBe(e.message);
    }
  });
});
