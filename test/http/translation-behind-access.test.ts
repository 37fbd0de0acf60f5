import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { createThroughForm, editorForm, formVersion } from '../support/articles.js';
import { testClock } from '../support/clock.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { type Client, createStaff, signInAs, type StaffAccount } from '../support/staff.js';

/*
 * A translation behind its original shows the original's changes only to someone who may
 * open the original: a section editor of another section learns that it is behind and
 * when, and finds the original's public page, never its earlier or unpublished text.
 */
describe.each(DATABASES)('http (%s): the original’s changes, only for those who may open it', (kind) => {
  let t: TestApp;
  let editorAccount: StaffAccount;
  let corkAccount: StaffAccount;
  let editor: Client;
  const clock = testClock('2026-03-01T09:00:00.000Z');

  const section = async (admin: Client, name: string, slug: string) => {
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
  };

  beforeAll(async () => {
    t = await startTestApp(kind, { demo: false, clock });
    const admin = await signInAs(t, await createStaff(t, 'administrator'));
    await section(admin, 'Dublin branch', 'dublin');
    await section(admin, 'Cork branch', 'cork');
    editorAccount = await createStaff(t, 'editor');
    corkAccount = await createStaff(t, 'section_editor', { sections: ['cork'] });
    editor = await signInAs(t, editorAccount);
  });
  afterAll(async () => t?.close());

  it('shows the diff to an editor, and to a section editor of another section only that the translation is behind and when', async () => {
    const original = await createThroughForm(editor, {
      title: 'Dublin rent strike spreads',
      bodyMarkdown: 'Tenants in three estates withhold rent.',
      sections: ['dublin'],
      credits: 'Kevin McLoughlin',
    });
    expect((await editor.post(`/admin/articles/${original}/publish`, {})).statusCode).toBe(303);
    const added = await editor.post(`/admin/articles/${original}/translations/add`, { translationLanguage: 'es' });
    const spanish = Number(/\/admin\/articles\/(\d+)\/edit/.exec(String(added.headers.location))?.[1]);
    const version = formVersion((await editor.get(`/admin/articles/${spanish}/edit`)).body);
    const translated = editorForm({
      title: 'Se extiende la huelga de alquileres en Dublín',
      language: 'es',
      bodyMarkdown: 'Inquilinos de tres barrios retienen el alquiler.',
      sections: ['cork'],
      credits: 'Kevin McLoughlin',
      version,
    });
    expect((await editor.post(`/admin/articles/${spanish}/edit`, translated)).statusCode).toBe(303);
    expect((await editor.post(`/admin/articles/${spanish}/publish`, {})).statusCode).toBe(303);

    clock.advance(60 * 24);
    editor = await signInAs(t, editorAccount);
    const { slug: originalSlug } = await t.database.db.selectFrom('articles').select('slug').where('id', '=', original).executeTakeFirstOrThrow();
    const changed = editorForm({
      title: 'Dublin rent strike spreads',
      slug: originalSlug,
      bodyMarkdown: 'Tenants in five estates withhold rent.',
      sections: ['dublin'],
      credits: 'Kevin McLoughlin',
      version: formVersion((await editor.get(`/admin/articles/${original}/edit`)).body),
    });
    expect((await editor.post(`/admin/articles/${original}/edit`, changed)).statusCode).toBe(303);
    expect((await editor.post(`/admin/articles/${original}/update`, { note: 'Two more estates joined.' })).statusCode).toBe(303);

    // An editor, who may open the original, sees what changed.
    const forEditor = page((await editor.get(`/admin/articles/${spanish}/edit`)).body).first('section.translation-behind');
    expect(forEditor.texts('.diff-removed del')).toContain('Tenants in three estates withhold rent.');

    // Cork's section editor may edit the translation but not open Dublin's original.
    const cork = await signInAs(t, corkAccount);
    expect((await cork.get(`/admin/articles/${original}/edit`)).statusCode).toBe(404);
    const edit = await cork.get(`/admin/articles/${spanish}/edit`);
    expect(edit.statusCode).toBe(200);
    const behind = page(edit.body).first('section.translation-behind');
    expect(behind.text('h3')).toBe('Behind the original');
    expect(behind.text('p')).toBe('The original was updated on 2 March 2026. Read the original.');
    expect(behind.links('p a')).toEqual([{ text: 'Read the original', href: `/articles/${originalSlug}` }]);
    expect(behind.all('.translation-diff')).toEqual([]);
    for (const text of ['Tenants in three estates withhold rent.', 'Tenants in five estates withhold rent.']) expect(edit.body).not.toContain(text);
  });
});
