import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tags } from '../../src/domain/cache/cache-tags.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { editorForm } from '../support/articles.js';
import { campaignForm, createCampaign } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { Client, createStaff, signInAs } from '../support/staff.js';

/** What a form would send as it stands (the CSRF token aside), one value per name. */
function formValues(html: string, selector: string): Record<string, string> {
  const values = page(html).first(selector).formValues();
  delete values._csrf;
  return Object.fromEntries(Object.entries(values).map(([name, sent]) => [name, sent.join('\n')]));
}

/*
 * A retired section takes no new article or campaign, even one typed into the form by
 * hand; and a campaign moved to another section leaves the old section's page at once.
 */
describe.each(DATABASES)('http (%s): retired sections and campaigns that change section', (kind) => {
  let t: TestApp;
  let admin: Client;
  let coordinator: Client;
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  const section = async (name: string, slug: string) => {
    const res = await admin.post('/admin/sections', {
      name,
      shortName: name,
      slug,
      countries: 'IE',
      languages: 'en',
      timeZone: 'Europe/Dublin',
      logoMediaId: '',
      description: '',
      contactEmail: '',
    });
    expect(res.statusCode).toBe(303);
    return Number(/^\/admin\/sections\/(\d+)/.exec(String(res.headers.location))?.[1]);
  };

  beforeAll(async () => {
    t = await startTestApp(kind, { demo: false });
    admin = await signInAs(t, await createStaff(t, 'administrator'));
    coordinator = await signInAs(t, await createStaff(t, 'coordinator'));
    await section('Dublin branch', 'dublin');
    await section('Cork branch', 'cork');
    const old = await section('Old branch', 'old-branch');
    expect((await admin.post(`/admin/sections/${old}/retire`, {})).statusCode).toBe(303);
  });
  afterAll(async () => t?.close());

  it('refuses an article filed by hand under a retired section, beside the field, keeping the form', async () => {
    const res = await admin.post('/admin/articles/new', editorForm({ title: 'Typed by hand', sections: ['old-branch'], credits: 'Kevin McLoughlin' }));
    expect(res.statusCode).toBe(422);
    const form = page(res.body);
    expect(form.errorFor('sections')).toBe('The section “Old branch” is retired: choose one of the sections offered.');
    expect(form.field('title').value).toBe('Typed by hand');
    expect(await t.database.db.selectFrom('articles').select('id').where('title', '=', 'Typed by hand').executeTakeFirst()).toBeUndefined();
  });

  it('refuses a campaign put by hand in a retired section, beside the field, keeping the form', async () => {
    const res = await coordinator.post('/admin/campaigns/new', campaignForm({ title: 'Typed by hand too', section: 'old-branch' }));
    expect(res.statusCode).toBe(422);
    const form = page(res.body);
    expect(form.errorFor('section')).toBe('The section “Old branch” is retired: choose one of the sections offered.');
    expect(form.field('title').value).toBe('Typed by hand too');
    expect(await t.database.db.selectFrom('campaigns').select('id').where('title', '=', 'Typed by hand too').executeTakeFirst()).toBeUndefined();
  });

  it('takes a campaign moved to another section off the old section’s cached page and onto the new one’s', async () => {
    const campaign = await createCampaign(t.database.db, { sectionSlug: 'dublin', title: 'Reinstate the Dublin dockers', slug: 'dublin-dockers' });
    const titles = async (slug: string) =>
      page((await get(`/sections/${slug}`)).body)
        .links('main .section-campaigns')
        .map((l) => l.text);
    expect(await titles('dublin')).toEqual(['Reinstate the Dublin dockers']);
    expect(await titles('cork')).toEqual([]);
    expect(t.cache.has('/sections/dublin')).toBe(true);
    expect(t.cache.has('/sections/cork')).toBe(true);

    const edit = await coordinator.get(`/admin/campaigns/${campaign.id}/edit`);
    const values = formValues(edit.body, 'form.campaign-form');
    const announced: string[] = [];
    const unsubscribe = t.changes.subscribe((touched) => announced.push(...touched));
    const moved = await coordinator.post(`/admin/campaigns/${campaign.id}/edit`, { ...values, section: 'cork' });
    unsubscribe();
    expect(moved.statusCode).toBe(303);
    // Both sections' pages, whatever else lists the campaign.
    expect(announced).toEqual(expect.arrayContaining([tags.section('dublin'), tags.section('cork')]));

    expect(t.cache.has('/sections/dublin')).toBe(false);
    expect(await titles('dublin')).toEqual([]);
    expect(await titles('cork')).toEqual(['Reinstate the Dublin dockers']);
  });
});
