import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { createThroughForm, editorForm, formVersion } from '../support/articles.js';
import { createStaff, signInAs } from '../support/staff.js';

describe.each(DATABASES)('http (%s): a published article keeps its old address', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('redirects the old slug permanently to the new one after a rename', async () => {
    const client = await signInAs(t, await createStaff(t, 'editor'));
    const id = await createThroughForm(client, { title: 'Dockers strike', slug: 'dockers-strike' });
    expect((await client.post(`/admin/articles/${id}/publish`, {})).statusCode).toBe(303);
    expect((await t.app.inject('/articles/dockers-strike')).statusCode).toBe(200);

    const edit = await client.get(`/admin/articles/${id}/edit`);
    const saved = await client.post(
      `/admin/articles/${id}/edit`,
      editorForm({ title: 'Dublin dockers strike', slug: 'dublin-dockers-strike', version: formVersion(edit.body) }),
    );
    expect(saved.statusCode).toBe(303);

    const old = await t.app.inject('/articles/dockers-strike');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/articles/dublin-dockers-strike');
    const now = await t.app.inject('/articles/dublin-dockers-strike');
    expect(now.statusCode).toBe(200);
    expect(page(now.body).text('h1')).toBe('Dublin dockers strike');
  });

  it('lets a new article take a retired address, which then wins', async () => {
    const client = await signInAs(t, await createStaff(t, 'editor'));
    const id = await createThroughForm(client, { title: 'Dockers strike', slug: 'dockers-strike' });
    expect((await client.post(`/admin/articles/${id}/publish`, {})).statusCode).toBe(303);
    const res = await t.app.inject('/articles/dockers-strike');
    expect(res.statusCode).toBe(200);
  });

  it('keeps no old address for an article that was never public', async () => {
    const client = await signInAs(t, await createStaff(t, 'editor'));
    const id = await createThroughForm(client, { title: 'Draft piece', slug: 'draft-piece' });
    const edit = await client.get(`/admin/articles/${id}/edit`);
    await client.post(`/admin/articles/${id}/edit`, editorForm({ title: 'Draft piece', slug: 'renamed-draft', version: formVersion(edit.body) }));
    expect((await t.app.inject('/articles/draft-piece')).statusCode).toBe(404);
  });
});
