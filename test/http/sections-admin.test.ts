import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMedia } from '../../src/store/media/media.store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCampaign } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { Client, createStaff, signInAs } from '../support/staff.js';

/** A complete section form; tests override what they are about. */
function sectionForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Socialist Party',
    shortName: 'SP Ireland',
    slug: '',
    countries: 'ie',
    languages: 'en',
    timeZone: 'Europe/Dublin',
    logoMediaId: '',
    description: '',
    contactEmail: '',
    ...overrides,
  };
}

/** The labels of a select's options on a page. */
const optionLabels = (html: string, name: string) =>
  page(html)
    .all(`select[name=${name}] option`)
    .map((o) => o.text());

/** The labels of the article form's section checkboxes. */
const sectionBoxes = (html: string) =>
  page(html)
    .all('#sections label')
    .map((l) => l.text());

describe.each(DATABASES)('http (%s): sections in the admin', (kind) => {
  let t: TestApp;
  let admin: Client;
  let logoId: number;
  const created = { ireland: 0, england: 0, usa: 0, kazakhstan: 0 };

  const createThroughForm = async (overrides: Record<string, string>) => {
    const res = await admin.post('/admin/sections', sectionForm(overrides));
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const id = Number(/^\/admin\/sections\/(\d+)\?saved=1$/.exec(String(res.headers.location))?.[1]);
    expect(id).toBeGreaterThan(0);
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp(kind, { demo: false });
    admin = await signInAs(t, await createStaff(t, 'administrator', { name: 'Ada Admin' }));
    logoId = await insertMedia(
      t.database.db,
      { path: '/media/rsd-logo.svg', mime: 'image/svg+xml', width: 200, height: 80, alt: 'RSD logo', caption: null, credit: null },
      new Date().toISOString(),
    );
  });
  afterAll(async () => t?.close());

  it('starts empty, and is for administrators only', async () => {
    expect(page((await admin.get('/admin/sections')).body).text('main')).toContain('No sections yet');
    expect(sectionBoxes((await admin.get('/admin/articles/new')).body)).toEqual([]);
    // (A section editor needs a section to exist; the policy test covers every role.)
    for (const role of ['editor', 'author', 'coordinator'] as const) {
      const client = await signInAs(t, await createStaff(t, role, { sections: [] }));
      expect((await client.get('/admin/sections')).statusCode, role).toBe(403);
      expect((await client.get('/admin/sections/new')).statusCode, role).toBe(403);
      expect((await client.post('/admin/sections', sectionForm({ name: `By ${role}` }))).statusCode, role).toBe(403);
    }
    expect(await t.database.db.selectFrom('sections').select('id').execute()).toEqual([]);
  });

  it('refuses bad input with a message beside each field and the typed text intact', async () => {
    const typed = sectionForm({
      name: 'Socialist Movement Kazakhstan',
      countries: 'KZ, XX',
      languages: '',
      timeZone: 'Asia/Nowhere',
      contactEmail: 'not an address',
    });
    const res = await admin.post('/admin/sections', typed);
    expect(res.statusCode).toBe(422);
    const form = page(res.body);
    expect(form.field('name').value).toBe('Socialist Movement Kazakhstan');
    expect(form.field('countries')).toMatchObject({ value: 'KZ, XX', error: 'Use two-letter ISO country codes, such as KZ or GB.' });
    expect(form.field('languages').error).toBe('Enter at least one language the section publishes in, such as en.');
    expect(form.field('timeZone')).toMatchObject({ value: 'Asia/Nowhere', error: 'Enter a time zone by its IANA name, such as Europe/London or Asia/Almaty.' });
    expect(form.field('contactEmail')).toMatchObject({ value: 'not an address', error: 'Enter an email address such as office@example.org.' });
    expect(await t.database.db.selectFrom('sections').select('id').execute()).toEqual([]);
  });

  it('creates a section, its slug made from its name, listed, audited and offered to the article and campaign forms', async () => {
    created.ireland = await createThroughForm({
      countries: 'ie, GB',
      languages: 'en, ga',
      logoMediaId: String(logoId),
      description: 'The Socialist Party campaigns against austerity.',
      contactEmail: 'info@socialistparty.ie',
    });
    const rows = page((await admin.get('/admin/sections')).body).rows('main table');
    expect(rows[1]).toEqual(['Socialist Party', 'SP Ireland', 'socialist-party', 'IE, GB', 'en, ga', 'Active']);
    const edit = page((await admin.get(`/admin/sections/${created.ireland}`)).body);
    expect(edit.field('logoMediaId').value).toBe(String(logoId));
    expect(edit.field('timeZone').value).toBe('Europe/Dublin');
    const entry = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'section-created').executeTakeFirstOrThrow();
    expect(entry.summary).toBe('Created the section “Socialist Party” (socialist-party)');
    expect(sectionBoxes((await admin.get('/admin/articles/new')).body)).toEqual(['Socialist Party (SP Ireland)']);
    expect(optionLabels((await admin.get('/admin/campaigns/new')).body, 'section')).toContain('Socialist Party');
  });

  it('refuses a slug another section has, keeping what was typed', async () => {
    const res = await admin.post(
      '/admin/sections',
      sectionForm({ name: 'Socialist Party (England and Wales)', shortName: 'SP E&W', slug: 'socialist-party', countries: 'GB' }),
    );
    expect(res.statusCode).toBe(422);
    const form = page(res.body);
    expect(form.field('slug')).toMatchObject({ value: 'socialist-party', error: 'Another section already has this slug; choose another.' });
    expect(form.field('name').value).toBe('Socialist Party (England and Wales)');
    expect(form.field('shortName').value).toBe('SP E&W');
  });

  it('adds publications, which the article editor offers with the section named where names are alike', async () => {
    created.england = await createThroughForm({ name: 'Socialist Party', shortName: 'SP E&W', slug: 'socialist-party-ew', countries: 'GB' });
    created.usa = await createThroughForm({ name: 'Socialist Alternative', shortName: 'SAlt', countries: 'US', timeZone: 'America/New_York' });
    const add = (section: number, name: string, url = '') =>
      admin.post(`/admin/sections/${section}/publications`, { newPublicationName: name, newPublicationUrl: url });
    expect((await add(created.ireland, 'The Socialist', 'https://socialistparty.ie/paper')).statusCode).toBe(303);
    expect((await add(created.ireland, 'Socialism Today')).statusCode).toBe(303);
    expect((await add(created.england, 'The Socialist')).statusCode).toBe(303);
    expect((await add(created.usa, 'The Socialist')).statusCode).toBe(303);

    const refused = await add(created.usa, 'Socialist Alternative', 'ftp://example.org');
    expect(refused.statusCode).toBe(422);
    expect(page(refused.body).field('newPublicationUrl')).toMatchObject({ value: 'ftp://example.org', error: 'Enter a web address starting with https://.' });
    expect(page(refused.body).field('newPublicationName').value).toBe('Socialist Alternative');

    const labels = optionLabels((await admin.get('/admin/articles/new')).body, 'publication');
    expect(labels).toEqual(['— nowhere else —', 'Socialism Today', 'The Socialist (SP Ireland)', 'The Socialist (SP E&W)', 'The Socialist (SAlt)']);

    // Renamed on the section's page, then removed.
    const editPage = page((await admin.get(`/admin/sections/${created.usa}`)).body);
    const action = editPage
      .all('form')
      .find((f) => /\/publications\/\d+$/.test(f.attr('action') ?? ''))!
      .attr('action')!;
    expect((await admin.post(action, { publicationName: 'Socialist Alternative', publicationUrl: 'https://socialistalternative.org' })).statusCode).toBe(303);
    expect(optionLabels((await admin.get('/admin/articles/new')).body, 'publication')).toContain('Socialist Alternative');
    expect((await admin.post(`${action}/delete`, {})).statusCode).toBe(303);
    expect(optionLabels((await admin.get('/admin/articles/new')).body, 'publication')).not.toContain('Socialist Alternative');
  });

  it('shows a section page with its logo, description, contact, open campaigns and feeds, in its own language, changed at once when edited', async () => {
    created.kazakhstan = await createThroughForm({
      name: 'Социалистическое движение Казахстана',
      shortName: 'СДК',
      slug: 'sdk',
      countries: 'KZ',
      languages: 'ru',
      timeZone: 'Asia/Almaty',
      logoMediaId: String(logoId),
      description: 'Защищаем права рабочих.',
      contactEmail: 'info@sdk.kz',
    });
    await createCampaign(t.database.db, { sectionSlug: 'sdk', title: 'Free the Zhanaozen oil workers', slug: 'zhanaozen' });
    await createCampaign(t.database.db, { sectionSlug: 'sdk', title: 'A draft nobody sees', slug: 'draft-one', status: 'draft' });
    const first = await t.app.inject({ method: 'GET', url: '/sections/sdk' });
    expect(first.statusCode).toBe(200);
    const home = page(first.body);
    expect(home.first('html').attr('lang')).toBe('ru');
    expect(home.first('main img.section-logo').attr('src')).toBe('/media/rsd-logo.svg');
    expect(home.text('main .section-description')).toBe('Защищаем права рабочих.');
    expect(home.links('main .section-contact')).toEqual([{ text: 'info@sdk.kz', href: 'mailto:info@sdk.kz' }]);
    expect(home.text('#campaigns-heading')).toBe('Срочные акции');
    expect(home.links('main .section-campaigns')).toEqual([{ text: 'Free the Zhanaozen oil workers', href: '/campaigns/zhanaozen' }]);
    expect(home.links('main .feeds').map((l) => l.href)).toEqual(['/sections/sdk/feed.xml', '/sections/sdk/feed.atom', '/sections/sdk/feed.json']);
    expect(t.cache.has('/sections/sdk')).toBe(true);

    const edit = await admin.post(`/admin/sections/${created.kazakhstan}`, {
      ...sectionForm({
        name: 'Социалистическое движение Казахстана',
        shortName: 'СДК',
        slug: 'sdk',
        countries: 'KZ',
        languages: 'ru',
        timeZone: 'Asia/Almaty',
      }),
      description: 'Солидарность с бастующими.',
    });
    expect(edit.statusCode).toBe(303);
    const after = page((await t.app.inject({ method: 'GET', url: '/sections/sdk' })).body);
    expect(after.text('main .section-description')).toBe('Солидарность с бастующими.');
    expect(after.has('main img.section-logo')).toBe(false);
  });

  it('retires a section: kept with its page, marked in the list, offered for no new article or campaign; and brings it back', async () => {
    expect((await admin.post(`/admin/sections/${created.england}/retire`, {})).statusCode).toBe(303);
    const rows = page((await admin.get('/admin/sections')).body).rows('main table');
    expect(rows.find((r) => r[2] === 'socialist-party-ew')?.[5]).toBe('Retired');
    expect(sectionBoxes((await admin.get('/admin/articles/new')).body)).not.toContain('Socialist Party (SP E&W)');
    const coordinator = await signInAs(t, await createStaff(t, 'coordinator', { sections: [] }));
    const campaignSections = optionLabels((await coordinator.get('/admin/campaigns/new')).body, 'section');
    expect(campaignSections.filter((l) => l === 'Socialist Party')).toHaveLength(1);
    const retiredPage = await t.app.inject({ method: 'GET', url: '/sections/socialist-party-ew' });
    expect(retiredPage.statusCode).toBe(200);
    expect(page(retiredPage.body).text('main')).toContain('This section is no longer active');
    const retired = await t.database.db.selectFrom('audit_log').select('summary').where('action', '=', 'section-retired').executeTakeFirstOrThrow();
    expect(retired.summary).toBe('Retired the section “Socialist Party”');

    expect((await admin.post(`/admin/sections/${created.england}/unretire`, {})).statusCode).toBe(303);
    expect(sectionBoxes((await admin.get('/admin/articles/new')).body)).toContain('Socialist Party (SP E&W)');
    expect(page((await t.app.inject({ method: 'GET', url: '/sections/socialist-party-ew' })).body).text('main')).not.toContain('no longer active');
  });

  it('keeps the typed text when an edit is refused', async () => {
    const res = await admin.post(
      `/admin/sections/${created.ireland}`,
      sectionForm({ name: '', shortName: 'SP Ireland', description: 'Kept as typed.', timeZone: 'Europe/Dublin' }),
    );
    expect(res.statusCode).toBe(422);
    const form = page(res.body);
    expect(form.field('name').error).toBe("Enter the section's name.");
    expect(form.field('description').value).toBe('Kept as typed.');
    expect((await t.database.db.selectFrom('sections').select('name').where('id', '=', created.ireland).executeTakeFirstOrThrow()).name).toBe(
      'Socialist Party',
    );
  });
});
