import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createArticle } from '../../src/services/articles/create-article.js';
import { saveArticle } from '../../src/services/articles/save-article.js';
import { uploadImage } from '../../src/services/media/upload-image.js';
import { applyWorkflow } from '../../src/services/articles/workflow.js';
import { loadSnapshot } from '../../src/store/articles/article-admin.store.js';
import { articleInput } from '../support/articles.js';
import { DATABASES } from '../support/databases.js';
import { draftInSection, sectionWithEditor, startListeningPlacard, type ListeningPlacard } from '../support/federation.js';
import { page } from '../support/html.js';
import { createStaff, signInAs, type Client } from '../support/staff.js';

/*
 * Syndication between two Placards on loopback (real HTTP, real signatures): B follows
 * A's section from its admin, A publishes, B republishes by hand and by rule, A's update
 * and withdrawal reach B's copies.
 */
describe.each(DATABASES)('two Placards syndicating (%s)', (kind) => {
  let a: ListeningPlacard;
  let b: ListeningPlacard;
  let editorB: Client;
  let swedenId = 0;
  let norwayId = 0;
  let aEditor: Awaited<ReturnType<typeof sectionWithEditor>>['editor'];
  let firstOnA = 0;
  let firstCopy = { id: 0, slug: '' };

  const adminPage = async () => {
    const res = await editorB.get('/admin/syndication');
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  const itemRow = (html: string, title: string) =>
    page(html)
      .all('table.syndicated-items tbody tr')
      .find((row) => row.text().includes(title));
  const aDeps = () => ({ db: a.t.database.db, clock: a.t.actions.clock, changes: a.t.changes });
  const publishOnA = async (title: string, withImage = false) => {
    const id = withImage ? await draftWithImage(title) : await draftInSection(a.t, 'ireland', title);
    await applyWorkflow(aDeps(), aEditor, id, { action: 'publish' });
    await a.t.placard.jobs.federation.runOnce();
    return id;
  };
  const draftWithImage = async (title: string) => {
    const bytes = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    const mediaId = await uploadImage(
      { db: a.t.database.db, media: a.t.placard.media, clock: a.t.actions.clock },
      { bytes, fileName: 'nurses.png', alt: 'Nurses on the picket line', uploaderId: null },
    );
    const input = articleInput({ title, status: 'draft', sectionSlugs: ['ireland'], image: { mediaId, caption: null, credit: null } });
    return (await createArticle({ db: a.t.database.db, changes: a.t.changes }, input)).id;
  };
  const slugOnA = async (id: number) => (await a.t.database.db.selectFrom('articles').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
  const copyOf = async (title: string) => b.t.database.db.selectFrom('articles').select(['id', 'slug', 'status']).where('title', '=', title).executeTakeFirst();

  beforeAll(async () => {
    [a, b] = await Promise.all([startListeningPlacard(kind), startListeningPlacard(kind)]);
    aEditor = (await sectionWithEditor(a.t, 'ireland')).editor;
    swedenId = (await sectionWithEditor(b.t, 'sweden')).sectionId;
    norwayId = (await sectionWithEditor(b.t, 'norway')).sectionId;
    editorB = await signInAs(b.t, await createStaff(b.t, 'editor'));
  });
  afterAll(async () => {
    await Promise.all([a?.t.close(), b?.t.close()]);
  });

  it('refuses a malformed handle and one that finds nobody, keeping what was typed', async () => {
    const bad = await editorB.post('/admin/syndication/follow', { address: 'ireland at the other site' });
    expect(bad.statusCode).toBe(422);
    expect(page(bad.body).field('address').value).toBe('ireland at the other site');
    expect(page(bad.body).errorFor('address')).toContain('neither a handle such as @kazakhstan@news.example.org');

    const nobody = await editorB.post('/admin/syndication/follow', { address: `@nobody@${a.host}` });
    expect(nobody.statusCode).toBe(422);
    expect(page(nobody.body).field('address').value).toBe(`@nobody@${a.host}`);
    expect(page(nobody.body).errorFor('address')).toBe(`No site or section answers to @nobody@${a.host}.`);
    expect(await b.t.database.db.selectFrom('syndication_sources').select('id').execute()).toEqual([]);
  });

  it('follows the other site’s section by its page’s address; the source is listed, then accepted', async () => {
    const res = await editorB.post('/admin/syndication/follow', { address: `${a.origin}/sections/ireland` });
    expect(res.statusCode, res.body.slice(0, 400)).toBe(303);
    const html = await adminPage();
    expect(page(html).text('ul.sources h3')).toContain('Socialist Party Ireland');
    expect(page(html).text('ul.sources h3')).toContain(`@ireland@${a.host}`);
    // Each side's worker starts delivering as soon as it finds something queued.
    const nudge = async () => {
      await Promise.all([a.t.placard.jobs.federation.runOnce(), b.t.placard.jobs.federation.runOnce()]);
      return page(await adminPage()).text('.source-state');
    };
    await expect.poll(nudge, { timeout: 15_000 }).toBe('Following: accepted');
  });

  it('lists what the source publishes, and republishes it by hand once, naming and linking the source as the original', async () => {
    firstOnA = await publishOnA('Dublin dockers strike');
    const title = 'Ireland: Dublin dockers strike';
    await expect.poll(async () => itemRow(await adminPage(), title)?.text() ?? '', { timeout: 15_000 }).toContain('Socialist Party Ireland');
    const row = itemRow(await adminPage(), title)!;
    expect(row.text()).toContain('English');
    const action = row.first('form').attr('action')!;

    // A section editor republishes only into their own sections.
    const swedish = await signInAs(b.t, await createStaff(b.t, 'section_editor', { sections: ['sweden'] }));
    const offered = page((await swedish.get('/admin/syndication')).body);
    expect(offered.all(`select#section-${action.split('/')[4]} option`).map((o) => o.attr('value'))).toEqual([String(swedenId)]);
    const refused = await swedish.post(action, { section: String(norwayId), status: 'published' });
    expect(refused.statusCode).toBe(422);
    expect(itemRow(refused.body, title)!.text()).toContain('Choose a section you may publish in.');
    expect(await copyOf(title)).toBeUndefined();

    const done = await editorB.post(action, { section: String(swedenId), status: 'published' });
    expect(done.statusCode).toBe(303);
    const copy = await copyOf(title);
    expect(copy?.status).toBe('published');
    firstCopy = { id: copy!.id, slug: copy!.slug };
    expect(done.headers.location).toBe(`/admin/articles/${copy!.id}/edit`);
    expect(itemRow(await adminPage(), title)!.text()).toContain('Republished');

    const again = await editorB.post(action, { section: String(swedenId), status: 'published' });
    expect(again.statusCode).toBe(409);
    expect(await b.t.database.db.selectFrom('articles').select('id').where('title', '=', title).execute()).toHaveLength(1);

    const source = `${a.origin}/articles/${await slugOnA(firstOnA)}`;
    const res = await b.t.app.inject({ method: 'GET', url: `/articles/${firstCopy.slug}` });
    expect(res.statusCode).toBe(200);
    const p = page(res.body);
    expect(p.first('link[rel=canonical]').attr('href')).toBe(source);
    expect(p.first('meta[property="og:url"]').attr('content')).toBe(source);
    expect(res.body).toContain(`"isBasedOn":{"@type":"CreativeWork","url":"${source}"`);
    expect(p.links().find((l) => l.href === source)?.text).toBe('First published in Socialist Party Ireland');
    expect(p.first('article').html).toContain('<strong>dawn</strong>');
    expect(p.text('article')).toContain('Socialist Party Ireland');
    // No account or contributor was made from outside.
    expect(await b.t.database.db.selectFrom('contributors').select('id').execute()).toEqual([]);
  });

  it('republishes every new article in the rule’s language into its section', async () => {
    const rule = await editorB.post(
      page(await adminPage())
        .first('ul.sources form')
        .attr('action')!,
      { language: 'en', section: String(swedenId), status: 'published' },
    );
    expect(rule.statusCode).toBe(303);
    const badRule = await editorB.post(
      page(await adminPage())
        .first('ul.sources form')
        .attr('action')!,
      {
        language: 'English please',
        section: String(swedenId),
        status: 'published',
      },
    );
    expect(badRule.statusCode).toBe(422);
    expect(page(badRule.body).text('ul.sources [role=alert]')).toContain('language tag');

    await publishOnA('Cork nurses strike', true);
    await expect.poll(async () => (await copyOf('Ireland: Cork nurses strike'))?.status ?? null, { timeout: 15_000 }).toBe('published');
    const copy = (await copyOf('Ireland: Cork nurses strike'))!;
    const res = await b.t.app.inject({ method: 'GET', url: `/articles/${copy.slug}` });
    expect(res.statusCode).toBe(200);
    expect(page(res.body).text('h1')).toContain('Cork nurses strike');
    // Its lead image was copied into this site's media library: readers load nothing from the source.
    const images = page(res.body).all('article img');
    expect(images.map((img) => img.attr('alt'))).toContain('Nurses on the picket line');
    expect(images.every((img) => (img.attr('src') ?? '').startsWith('/media/'))).toBe(true);
    expect(res.body).not.toContain(`src="${a.origin}`);
    expect(itemRow(await adminPage(), 'Cork nurses strike')!.text()).not.toContain('could not be copied');
  });

  it('carries an update at the source to the copy, with its public note, and withdraws the copy when the source does', async () => {
    const db = a.t.database.db;
    const snapshot = await loadSnapshot(db, firstOnA);
    const { version } = await db.selectFrom('articles').select('version').where('id', '=', firstOnA).executeTakeFirstOrThrow();
    await saveArticle(
      { ...aDeps(), markdown: a.t.placard.markdown },
      aEditor,
      { id: firstOnA, baseVersion: version },
      { ...snapshot, title: 'Dublin dockers win', bodyMarkdown: 'The dockers **won** after a week.', standfirst: 'A week on strike.' },
    );
    await applyWorkflow(aDeps(), aEditor, firstOnA, { action: 'update', note: 'The strike ended in victory.' });
    await a.t.placard.jobs.federation.runOnce();

    const copyPage = () => b.t.app.inject({ method: 'GET', url: `/articles/${firstCopy.slug}` });
    await expect.poll(async () => page((await copyPage()).body).text('h1'), { timeout: 15_000 }).toContain('Dublin dockers win');
    const updated = page((await copyPage()).body);
    expect(updated.first('article').html).toContain('<strong>won</strong>');
    expect(updated.text('article')).toContain('A week on strike.');
    expect(updated.text('article')).toContain('The strike ended in victory.');
    const search = page((await b.t.app.inject({ method: 'GET', url: '/search?q=won%20week' })).body);
    expect(search.texts('main ol.search-results li h3')).toEqual([expect.stringContaining('Dublin dockers win')]);

    await applyWorkflow(aDeps(), aEditor, firstOnA, { action: 'withdraw', note: 'Published by mistake.' });
    await a.t.placard.jobs.federation.runOnce();
    await expect.poll(async () => (await copyPage()).statusCode, { timeout: 15_000 }).toBe(410);
    expect(itemRow(await adminPage(), 'Dublin dockers win')!.text()).toContain('Copy withdrawn');
  });

  it('stops following: the source forgets the site as a follower', async () => {
    const res = await editorB.post(
      page(await adminPage())
        .all('ul.sources form')[1]!
        .attr('action')!,
      {},
    );
    expect(res.statusCode).toBe(303);
    expect(page(await adminPage()).text('main')).toContain('The site follows no other site yet.');
    const sectionActor = `${a.origin}/ap/actors/${(await a.t.database.db.selectFrom('sections').select('id').where('slug', '=', 'ireland').executeTakeFirstOrThrow()).id}`;
    await expect
      .poll(
        async () => {
          const res = await fetch(`${sectionActor}/followers`, { headers: { accept: 'application/activity+json' } });
          return ((await res.json()) as { totalItems: number }).totalItems;
        },
        { timeout: 15_000 },
      )
      .toBe(0);
  });
});
