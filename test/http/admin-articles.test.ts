import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { createThroughForm, editorForm, formVersion } from '../support/articles.js';
import { testClock } from '../support/clock.js';
import { page } from '../support/html.js';
import { Client, createStaff, signInAs } from '../support/staff.js';

// What must never come out of rendered Markdown: a script, an image with a handler, a javascript: link.
const HOSTILE = /<script|<img|<[^>]*\son[a-z]+=|href="javascript:/i;

/** The article list as its reader sees it: the count, the titles listed, each row's cells, which page. */
async function articleList(client: Client, url: string) {
  const doc = page((await client.get(url)).body);
  const rows = doc.first('main').all('table.admin-table tbody tr');
  return {
    count: doc.text('p.count'),
    titles: rows.map((r) => r.text('th a')),
    editLinks: rows.map((r) => r.first('th a').attr('href')),
    /** Title, status, type, sections, language, owner, changed. */
    rows: rows.map((r) => r.texts('th, td')),
    empty: doc.first('main').texts('p').includes('No article matches.'),
    pagination: doc.has('nav.pagination') ? doc.text('nav.pagination span') : null,
  };
}

/** The changes a revisions page (or a conflict) shows, per field: its lines as "Added: …", "Removed: …", "Same: …". */
function changes(html: string): Record<string, string[]> {
  return Object.fromEntries(
    page(html)
      .all('section.diff-field')
      .map((field) => [field.text('h2, h3'), field.texts('ul.diff li')]),
  );
}

