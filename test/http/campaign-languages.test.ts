import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { campaignForm, confirmPathFor, DEMO_SLUG, postForm, supporterForm } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { createStaff, signInAs, type Client } from '../support/staff.js';

/** What the campaign form would send as it stands (the CSRF token aside), one value per name. */
function formValues(html: string): Record<string, string> {
  const values = page(html).first('form.campaign-form').formValues();
  delete values._csrf;
  return Object.fromEntries(Object.entries(values).map(([name, sent]) => [name, sent.join('\n')]));
}

describe.each(DATABASES)('http (%s): a campaign in several languages', (kind) => {
  let t: TestApp;
  let coordinator: Client;
  const clock = testClock('2026-03-02T10:00:00.000Z');
  let ip = 0;
  const nextIp = () => `203.0.113.${++ip}`;

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    coordinator = await signInAs(t, await createStaff(t, 'coordinator'));
  }, 120_000);
  afterAll(async () => t?.close());

  /** Saves the coordinator's form (English first, Russian second) and activates it; returns the id. */
  async function activeCampaign(overrides: Record<string, string>): Promise<number> {
    const res = await coordinator.post('/admin/campaigns/new', campaignForm(overrides));
    expect(res.statusCode).toBe(303);
    const id = Number(/\/admin\/campaigns\/(\d+)/.exec(String(res.headers.location))![1]);
    const activated = await coordinator.post(`/admin/campaigns/${id}/status`, { to: 'active' });
    expect(activated.statusCode).toBe(303);
    return id;
  }

  it('saves the texts of each language and each target’s letter language; a mistake brings every field back', async () => {
    const typed = campaignForm({
      title: 'Two languages',
      identityMode: 'named',
      'translation-ru-title': '',
      'translation-ru-letterBody': 'Письмо с {{имя}}',
      'target-1-letterLanguage': 'kk',
    });
    const refused = await coordinator.post('/admin/campaigns/new', typed);
    expect(refused.statusCode).toBe(422);
    const form = page(refused.body).first('form.campaign-form');
    expect(form.errorFor('translation-ru-title')).toBe('A title in Russian is required.');
    expect(form.errorFor('translation-ru-letterBody')).toMatch(/^Placard fills only \{\{name\}\}, \{\{city\}\}, \{\{country\}\}; not \{\{имя\}\}/);
    expect(form.errorFor('target-1-letterLanguage')).toBe('Choose one of the campaign’s languages.');
    expect(form.text('fieldset#translation-ru legend')).toBe('Texts in Russian (ru)');
    expect(formValues(refused.body)).toEqual(typed);
    expect(await t.database.db.selectFrom('campaigns').select('id').where('title', '=', 'Two languages').executeTakeFirst()).toBeUndefined();

    const saved = await coordinator.post('/admin/campaigns/new', campaignForm({ title: 'Two languages' }));
    expect(saved.statusCode).toBe(303);
    const id = Number(/\/admin\/campaigns\/(\d+)/.exec(String(saved.headers.location))![1]);
    const edit = await coordinator.get(`/admin/campaigns/${id}/edit`);
    const values = formValues(edit.body);
    expect(values).toMatchObject({
      'translation-ru-title': 'Свободу Наталье Соколовой',
      'translation-ru-letterBody': 'Я протестую против заключения Натальи Соколовой.\n\nС уважением,\n{{name}}, {{city}}, {{country}}',
      'translation-ru-demands': 'Освободить Наталью Соколову\nСнять все обвинения',
      'target-0-letterLanguage': 'ru',
      'target-1-letterLanguage': 'en',
    });
    const languages = await t.database.db
      .selectFrom('campaign_targets')
      .select(['title', 'letter_language'])
      .where('campaign_id', '=', id)
      .orderBy('position')
      .execute();
    expect(languages).toEqual([
      { title: 'Prosecutor General', letter_language: 'ru' },
      { title: 'Minister of Justice', letter_language: 'en' },
    ]);
  });

  it('will not activate a campaign without a model letter in each language', async () => {
    const res = await coordinator.post('/admin/campaigns/new', campaignForm({ title: 'No Russian letter yet', 'translation-ru-letterBody': '' }));
    expect(res.statusCode).toBe(303);
    const id = Number(/\/admin\/campaigns\/(\d+)/.exec(String(res.headers.location))![1]);
    const refused = await coordinator.post(`/admin/campaigns/${id}/status`, { to: 'active' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('An urgent action needs a model letter in Russian before it can be active.');
  });

  it('shows the Russian page at its own address, with Russian chrome, the Russian letter, the picker and hreflang', async () => {
    await activeCampaign({ title: 'Pages per language', slug: 'pages-per-language' });
    const english = await t.app.inject({ method: 'GET', url: '/campaigns/pages-per-language' });
    const russian = await t.app.inject({ method: 'GET', url: '/campaigns/pages-per-language/ru' });
    expect(russian.statusCode).toBe(200);
    expect(String(russian.headers['cache-control'])).toMatch(/^public/);
    const ru = page(russian.body);
    expect(ru.first('html').attr('lang')).toBe('ru');
    expect(ru.text('a.skip')).toBe('Перейти к содержанию');
    expect(ru.text('h1')).toBe('Свободу Наталье Соколовой');
    expect(ru.first('textarea[name=letter]').rawText).toContain('Я протестую против заключения Натальи Соколовой.');
    expect(ru.first('input[name=letter_language]').attr('value')).toBe('ru');
    expect(ru.first('link[rel=canonical]').attr('href')).toBe(`${t.config.publicUrl}/campaigns/pages-per-language/ru`);
    // The picker names each language in itself and links the versions.
    expect(ru.links('nav.language-picker a')).toEqual([
      { text: 'English', href: '/campaigns/pages-per-language' },
      { text: 'Русский', href: '/campaigns/pages-per-language/ru' },
    ]);
    expect(ru.all('nav.language-picker a').map((a) => [a.attr('lang'), a.attr('hreflang'), a.attr('aria-current')])).toEqual([
      ['en', 'en', undefined],
      ['ru', 'ru', 'page'],
    ]);
    // Both versions name each other, and the first language as the default.
    for (const html of [english.body, russian.body]) {
      const alternates = page(html)
        .all('link[rel=alternate][hreflang]')
        .map((l) => [l.attr('hreflang'), l.attr('href')]);
      expect(alternates).toEqual([
        ['en', `${t.config.publicUrl}/campaigns/pages-per-language`],
        ['ru', `${t.config.publicUrl}/campaigns/pages-per-language/ru`],
        ['x-default', `${t.config.publicUrl}/campaigns/pages-per-language`],
      ]);
    }
    const en = page(english.body);
    expect(en.first('html').attr('lang')).toBe('en');
    expect(en.text('h1')).toBe('Pages per language');
    expect(en.first('textarea[name=letter]').rawText).toContain('I protest at the imprisonment of Natalya Sokolova.');
    // On the Russian page, the supporter is told which officials get a letter in another language.
    expect(ru.texts('div.letter-languages li')).toEqual(['Minister of Justice: на языке «английский»']);
    // The first language has one address; a language the campaign lacks has none.
    const first = await t.app.inject({ method: 'GET', url: '/campaigns/pages-per-language/en' });
    expect(first.statusCode).toBe(301);
    expect(first.headers.location).toBe('/campaigns/pages-per-language');
    expect((await t.app.inject({ method: 'GET', url: '/campaigns/pages-per-language/es' })).statusCode).toBe(404);
  });

  it('sends a supporter’s Russian letter to the Russian-reading official and the English model letter to the English-reading one', async () => {
    const id = await activeCampaign({
      title: 'Letters per language',
      slug: 'letters-per-language',
      'target-1-deliveryMode': 'paced',
      'target-1-officeHours': 'Sun-Sat 00:00-24:00',
      'target-0-officeHours': 'Sun-Sat 00:00-24:00',
    });
    const form = supporterForm({
      name: 'Oisín Kelly',
      city: 'Dublin',
      country: 'IE',
      letter_language: 'ru',
      letter: 'Я, Oisín, требую освободить Наталью Соколову немедленно.\n\n{{name}}, {{city}}, {{country}}',
    });
    // The preview, before anything is stored, shows each official the letter they will get.
    const preview = await postForm(t, '/campaigns/letters-per-language/act', { ...form, preview: '1' }, { ip: nextIp(), drain: false });
    expect(preview.statusCode).toBe(200);
    expect(page(preview.body).first('html').attr('lang')).toBe('ru');
    const sent = await postForm(t, '/campaigns/letters-per-language/act', form, { ip: nextIp() });
    expect(sent.statusCode).toBe(303);
    const confirmed = await postForm(t, await confirmPathFor(t, form.email!), {}, { ip: nextIp() });
    expect(confirmed.statusCode).toBe(200);
    const letters = await t.database.db
      .selectFrom('outbox')
      .select(['recipient', 'subject', 'body'])
      .where('campaign_id', '=', id)
      .where('kind', '=', 'letter')
      .orderBy('recipient')
      .execute();
    expect(letters).toHaveLength(2);
    const [english, russian] = [
      letters.find((l) => l.recipient === 'minister@adilet.example.kz')!,
      letters.find((l) => l.recipient === 'office@prokuror.example.kz')!,
    ];
    // The Russian-reading official receives the supporter's own Russian text, their country in Russian.
    expect(russian.subject).toBe('Освободите Наталью Соколову');
    expect(russian.body).toBe('Dear Prosecutor General,\n\nЯ, Oisín, требую освободить Наталью Соколову немедленно.\n\nOisín Kelly, Dublin, Ирландия');
    // The English-reading official receives the campaign's English model letter, signed by the same supporter.
    expect(english.subject).toMatch(/^(Release Natalya Sokolova|Drop the charges)$/);
    expect(english.body).toBe('I protest at the imprisonment of Natalya Sokolova.\n\nYours sincerely,\nOisín Kelly, Dublin, Ireland');
    const action = await t.database.db.selectFrom('actions').select('letter_language').where('campaign_id', '=', id).executeTakeFirstOrThrow();
    expect(action.letter_language).toBe('ru');
  });

  it('keeps protective mode’s guarantees in the other language’s model letter', async () => {
    const id = await activeCampaign({
      title: 'Protective in two languages',
      slug: 'protective-two-languages',
      identityMode: 'protective',
      'target-0-letterLanguage': 'en',
      'target-0-officeHours': 'Sun-Sat 00:00-24:00',
      'target-1-letterLanguage': 'ru',
      'target-1-deliveryMode': 'paced',
      'target-1-officeHours': 'Sun-Sat 00:00-24:00',
      // A word of the model letter that is also the supporter's name is removed, as in their own text.
      'translation-ru-letterBody': 'Я, Сидорова, протестую. Пишите: sidorova@example.net\n\n{{name}}, {{city}}, {{country}}',
    });
    const form = supporterForm({ name: 'Мария Сидорова', sign_as: 'Мария', email: `sidorova-${Date.now()}@example.net`, city: 'Moscow', country: 'IE' });
    await postForm(t, '/campaigns/protective-two-languages/act', form, { ip: nextIp() });
    await postForm(t, await confirmPathFor(t, form.email!), {}, { ip: nextIp() });
    const letters = await t.database.db
      .selectFrom('outbox')
      .select(['recipient', 'body', 'reply_to', 'from_name'])
      .where('campaign_id', '=', id)
      .where('kind', '=', 'letter')
      .execute();
    const russian = letters.find((l) => l.recipient === 'minister@adilet.example.kz')!;
    expect(russian.body).toBe('Я, [removed], протестую. Пишите: [removed]\n\nМария, Ирландия');
    for (const letter of letters) {
      expect(letter.reply_to).toBeNull();
      for (const hidden of ['Сидорова', 'Moscow', form.email!]) expect(letter.body).not.toContain(hidden);
    }
  });

  it('has the demo’s urgent action in Russian, its officials in Almaty reading Russian', async () => {
    const demo = await t.app.inject({ method: 'GET', url: `/campaigns/${DEMO_SLUG}/ru` });
    expect(demo.statusCode).toBe(200);
    const ru = page(demo.body);
    expect(ru.text('h1')).toBe('Остановите государственное насилие в Казахстане!');
    expect(ru.first('textarea[name=letter]').rawText).toContain('Я призываю вас снять с них все обвинения');
    expect(ru.has('div.letter-languages')).toBe(false);
    const targets = await t.database.db
      .selectFrom('campaign_targets')
      .innerJoin('campaigns', 'campaigns.id', 'campaign_targets.campaign_id')
      .select(['campaign_targets.time_zone', 'campaign_targets.letter_language', 'campaign_targets.country'])
      .where('campaigns.slug', '=', DEMO_SLUG)
      .execute();
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(target).toEqual({ time_zone: 'Asia/Almaty', letter_language: 'ru', country: 'KZ' });
    // The English page tells English readers their edits go only where English is read.
    const english = page((await t.app.inject({ method: 'GET', url: `/campaigns/${DEMO_SLUG}` })).body);
    expect(english.count('div.letter-languages li')).toBe(targets.length);
  });
});
