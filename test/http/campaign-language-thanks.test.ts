import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { DEMO_SLUG, postForm, supporterForm } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';

/*
 * A supporter who acts on the Russian page of a campaign stays in Russian: the page after
 * the form, and a report form sent back with a mistake. The page after is cached under
 * an address of its own, as the campaign's page in that language is.
 */
describe.each(DATABASES)('http (%s): the pages after a form, in the language of the page it came from', (kind) => {
  let t: TestApp;
  let ip = 0;
  const nextIp = () => `198.51.100.${++ip}`;
  const base = `/campaigns/${DEMO_SLUG}`;
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    t = await startTestApp(kind);
  }, 120_000);
  afterAll(async () => t?.close());

  /** What the Russian page's forms send besides what the supporter types. */
  const fromRussianPage = { language: 'ru', letter_language: 'ru' };

  it('sends a letter from the Russian page to a Russian "check your email" page at a cacheable address', async () => {
    const sent = await postForm(t, `${base}/act`, supporterForm({ ...fromRussianPage, letter: 'Я протестую.\n\n{{name}}, {{country}}' }), { ip: nextIp() });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${base}/thanks/email/ru`);
    const thanks = await get(`${base}/thanks/email/ru`);
    expect(thanks.statusCode).toBe(200);
    expect(String(thanks.headers['cache-control'])).toMatch(/^public/);
    const ru = page(thanks.body);
    expect(ru.first('html').attr('lang')).toBe('ru');
    expect(ru.text('h1')).toBe('Проверьте почту');
    expect(ru.links('.thanks a')).toEqual([{ text: 'Вернуться к «Остановите государственное насилие в Казахстане!»', href: `${base}/ru` }]);
    expect(t.cache.has(`${base}/thanks/email/ru`)).toBe(true);

    // From the first language's page, the first language's address, as before.
    const english = await postForm(t, `${base}/act`, supporterForm({ language: 'en', letter_language: 'en' }), { ip: nextIp() });
    expect(english.headers.location).toBe(`${base}/thanks/email`);
    expect(page((await get(`${base}/thanks/email`)).body).text('h1')).toBe('Check your email');
  });

  it('counts a report from the Russian page on a Russian page, and sends a mistaken one back in Russian with the text as typed', async () => {
    const wrong = await postForm(t, `${base}/self-report`, { ...fromRussianPage, method: 'own_mail', name: 'Мария', country: '' }, { ip: nextIp() });
    expect(wrong.statusCode).toBe(422);
    expect(page(wrong.body).first('html').attr('lang')).toBe('ru');
    const own = page(wrong.body).first('section#own-mail form');
    expect(own.field('name').value).toBe('Мария');
    expect(own.field('country')).toMatchObject({ value: '', error: 'Пожалуйста, выберите страну.', invalid: true });

    const counted = await postForm(t, `${base}/self-report`, { ...fromRussianPage, method: 'call', country: 'KZ' }, { ip: nextIp() });
    expect(counted.statusCode).toBe(303);
    expect(counted.headers.location).toBe(`${base}/thanks/counted/ru`);
    const thanks = page((await get(`${base}/thanks/counted/ru`)).body);
    expect(thanks.text('h1')).toBe('Спасибо');
  });

  it('has one address per language: the first redirects to the bare one, a language without a page has none', async () => {
    const first = await get(`${base}/thanks/counted/en`);
    expect(first.statusCode).toBe(301);
    expect(first.headers.location).toBe(`${base}/thanks/counted`);
    expect((await get(`${base}/thanks/counted/es`)).statusCode).toBe(404);
    expect((await get(`${base}/thanks/nothing/ru`)).statusCode).toBe(404);
  });
});