describe.each(DATABASES)('http (%s): the article editor', (kind) => {
  let t: TestApp;
  let editor: Client;
  let otherEditor: Client;
  let author: Client;
  let otherAuthor: Client;
  let sectionEditor: Client;
  const clock = testClock();
  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    [editor, otherEditor, author, otherAuthor, sectionEditor] = await Promise.all([
      createStaff(t, 'editor', { name: 'Eve Editor' }).then((a) => signInAs(t, a)),
      createStaff(t, 'editor', { name: 'Ed Other' }).then((a) => signInAs(t, a)),
      createStaff(t, 'author', { name: 'Ann Author' }).then((a) => signInAs(t, a)),
      createStaff(t, 'author').then((a) => signInAs(t, a)),
      createStaff(t, 'section_editor', { sections: ['socialist-party-ireland'] }).then((a) => signInAs(t, a)),
    ]);
  });
  afterAll(async () => t?.close());

  const article = (id: number) => t.database.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('lists articles with filters, paginated, searching titles without regard to case or accents', async () => {
    expect((await editor.get('/admin/articles')).statusCode).toBe(200);
    const all = await articleList(editor, '/admin/articles');
    expect(all.pagination).toMatch(/^Page 1 of [3-9]$/);
    expect((await articleList(editor, '/admin/articles?q=brutality')).titles).toEqual(['Stop state brutality in Kazakhstan!']);
    expect((await articleList(editor, '/admin/articles?page=2')).pagination).toMatch(/^Page 2 of /);
    expect((await editor.get('/admin/articles?page=zero')).statusCode).toBe(400);

    const analysis = await articleList(editor, '/admin/articles?type=analysis&status=published');
    expect(analysis.rows.length).toBeGreaterThan(0);
    for (const [, status, type] of analysis.rows) expect([status, type]).toEqual(['Published', 'Analysis']);
    expect((await articleList(editor, '/admin/articles?type=analysis&q=depression')).titles).toEqual(['A way out of depression?']);
    expect(await articleList(editor, '/admin/articles?type=news&q=depression')).toMatchObject({ titles: [], empty: true });
    expect((await articleList(editor, '/admin/articles?country=kz')).titles).toContain('Stop state brutality in Kazakhstan!');
    expect(await articleList(editor, '/admin/articles?country=kz&q=depression')).toMatchObject({ titles: [], empty: true });
    expect((await articleList(editor, '/admin/articles?q=KAZAKHSTAN')).titles).toEqual(['Stop state brutality in Kazakhstan!']);

    const id = await createThroughForm(editor, {
      title: 'Rättvisepartiet Socialisterna wins seats',
      countries: 'SE',
      sections: [],
      credits: 'Per Olsson',
      language: 'sv',
    });
    expect(await articleList(editor, '/admin/articles?q=rattvisepartiet')).toMatchObject({ count: '1 article', editLinks: [`/admin/articles/${id}/edit`] });
    expect((await articleList(editor, '/admin/articles?q=r%C3%84TTVISE&status=draft&language=sv')).editLinks).toEqual([`/admin/articles/${id}/edit`]);
    expect(await articleList(editor, '/admin/articles?q=rattvisepartiet&status=published')).toMatchObject({ titles: [], empty: true });
    expect((await editor.get('/admin/articles?q=%5B*%3F%25_')).statusCode).toBe(200);
  });

  it('filters by section, contributor and owner', async () => {
    const id = await createThroughForm(editor, { title: 'Cork bin workers win', credits: 'Mick Barry | socialist-party-ireland | TD' });
    expect((await articleList(editor, '/admin/articles?section=socialist-party-ireland')).titles).toContain('Cork bin workers win');
    expect((await articleList(editor, '/admin/articles?section=xekinima')).titles).not.toContain('Cork bin workers win');
    const contributor = await t.database.db.selectFrom('contributors').select('id').where('name', '=', 'Mick Barry').executeTakeFirstOrThrow();
    expect(await articleList(editor, `/admin/articles?contributor=${contributor.id}`)).toMatchObject({
      count: '1 article',
      editLinks: [`/admin/articles/${id}/edit`],
    });
    const owner = (await article(id)).owner_id;
    expect((await articleList(editor, `/admin/articles?owner=${owner}`)).titles).toContain('Cork bin workers win');
  });

  it('shows authors only their own articles, section editors only their sections, others 404', async () => {
    const mine = await createThroughForm(author, { title: 'An author’s own draft' });
    const ireland = await createThroughForm(editor, { title: 'Irish housing crisis deepens' });
    const england = await createThroughForm(editor, {
      title: 'Tower Hamlets council cuts',
      countries: 'GB',
      sections: ['socialist-party-england-wales'],
      credits: 'Hugo Pierre | socialist-party-england-wales',
    });

    expect(await articleList(author, '/admin/articles')).toMatchObject({ count: '1 article', titles: ['An author’s own draft'] });
    expect((await articleList(otherAuthor, '/admin/articles')).titles).not.toContain('An author’s own draft');
    expect((await otherAuthor.get(`/admin/articles/${mine}/edit`)).statusCode).toBe(404);
    expect((await otherAuthor.post(`/admin/articles/${mine}/edit`, editorForm({ version: '1' }))).statusCode).toBe(404);

    expect((await articleList(sectionEditor, '/admin/articles?q=irish+housing+crisis')).titles).toEqual(['Irish housing crisis deepens']);
    expect(await articleList(sectionEditor, '/admin/articles?q=tower')).toMatchObject({ titles: [], empty: true });
    expect((await sectionEditor.get(`/admin/articles/${ireland}/edit`)).statusCode).toBe(200);
    expect((await sectionEditor.get(`/admin/articles/${england}/edit`)).statusCode).toBe(404);
    expect((await sectionEditor.get(`/admin/articles/${england}/revisions`)).statusCode).toBe(404);
    expect((await editor.get('/admin/articles/999999/edit')).statusCode).toBe(404);
    expect((await editor.get('/admin/articles/abc/edit')).statusCode).toBe(404);

    const coordinator = await signInAs(t, await createStaff(t, 'coordinator'));
    expect((await coordinator.get('/admin/articles')).statusCode).toBe(403);
  });

  it('creates a draft from the form with a slug made from the title, owned by its author, as revision 1', async () => {
    const res = await author.get('/admin/articles/new');
    expect(res.statusCode).toBe(200);
    const form = page(res.body).first('form.article-form');
    for (const field of [
      'title',
      'slug',
      'language',
      'type',
      'standfirst',
      'bodyMarkdown',
      'kickerOverride',
      'countries',
      'topics',
      'credits',
      'collective',
      'collectiveSection',
      'publication',
      'provenanceNote',
      'provenanceUrl',
      'imageId',
      'imageCaption',
      'imageCredit',
      'featured',
      'campaignId',
    ]) {
      expect(() => form.field(field), field).not.toThrow();
    }
    // The media library's images are offered with their alt text; the campaigns by title.
    expect(form.field('imageId').element.texts('option')).toContainEqual(
      expect.stringMatching(/^Illustration standing in for the photograph: protesters with placards outside a hotel — /),
    );
    expect(form.field('campaignId').element.texts('option')).toContainEqual(expect.stringMatching(/^#\d+ .*Kazakhstan/));

    const id = await createThroughForm(author, {
      title: 'Striking Luas drivers speak out',
      credits: 'Aoife Ní Bhriain | socialist-party-ireland | driver\nJoe Higgins',
      collective: 'Socialist Party reporters',
    });
    const row = await article(id);
    expect(row).toMatchObject({ status: 'draft', slug: 'striking-luas-drivers-speak-out', version: 1, byline_collective: 'Socialist Party reporters' });
    const edit = page((await author.get(`/admin/articles/${id}/edit`)).body);
    expect(edit.field('title').value).toBe('Striking Luas drivers speak out');
    expect(edit.field('credits').value).toBe('Aoife Ní Bhriain | socialist-party-ireland | driver\nJoe Higgins');
    expect(edit.text('main')).toContain('Version 1,');
    expect(edit.field('version').value).toBe('1');
    const contributor = await t.database.db.selectFrom('contributors').select('slug').where('name', '=', 'Aoife Ní Bhriain').executeTakeFirst();
    expect(contributor?.slug).toBe('aoife-ní-bhriain');
  });

  it('answers an invalid form with 422, each message beside its field and the text as typed', async () => {
    const before = await t.database.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await editor.post(
      '/admin/articles/new',
      editorForm({
        title: '',
        language: 'English',
        countries: 'IE, XX',
        standfirst: 'Kept <as> typed & all',
        bodyMarkdown: 'Line one\n\n<b>raw & kept</b>',
        credits: 'Someone | no-such-section',
        imageId: 'abc',
      }),
    );
    expect(res.statusCode).toBe(422);
    const form = page(res.body).first('form.article-form');
    expect(form.field('title')).toMatchObject({ value: '', error: 'A title is required.', invalid: true });
    expect(form.field('countries')).toMatchObject({ value: 'IE, XX', error: '"XX" is not an ISO 3166-1 country code.', invalid: true });
    expect(form.field('language')).toMatchObject({ value: 'English', error: expect.any(String) });
    expect(form.errorFor('imageId')).toEqual(expect.any(String));
    expect(form.field('standfirst').value).toBe('Kept <as> typed & all');
    expect(form.field('bodyMarkdown').value).toBe('Line one\n\n<b>raw & kept</b>');
    expect(form.field('credits').value).toBe('Someone | no-such-section');
    const after = await t.database.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    const unknownSection = await editor.post(
      '/admin/articles/new',
      editorForm({ title: 'A credit with an unknown section', credits: 'Someone | no-such-section' }),
    );
    expect(unknownSection.statusCode).toBe(422);
    expect(page(unknownSection.body).errorFor('credits')).toMatch(/^There is no section "no-such-section"/);
  });

  it('offers a section editor only their sections and refuses another', async () => {
    const offered = page((await sectionEditor.get('/admin/articles/new')).body).all('input[name=sections]');
    expect(offered.map((box) => box.attr('value'))).toEqual(['socialist-party-ireland']);
    const res = await sectionEditor.post('/admin/articles/new', editorForm({ title: 'Filed elsewhere', sections: ['socialist-party-england-wales'] }));
    expect(res.statusCode).toBe(422);
    expect(page(res.body).errorFor('sections')).toBe('You can file articles only under your own sections.');
  });

  it('suggests the kicker from the primary country', async () => {
    const id = await createThroughForm(editor, { title: 'Oil workers still on trial', countries: 'KZ, RU', sections: [], credits: 'CWI reporter' });
    expect(page((await editor.get(`/admin/articles/${id}/edit`)).body).text('#kickerOverride-hint')).toBe(
      'Leave empty to use the suggested kicker: Kazakhstan.',
    );
  });

  it('previews the body without saving and without script, sanitising hostile Markdown', async () => {
    const hostile = '## Heading\n\n<script>alert(1)</script>\n\n[click](javascript:alert(2)) <img src=x onerror=alert(3)>\n\n*fine*';
    const id = await createThroughForm(editor, { title: 'A body to preview' });
    const edit = await editor.get(`/admin/articles/${id}/edit`);
    const res = await editor.post(
      `/admin/articles/${id}/edit`,
      editorForm({ title: 'A body to preview', bodyMarkdown: hostile, intent: 'preview', version: formVersion(edit.body) }),
    );
    expect(res.statusCode).toBe(200);
    const preview = page(res.body).first('#live-preview');
    expect(preview.text('h2')).toBe('Heading');
    expect(preview.text('em')).toBe('fine');
    expect(preview.html).not.toMatch(HOSTILE);
    expect(page(res.body).field('bodyMarkdown').value).toBe(hostile);
    expect(res.body).not.toContain('<script>alert');
    expect((await article(id)).body_md).toBe('First paragraph.\n\nSecond paragraph.');
    expect((await article(id)).version).toBe(1);

    const live = await editor.post('/admin/articles/preview', { bodyMarkdown: hostile });
    expect(live.statusCode).toBe(200);
    expect(live.headers['cache-control']).toBe('no-store');
    expect(page(live.body).text('h2')).toBe('Heading');
    expect(live.body).not.toMatch(HOSTILE);
    expect(live.body).toContain('&lt;script&gt;');
    expect((await editor.post('/admin/articles/preview', { bodyMarkdown: 'x' }, { csrf: false })).statusCode).toBe(403);
    expect((await new Client(t).post('/admin/articles/preview', { bodyMarkdown: 'x' })).statusCode).toBe(401);
  });

  it('adds the live-preview script from its own origin, and the form works without it', async () => {
    const res = await editor.get('/admin/articles/new');
    const doc = page(res.body);
    const src = doc.first('script[type=module][src]').attr('src');
    expect(src).toMatch(/^\/assets\/editor\.[A-Za-z0-9_-]{10}\.js$/);
    const script = await editor.get(src!);
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toContain('dataset.endpoint');
    expect(doc.first('#live-preview').attr('data-endpoint')).toBe('/admin/articles/preview');
    expect(doc.first('form.article-form button[type=submit][name=intent][value=preview]').text()).toBe('Preview');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses a save made against an older version with 409, keeping both texts', async () => {
    const id = await createThroughForm(editor, { title: 'Two editors, one article', bodyMarkdown: 'The original text.' });
    const mine = await editor.get(`/admin/articles/${id}/edit`);
    const theirs = await otherEditor.get(`/admin/articles/${id}/edit`);
    const first = await otherEditor.post(
      `/admin/articles/${id}/edit`,
      editorForm({ title: 'Two editors, one article', bodyMarkdown: 'Their careful rewrite.', version: formVersion(theirs.body) }),
    );
    expect(first.statusCode).toBe(303);

    const clash = await editor.post(
      `/admin/articles/${id}/edit`,
      editorForm({ title: 'Two editors, one article', bodyMarkdown: 'My own new paragraph.', version: formVersion(mine.body) }),
    );
    expect(clash.statusCode).toBe(409);
    const conflict = page(clash.body);
    expect(conflict.text('section.conflict h2')).toBe('Someone else saved this article while you were editing it');
    expect(conflict.first('form.article-form').field('bodyMarkdown').value).toBe('My own new paragraph.');
    expect(conflict.first('#their-body').text()).toBe('Their careful rewrite.');
    expect(Object.values(changes(clash.body))).toContainEqual(['Removed: My own new paragraph.', 'Added: Their careful rewrite.']);
    expect((await article(id)).body_md).toBe('Their careful rewrite.');

    // Saving again from the conflict page replaces their version knowingly.
    expect(formVersion(clash.body)).toBe('2');
    const again = await editor.post(
      `/admin/articles/${id}/edit`,
      editorForm({ title: 'Two editors, one article', bodyMarkdown: 'My own new paragraph.', version: formVersion(clash.body) }),
    );
    expect(again.statusCode).toBe(303);
    expect(await article(id)).toMatchObject({ body_md: 'My own new paragraph.', version: 3 });
  });

  it('lets exactly one of two simultaneous saves of the same version win', async () => {
    const id = await createThroughForm(editor, { title: 'A race between two saves' });
    const version = formVersion((await editor.get(`/admin/articles/${id}/edit`)).body);
    const [a, b] = await Promise.all([
      editor.post(`/admin/articles/${id}/edit`, editorForm({ title: 'A race between two saves', bodyMarkdown: 'Text A.', version })),
      otherEditor.post(`/admin/articles/${id}/edit`, editorForm({ title: 'A race between two saves', bodyMarkdown: 'Text B.', version })),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([303, 409]);
    const winner = a.statusCode === 303 ? 'Text A.' : 'Text B.';
    expect(await article(id)).toMatchObject({ body_md: winner, version: 2 });
    const revisions = await t.database.db.selectFrom('article_revisions').select('version').where('article_id', '=', id).orderBy('version').execute();
    expect(revisions.map((r) => r.version)).toEqual([1, 2]);
  });

  it('keeps a revision per save, shows the difference between any two, and restores one as a new revision', async () => {
    const id = await createThroughForm(editor, { title: 'Revisions in practice', bodyMarkdown: 'Alpha.\n\nBeta.\n\nGamma.' });
    let edit = await editor.get(`/admin/articles/${id}/edit`);
    await editor.post(
      `/admin/articles/${id}/edit`,
      editorForm({ title: 'Revisions in practice', bodyMarkdown: 'Alpha.\n\nBeta, rewritten.\n\nGamma.', version: formVersion(edit.body) }),
    );
    edit = await editor.get(`/admin/articles/${id}/edit`);
    await editor.post(
      `/admin/articles/${id}/edit`,
      editorForm({
        title: 'Revisions, in practice',
        bodyMarkdown: 'Alpha.\n\nBeta, rewritten.\n\nGamma.\n\nDelta.',
        countries: 'IE, GB',
        version: formVersion(edit.body),
      }),
    );

    edit = await editor.get(`/admin/articles/${id}/edit?notice=saved`);
    const saved = page(edit.body);
    expect(saved.text('p.notice[role=status]')).toBe('Saved as a new revision.');
    expect(saved.text('main')).toMatch(/Version 3, .*by Eve Editor/);
    expect(saved.all('a').map((a) => a.attr('href'))).toContain(`/admin/articles/${id}/revisions?from=2&to=3`);

    const diff = await editor.get(`/admin/articles/${id}/revisions?from=1&to=3`);
    expect(diff.statusCode).toBe(200);
    const changed = changes(diff.body);
    expect(Object.keys(changed)).not.toContain('Standfirst');
    expect(changed.Title).toEqual(['Removed: Revisions in practice', 'Added: Revisions, in practice']);
    expect(changed.Countries).toBeDefined();
    expect(Object.values(changed)).toContainEqual(expect.arrayContaining(['Same: Alpha.', 'Removed: Beta.', 'Added: Beta, rewritten.', 'Added: Delta.']));
    const backwards = await editor.get(`/admin/articles/${id}/revisions?from=3&to=1`);
    expect(Object.values(changes(backwards.body)).flat()).toContain('Removed: Delta.');
    expect((await editor.get(`/admin/articles/${id}/revisions?from=1&to=99`)).statusCode).toBe(404);

    const restored = await editor.post(`/admin/articles/${id}/revisions/1/restore`, {});
    expect(restored.statusCode).toBe(303);
    expect(await article(id)).toMatchObject({ title: 'Revisions in practice', body_md: 'Alpha.\n\nBeta.\n\nGamma.', version: 4 });
    edit = await editor.get(`/admin/articles/${id}/edit`);
    expect(page(edit.body).text('main')).toMatch(/Version 4, .*\(Restored version 1\)/);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'article-restored')
      .where('subject_id', '=', String(id))
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('lets an author change a draft only until it is submitted', async () => {
    const id = await createThroughForm(author, { title: 'Submitted and then frozen' });
    const before = await author.get(`/admin/articles/${id}/edit`);
    expect((await author.post(`/admin/articles/${id}/submit`, {})).statusCode).toBe(303);
    const frozen = page((await author.get(`/admin/articles/${id}/edit`)).body);
    expect(frozen.texts('p.notice')).toContain('This article has been submitted for review; only an editor can change it now.');
    expect(frozen.first('form.article-form > fieldset').attr('disabled')).toBeDefined();
    expect(frozen.first('form.article-form').formValues()).toEqual({ _csrf: [expect.any(String)], version: [expect.any(String)] });
    const refused = await author.post(`/admin/articles/${id}/edit`, editorForm({ title: 'Changed after submission', version: formVersion(before.body) }));
    expect(refused.statusCode).toBe(403);
    expect((await article(id)).title).toBe('Submitted and then frozen');
  });

  it('serves valid HTML with headings in order on every page of the editor', async () => {
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: {
        'void-style': 'off',
        'no-trailing-whitespace': 'off',
        'attribute-boolean-style': 'off',
        'long-title': 'off',
        // Checkboxes sharing a name are how HTML sends a list (the article's sections).
        'form-dup-name': ['error', { shared: ['radio', 'button', 'reset', 'submit', 'checkbox'] }],
      },
    });
    const id = await createThroughForm(editor, { title: 'Valid pages throughout', bodyMarkdown: 'One.\n\nTwo.' });
    const edit = await editor.get(`/admin/articles/${id}/edit`);
    await editor.post(
      `/admin/articles/${id}/edit`,
      editorForm({ title: 'Valid pages throughout', bodyMarkdown: 'One.\n\nThree.', version: formVersion(edit.body) }),
    );
    const pages = {
      list: await editor.get('/admin/articles?status=draft'),
      new: await editor.get('/admin/articles/new'),
      invalid: await editor.post('/admin/articles/new', editorForm({ title: '', countries: 'XX' })),
      preview: await editor.post(`/admin/articles/${id}/edit`, editorForm({ intent: 'preview', bodyMarkdown: '# Big\n\ntext' })),
      conflict: await editor.post(`/admin/articles/${id}/edit`, editorForm({ title: 'Valid pages throughout', version: formVersion(edit.body) })),
      edit: await editor.get(`/admin/articles/${id}/edit?notice=saved`),
      links: await editor.post(`/admin/articles/${id}/preview-links`, { days: '3' }),
      diff: await editor.get(`/admin/articles/${id}/revisions?from=1&to=2`),
    };
    expect(pages.conflict.statusCode).toBe(409);
    const problems: string[] = [];
    for (const [name, res] of Object.entries(pages)) {
      const report = await validator.validateString(res.body);
      problems.push(...report.results.flatMap((r) => r.messages.map((m) => `${name}: ${m.ruleId}: ${m.message}`)));
    }
    expect(problems).toEqual([]);
    for (const [name, res] of Object.entries(pages)) {
      const levels = page(res.body)
        .all('h1, h2, h3, h4, h5, h6')
        .map((h) => Number(h.tag.slice(1)));
      expect(levels[0], name).toBe(1);
      for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, `${name} heading jump`).toBeLessThanOrEqual(1);
    }
  });
});
