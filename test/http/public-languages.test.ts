import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/services/articles/create-article.js';
import { deliverDue } from '../../src/services/delivery/deliver-due.js';
import { articleInput } from '../support/articles.js';
import { confirmationsTo, createCampaign, postForm, supporterForm } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { page as read } from '../support/html.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp.js';

/*
 * The public chrome speaks the language of what it frames: a Russian article's page is
 * Russian around it, a Swedish one (no catalogue) English with the article marked Swedish,
 * and a supporter who acted on a Russian page hears from Placard in Russian afterwards.
 */
describe.each(DATABASES)('http (%s): the public site and its emails in the reader’s language', (kind) => {
  let t: TestApp;
  let smtp: SmtpCapture;
  const clock = testClock('2026-03-02T10:00:00.000Z');
  let ip = 0;
  const nextIp = () => `203.0.113.${++ip}`;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startTestApp(kind, { clock, env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const publish = async (overrides: Parameters<typeof articleInput>[0]) =>
    (await createArticle({ db: t.database.db, changes: t.changes }, articleInput(overrides))).slug;
  /** Sends what the outbox holds through the real SMTP mailer, as the delivery worker would. */
  const deliver = () =>
    deliverDue({ db: t.database.db, dialect: t.database.dialect, clock, mailer: t.placard.mailer, mail: t.actions.mail, owner: 'test-delivery' });

  it('frames a Russian article in Russian: navigation, "Filed under" and the date', async () => {
    const slug = await publish({
      title: 'Шахтёры Караганды объявили забастовку',
      language: 'ru',
      standfirst: 'Горняки требуют повышения зарплаты.',
      bodyMarkdown: 'Горняки требуют повышения зарплаты.',
      countries: ['KZ'],
      publishedAt: '2012-08-06T12:00:00.000Z',
    });
    const res = await get(`/articles/${encodeURIComponent(slug)}`);
    expect(res.statusCode).toBe(200);
    const doc = read(res.body);
    expect(doc.first('html').attr('lang')).toBe('ru');
    expect(doc.first('html').attr('dir')).toBe('ltr');
    expect(doc.texts('header.site-header nav a')).toEqual(['Новости', 'Анализ', 'Страны', 'Секции', 'Архив']);
    expect(doc.text('nav.filed h2')).toBe('Рубрики');
    expect(doc.texts('nav.filed a')).toEqual(['Казахстан']);
    expect(doc.text('article.article .meta time')).toBe('6 августа 2012 г.');
    expect(doc.text('a.skip')).toBe('Перейти к содержанию');
  });

  it('frames a Swedish article, for which there is no catalogue, in English, with the article marked Swedish', async () => {
    const slug = await publish({ title: 'Strejk i hamnen', language: 'sv', standfirst: 'Hamnarbetarna strejkar.', bodyMarkdown: 'Hamnarbetarna strejkar.' });
    const doc = read((await get(`/articles/${encodeURIComponent(slug)}`)).body);
    expect(doc.first('html').attr('lang')).toBe('en');
    expect(doc.first('article.article').attr('lang')).toBe('sv');
    expect(doc.first('article.article').attr('dir')).toBe('ltr');
    expect(doc.texts('header.site-header nav a')[0]).toBe('News');
    // The English words inside the Swedish article say they are English.
    expect(doc.first('nav.filed').attr('lang')).toBe('en');
    expect(doc.text('nav.filed h2')).toBe('Filed under');
    expect(doc.text('article.article .meta time')).toBe('6 August 2012');
  });

  it('marks a teaser in another language than its listing with its own lang', async () => {
    const doc = read((await get('/countries/ireland')).body);
    const swedish = doc.all('article.teaser').find((teaser) => teaser.text('.teaser-title a') === 'Strejk i hamnen');
    expect(swedish?.attr('lang')).toBe('sv');
    expect(doc.all('article.teaser').filter((teaser) => teaser.attr('lang') === undefined).length).toBeGreaterThan(0);
  });

  it('answers a Russian supporter in Russian: the form error with the text intact, the confirmation email over SMTP and the data page', async () => {
    const campaign = await createCampaign(t.database.db, {
      languages: ['ru'],
      title: 'Освободите Наталью Соколову',
      letter: { subjects: ['Освободите Наталью Соколову'], body: 'Прошу освободить Наталью Соколову.\n\n{{name}}, {{city}}, {{country}}' },
    });
    const path = `/campaigns/${campaign.slug}`;
    const campaignPage = read((await get(path)).body);
    expect(campaignPage.first('html').attr('lang')).toBe('ru');
    const form = campaignPage.first('section#send form');
    expect(form.field('language').value).toBe('ru');
    expect(campaignPage.text('section#send h2')).toBe('1. Отправьте письмо через Placard');

    // A mistake: the page comes back in Russian, with every word typed still there.
    const letter = 'Требую немедленно освободить Наталью.\n\n{{name}}, {{city}}, {{country}}';
    const mistaken = supporterForm({ name: 'Анна Петрова', email: 'анна-без-собачки', city: 'Москва', country: 'RU', letter, language: 'ru' });
    const invalid = await postForm(t, `${path}/act`, mistaken, { ip: nextIp() });
    expect(invalid.statusCode).toBe(422);
    const again = read(invalid.body).first('section#send form');
    expect(again.errorFor('email')).toBe('Это не похоже на адрес электронной почты (name@example.org).');
    expect(again.field('name').value).toBe('Анна Петрова');
    expect(again.field('email').value).toBe('анна-без-собачки');
    expect(again.field('city').value).toBe('Москва');
    expect(again.field('letter').value).toBe(letter);
    expect(read(invalid.body).text('.form-error p')).toBe('Пожалуйста, проверьте форму: пока ничего не отправлено.');

    const email = `anna-${Date.now()}@example.net`;
    const sent = await postForm(t, `${path}/act`, { ...mistaken, email, consent_campaign: 'yes' }, { ip: nextIp() });
    expect(sent.statusCode).toBe(303);
    const stored = await t.database.db.selectFrom('actions').select('language').where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
    expect(stored.language).toBe('ru');
    const consent = await t.database.db.selectFrom('consents').select('wording').where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
    expect(consent.wording).toBe('Присылайте мне новости о кампании «Освободите Наталью Соколову», например о судьбе людей, которым она посвящена.');

    expect(await confirmationsTo(t, email)).toHaveLength(1);
    await deliver();
    const mail = smtp.messages.find((m) => m.to === email);
    expect(mail?.subject).toBe('Подтвердите, пожалуйста: Освободите Наталью Соколову');
    expect(mail?.text).toContain('Здравствуйте, Анна Петрова!');
    expect(mail?.text).toContain('Ссылка действует 7 дней.');
    const link = /https:\/\/news\.example\.org(\/your-data\/[A-Za-z0-9_-]+\?lang=ru)/.exec(mail?.text ?? '');
    expect(link).not.toBeNull();

    const confirmPath = /https:\/\/news\.example\.org(\/confirm\/[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')![1]!;
    const confirmPage = read((await get(confirmPath)).body);
    expect(confirmPage.first('html').attr('lang')).toBe('ru');
    expect(confirmPage.text('section.confirm button')).toBe('Подтвердить и отправить письмо');

    const dataPage = await get(link![1]!);
    expect(dataPage.statusCode).toBe(200);
    const data = read(dataPage.body);
    expect(data.first('html').attr('lang')).toBe('ru');
    expect(data.text('article.your-data-page h1')).toBe('Ваши данные');
    expect(data.text('#about-you')).toBe('О вас');
    // The page's forms keep its language.
    expect(data.all('form').map((f) => f.attr('action'))).toEqual(expect.arrayContaining([expect.stringMatching(/\/erase\?lang=ru$/)]));
    // The same link without the language opens in the site's, and an unknown one falls back to it.
    expect(
      read((await get(link![1]!.replace('?lang=ru', ''))).body)
        .first('html')
        .attr('lang'),
    ).toBe('en');
    expect(
      read((await get(link![1]!.replace('?lang=ru', '?lang=xx'))).body)
        .first('html')
        .attr('lang'),
    ).toBe('en');
  });

  it('takes the language a form says only when Placard speaks it', async () => {
    const campaign = await createCampaign(t.database.db, { languages: ['ru'], title: 'Свободу профсоюзам' });
    for (const [sent, stored] of [
      ['es', 'es'],
      ['xx-evil', 'ru'],
    ] as const) {
      const email = `lang-${sent}-${Date.now()}@example.net`;
      await postForm(t, `/campaigns/${campaign.slug}/act`, supporterForm({ email, language: sent }), { ip: nextIp() });
      const row = await t.database.db
        .selectFrom('actions')
        .innerJoin('supporters', 'supporters.id', 'actions.supporter_id')
        .select('actions.language')
        .where('supporters.email', '=', email)
        .executeTakeFirstOrThrow();
      expect(row.language).toBe(stored);
      const [mail] = await confirmationsTo(t, email);
      expect(mail?.subject.startsWith(stored === 'es' ? 'Confirme, por favor:' : 'Подтвердите, пожалуйста:')).toBe(true);
    }
  });
});
