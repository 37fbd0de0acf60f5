import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { createThroughForm, editorForm, formVersion } from '../support/articles.js';
import { createCampaign, testTarget } from '../support/campaigns.js';
import { type Client, createStaff, signInAs } from '../support/staff.js';

const IRELAND = 'socialist-party-ireland';
const ENGLAND = 'socialist-party-england-wales';

describe.each(DATABASES)('http (%s): which campaign an article may call to', (kind) => {
  let t: TestApp;
  let author: Client;
  let admin: Client;
  const ids = { draftOther: 0, publishedOther: 0, ownDraft: 0, own: 0, international: 0, closedOwn: 0 };
  const campaign = (key: keyof typeof ids, options: Parameters<typeof createCampaign>[1]) =>
    createCampaign(t.database.db, { title: `Campaign ${key}`, targets: [testTarget({ email: `${key.toLowerCase()}@targets.example.kz` })], ...options }).then(
      ({ id }) => (ids[key] = id),
    );
  const offered = async (url: string) =>
    page((await author.get(url)).body)
      .field('campaignId')
      .element.all('option')
      .map((option) => Number(option.attr('value')))
      .filter((id) => id > 0)
      .sort((a, b) => a - b);

  beforeAll(async () => {
    t = await startTestApp(kind);
    await campaign('draftOther', { status: 'draft', sectionSlug: ENGLAND });
    await campaign('publishedOther', { status: 'active', sectionSlug: ENGLAND });
    await campaign('ownDraft', { status: 'draft', sectionSlug: IRELAND });
    await campaign('own', { status: 'active', sectionSlug: IRELAND });
    await campaign('international', { status: 'paused', sectionSlug: null });
    await campaign('closedOwn', { status: 'active', sectionSlug: IRELAND, closedAt: '2026-01-02T00:00:00.000Z' });
    author = await signInAs(t, await createStaff(t, 'author', { sections: [IRELAND] }));
    admin = await signInAs(t, await createStaff(t, 'administrator'));
  });
  afterAll(async () => t?.close());

  it('offers an author only published campaigns of their sections and international ones', async () => {
    const mine = (await offered('/admin/articles/new')).filter((id) => Object.values(ids).includes(id));
    expect(mine).toEqual([ids.own, ids.international, ids.closedOwn].sort((a, b) => a - b));
  });

  it('refuses any other campaign in the service, beside the field, keeping what was typed', async () => {
    for (const refused of [ids.draftOther, ids.publishedOther, ids.ownDraft]) {
      const res = await author.post('/admin/articles/new', editorForm({ title: 'Solidarity with the Aktau lawyers', campaignId: String(refused) }));
      expect(res.statusCode, `campaign ${refused}`).toBe(422);
      const form = page(res.body).first('form.article-form');
      expect(form.errorFor('campaignId')).toBe('Choose one of the campaigns offered: a published campaign of your sections or an international one.');
      expect(form.field('title').value).toBe('Solidarity with the Aktau lawyers');
    }
    const id = await createThroughForm(author, { title: 'A call to our own campaign', campaignId: String(ids.own) });
    const edited = await author.get(`/admin/articles/${id}/edit`);
    expect(page(edited.body).field('campaignId').value).toBe(String(ids.own));
    // Changing to another section's campaign is refused as well.
    const version = formVersion(edited.body);
    const res = await author.post(
      `/admin/articles/${id}/edit`,
      editorForm({ title: 'A call to our own campaign', campaignId: String(ids.publishedOther), version }),
    );
    expect(res.statusCode).toBe(422);
    expect((await t.database.db.selectFrom('articles').select('campaign_id').where('id', '=', id).executeTakeFirstOrThrow()).campaign_id).toBe(ids.own);
  });

  it('lets an administrator attach any published campaign, never a draft', async () => {
    expect(
      (await admin.post('/admin/articles/new', editorForm({ title: 'Admin links across sections', campaignId: String(ids.publishedOther) }))).statusCode,
    ).toBe(303);
    expect((await admin.post('/admin/articles/new', editorForm({ title: 'Admin links a draft', campaignId: String(ids.draftOther) }))).statusCode).toBe(422);
  });

  it('never shows a draft campaign’s targets, even through a link already in the database', async () => {
    const id = await createThroughForm(author, { title: 'An old link to a draft' });
    await t.database.db.updateTable('articles').set({ campaign_id: ids.draftOther }).where('id', '=', id).execute();
    // The author can still save the article: the link they did not make is kept, not refused.
    const edited = await author.get(`/admin/articles/${id}/edit`);
    const version = formVersion(edited.body);
    expect(
      (await author.post(`/admin/articles/${id}/edit`, editorForm({ title: 'An old link to a draft', campaignId: String(ids.draftOther), version })))
        .statusCode,
    ).toBe(303);

    const created = await author.post(`/admin/articles/${id}/preview-links`, { days: '7' });
    const url = new URL(page(created.body).first('section.preview-links input[aria-label="Preview link"]').attr('value')!).pathname;
    const preview = await t.app.inject(url);
    expect(preview.statusCode).toBe(200);
    const draft = page(preview.body);
    expect(draft.text('h1')).toBe('An old link to a draft');
    expect(draft.has('section.call-to-action')).toBe(false);
    expect(preview.body).not.toContain('draftother@targets.example.kz');
    expect(preview.body).not.toContain('Campaign draftOther');

    // Published, the page and the feeds do not show it either; an active campaign's targets do show.
    expect((await admin.post(`/admin/articles/${id}/publish`, {})).statusCode).toBe(303);
    const slug = (await t.database.db.selectFrom('articles').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
    expect(page((await t.app.inject(`/articles/${slug}`)).body).has('section.call-to-action')).toBe(false);
    for (const path of [`/articles/${slug}`, '/feed.xml', '/feed.atom', '/feed.json']) {
      const body = (await t.app.inject(path)).body;
      expect(body, path).toContain('An old link to a draft');
      expect(body, path).not.toContain('draftother@targets.example.kz');
    }
    await t.database.db.updateTable('articles').set({ campaign_id: ids.own }).where('id', '=', id).execute();
    t.cache.clear();
    const linked = page((await t.app.inject(`/articles/${slug}`)).body);
    expect(linked.links('section.call-to-action ol.targets')).toContainEqual({ text: 'own@targets.example.kz', href: 'mailto:own@targets.example.kz' });
  });
});
