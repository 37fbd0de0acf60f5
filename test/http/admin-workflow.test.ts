import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../src/cli/compose.js';
import { createScheduledPublishing } from '../../src/jobs/scheduled-publishing.js';
import { tokenHash } from '../../src/services/accounts/tokens.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { createThroughForm, editorForm, formVersion } from '../support/articles.js';
import { testClock } from '../support/clock.js';
import { page } from '../support/html.js';
import { type Client, createStaff, signInAs, type StaffAccount } from '../support/staff.js';

describe.each(DATABASES)('http (%s): workflow, scheduled publishing, preview links', (kind) => {
  let t: TestApp;
  let editor: Client;
  let author: Client;
  let sectionEditor: Client;
  const clock = testClock('2026-03-01T09:00:00.000Z');
  let accounts: [StaffAccount, StaffAccount, StaffAccount];
  const signInAll = async () => {
    [editor, author, sectionEditor] = await Promise.all([signInAs(t, accounts[0]), signInAs(t, accounts[1]), signInAs(t, accounts[2])]);
  };
  /** Moves the clock; sessions end after 30 idle minutes, so everyone signs in again. */
  const passTime = async (minutes: number) => {
    clock.advance(minutes);
    await signInAll();
  };
  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    accounts = await Promise.all([
      createStaff(t, 'editor', { name: 'Eve Editor' }),
      createStaff(t, 'author'),
      createStaff(t, 'section_editor', { sections: ['socialist-party-ireland'] }),
    ]);
    await signInAll();
  });
  afterAll(async () => t?.close());

  const article = (id: number) => t.database.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const audited = (id: number) =>
    t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label', 'summary'])
      .where('subject_type', '=', 'article')
      .where('subject_id', '=', String(id))
      .orderBy('id')
      .execute();
  const reader = (url: string) => t.app.inject({ method: 'GET', url });
  /** The article teasers a public page lists: title and link, and whether it is marked updated. */
  const listed = async (url: string) =>
    page((await reader(url)).body)
      .all('main .teaser-title, main .lead-title')
      .map((title) => ({ title: title.text('a'), href: title.first('a').attr('href'), updated: title.has('.updated-mark') }));
  const titlesOn = async (url: string) => (await listed(url)).map((teaser) => teaser.title);
  /** The editor page's workflow panel: the status line, the steps offered (their buttons), and its message. */
  const workflowOf = async (client: Client, id: number) => {
    const panel = page((await client.get(`/admin/articles/${id}/edit`)).body).first('section.workflow');
    return { status: panel.text('p.workflow-status'), steps: panel.texts('form.workflow-action button'), panel };
  };

  it('lets an author submit a draft for review but never publish it', async () => {
    const id = await createThroughForm(author, { title: 'An author submits' });
    const { steps } = await workflowOf(author, id);
    expect(steps).toContain('Submit for review');
    expect(steps).not.toContain('Publish now');
    expect((await author.post(`/admin/articles/${id}/publish`, {})).statusCode).toBe(403);
    expect((await author.post(`/admin/articles/${id}/submit`, {})).statusCode).toBe(303);
    expect((await article(id)).status).toBe('in_review');
    expect((await author.post(`/admin/articles/${id}/submit`, {})).statusCode).toBe(409);

    const review = await workflowOf(editor, id);
    expect(review.panel.text('p.workflow-status strong.status')).toBe('In review');
    expect(review.steps).toContain('Publish now');
    expect((await editor.post(`/admin/articles/${id}/return`, {})).statusCode).toBe(303);
    expect((await article(id)).status).toBe('draft');
  });

  it('lets a section editor publish only for their own sections', async () => {
    const own = await createThroughForm(editor, { title: 'Limerick hospital campaign wins' });
    const shared = await createThroughForm(editor, {
      title: 'Joint statement on austerity',
      sections: ['socialist-party-ireland', 'socialist-party-england-wales'],
    });
    const other = await createThroughForm(editor, {
      title: 'Leeds bin strike',
      countries: 'GB',
      sections: ['socialist-party-england-wales'],
      credits: 'Iain Dalton | socialist-party-england-wales',
    });

    expect((await sectionEditor.post(`/admin/articles/${own}/publish`, {})).statusCode).toBe(303);
    expect((await article(own)).status).toBe('published');
    expect((await workflowOf(sectionEditor, own)).status).toMatch(/^Status: Published /);
    expect((await workflowOf(sectionEditor, shared)).steps).not.toContain('Publish now');
    expect((await sectionEditor.post(`/admin/articles/${shared}/publish`, {})).statusCode).toBe(403);
    expect((await sectionEditor.post(`/admin/articles/${other}/publish`, {})).statusCode).toBe(404);
    expect((await article(shared)).status).toBe('draft');
    expect((await article(other)).status).toBe('draft');
  });

  it('publishes to the front page at once, then marks a public update “[updated]”, all audited', async () => {
    expect((await reader('/')).statusCode).toBe(200); // now cached
    const id = await createThroughForm(editor, { title: 'Dublin bus drivers ballot for action', topics: 'Transport' });
    const { slug } = await article(id);
    expect(await titlesOn('/')).not.toContain('Dublin bus drivers ballot for action');
    expect((await reader(`/articles/${slug}`)).statusCode).toBe(404);

    expect((await editor.post(`/admin/articles/${id}/publish`, {})).statusCode).toBe(303);
    expect(await article(id)).toMatchObject({ status: 'published', published_at: clock().toISOString() });
    expect(await listed('/')).toContainEqual({ title: 'Dublin bus drivers ballot for action', href: `/articles/${slug}`, updated: false });
    expect(await titlesOn('/topics/transport')).toContain('Dublin bus drivers ballot for action');
    expect((await reader(`/articles/${slug}`)).statusCode).toBe(200);

    // Editing a published article refreshes its public pages too.
    const version = formVersion((await editor.get(`/admin/articles/${id}/edit`)).body);
    const saved = await editor.post(
      `/admin/articles/${id}/edit`,
      editorForm({ title: 'Dublin bus drivers vote for action', slug, topics: 'Transport', version }),
    );
    expect(saved.statusCode).toBe(303);
    expect(await listed('/')).toContainEqual({ title: 'Dublin bus drivers vote for action', href: `/articles/${slug}`, updated: false });
    expect(page((await reader(`/articles/${slug}`)).body).text('h1')).toBe('Dublin bus drivers vote for action');

    await passTime(90);
    const empty = await editor.post(`/admin/articles/${id}/update`, { note: '  ' });
    expect(empty.statusCode).toBe(422);
    expect(page(empty.body).first('form.action-update').errorFor('note')).toMatch(/^Say what changed/);
    expect((await editor.post(`/admin/articles/${id}/update`, { note: 'The ballot result has been added.' })).statusCode).toBe(303);
    expect((await article(id)).last_update_at).toBe(clock().toISOString());
    expect(await listed('/')).toContainEqual({ title: 'Dublin bus drivers vote for action', href: `/articles/${slug}`, updated: true });
    const updated = page((await reader(`/articles/${slug}`)).body);
    expect(updated.texts('aside.updates p')).toEqual([expect.stringMatching(/: The ballot result has been added\.$/)]);
    expect(updated.text('h1')).toBe('[updated] Dublin bus drivers vote for action');
    expect((await audited(id)).map((a) => a.action)).toEqual(['article-published', 'article-updated']);
    expect((await audited(id))[0]).toMatchObject({ actor_label: 'Eve Editor', summary: 'Published “Dublin bus drivers ballot for action”' });
    expect((await audited(id))[1]?.summary).toBe('Public update to “Dublin bus drivers vote for action”: The ballot result has been added.');
  });

  it('refuses to publish an article without a byline, saying why in the workflow panel', async () => {
    const id = await createThroughForm(editor, { title: 'Nobody wrote this', credits: '', collective: '' });
    const res = await editor.post(`/admin/articles/${id}/publish`, {});
    expect(res.statusCode).toBe(422);
    expect(page(res.body).text('section.workflow p.field-error#workflow-error')).toBe('A published article needs a contributor or a collective byline.');
    expect((await article(id)).status).toBe('draft');
  });

  it('withdraws an article: its address answers 410 with the note, listings drop it', async () => {
    const id = await createThroughForm(editor, { title: 'A report that must come down', topics: 'Withdrawals' });
    await editor.post(`/admin/articles/${id}/publish`, {});
    const { slug } = await article(id);
    expect(await titlesOn('/topics/withdrawals')).toContain('A report that must come down');
    expect((await reader(`/articles/${slug}`)).statusCode).toBe(200);

    expect((await editor.post(`/admin/articles/${id}/withdraw`, { note: '' })).statusCode).toBe(422);
    expect((await sectionEditor.post(`/admin/articles/${id}/withdraw`, { note: 'x' })).statusCode).toBe(303);
    expect((await editor.post(`/admin/articles/${id}/publish`, {})).statusCode).toBe(409);
    expect((await article(id)).status).toBe('withdrawn');

    const gone = await reader(`/articles/${slug}`);
    expect(gone.statusCode).toBe(410);
    expect(gone.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page(gone.body).text('main')).toContain('The article “A report that must come down” was withdrawn on 1 March 2026. x');
    expect((await reader('/')).body).not.toContain('A report that must come down');
    expect(await titlesOn('/topics/withdrawals')).not.toContain('A report that must come down');
    expect((await reader('/feed.xml')).body).not.toContain('A report that must come down');
    expect((await audited(id)).map((a) => a.action)).toEqual(['article-published', 'article-withdrawn']);
  });

  it('schedules an article, which publishes itself when its time comes', async () => {
    const scheduler = createScheduledPublishing({ db: t.database.db, clock, changes: t.changes });
    const id = await createThroughForm(editor, { title: 'Budget day protest planned' });
    const { slug } = await article(id);
    const past = await editor.post(`/admin/articles/${id}/schedule`, { publishAt: '2020-01-01T10:00' });
    expect(past.statusCode).toBe(422);
    expect(page(past.body).first('form.action-schedule').field('publishAt')).toMatchObject({
      value: '2020-01-01T10:00',
      error: expect.stringMatching(/^The publication time must be in the future/),
    });

    const at = new Date(clock().getTime() + 60 * 60_000);
    expect((await editor.post(`/admin/articles/${id}/schedule`, { publishAt: at.toISOString().slice(0, 16) })).statusCode).toBe(303);
    expect(await article(id)).toMatchObject({ status: 'scheduled', published_at: at.toISOString().replace(/\.\d+Z$/, '.000Z') });
    const scheduled = (await workflowOf(editor, id)).panel;
    expect(scheduled.text('p.workflow-status strong')).toBe('Scheduled');
    expect(scheduled.first('p.workflow-status time').attr('datetime')).toBe(at.toISOString().replace(/\.\d+Z$/, '.000Z'));

    expect(await scheduler.runDue()).toEqual([]);
    expect(await titlesOn('/')).not.toContain('Budget day protest planned');
    await passTime(59);
    expect(await scheduler.runDue()).toEqual([]);
    await passTime(1);
    expect(await scheduler.runDue()).toEqual([id]);
    expect((await article(id)).status).toBe('published');
    expect(await listed('/')).toContainEqual({ title: 'Budget day protest planned', href: `/articles/${slug}`, updated: false });
    expect((await audited(id)).map((a) => [a.action, a.actor_label])).toEqual([
      ['article-scheduled', 'Eve Editor'],
      ['article-published', 'Scheduled publishing'],
    ]);
    expect(await scheduler.runDue()).toEqual([]);
  });

  it('cancels a schedule, returning the article to draft', async () => {
    const id = await createThroughForm(editor, { title: 'A schedule called off' });
    await editor.post(`/admin/articles/${id}/schedule`, { publishAt: new Date(clock().getTime() + 3_600_000).toISOString() });
    expect((await editor.post(`/admin/articles/${id}/unschedule`, {})).statusCode).toBe(303);
    expect(await article(id)).toMatchObject({ status: 'draft', published_at: null });
    await passTime(120);
    expect(await createScheduledPublishing({ db: t.database.db, clock, changes: t.changes }).runDue()).toEqual([]);
  });

  it('publishes what fell due while Placard was stopped, as soon as it starts again', async () => {
    const id = await createThroughForm(editor, { title: 'Published across a restart' });
    await editor.post(`/admin/articles/${id}/schedule`, { publishAt: new Date(clock().getTime() + 30 * 60_000).toISOString() });
    expect((await article(id)).status).toBe('scheduled');

    // A second Placard on the same database, started after the time has passed.
    await passTime(45);
    const restarted = await compose(t.config, { clock, markdown: { threads: 1 } });
    try {
      const frontTitles = async () => page((await restarted.web.app.inject('/')).body).texts('main .teaser-title a, main .lead-title a');
      expect(await frontTitles()).not.toContain('Published across a restart');
      restarted.startJobs(['scheduledPublishing']);
      await expect.poll(async () => (await article(id)).status, { timeout: 5_000, interval: 20 }).toBe('published');
      expect(await frontTitles()).toContain('Published across a restart');
    } finally {
      await restarted.close();
    }
  });

  it('opens a draft through a preview link without signing in, until it expires or is revoked', async () => {
    const id = await createThroughForm(author, {
      title: 'A draft for outside eyes',
      bodyMarkdown: 'Not yet *public*.',
      countries: 'GB',
      sections: ['socialist-party-england-wales'],
      credits: 'Hannah Sell | socialist-party-england-wales',
    });
    const created = await author.post(`/admin/articles/${id}/preview-links`, { days: '7' });
    expect(created.statusCode).toBe(200);
    /** The new link's path, as the page shows it once to copy. */
    const shown = (html: string) => new URL(page(html).first('section.preview-links input[aria-label="Preview link"]').attr('value')!);
    expect(shown(created.body).origin).toBe('https://news.example.org');
    const url = shown(created.body).pathname;
    expect(url).toMatch(/^\/preview\/[A-Za-z0-9_-]{43}$/);
    const token = url!.split('/').at(-1)!;
    const stored = await t.database.db.selectFrom('preview_links').select('token_hash').where('article_id', '=', id).execute();
    expect(stored.map((s) => s.token_hash)).toEqual([tokenHash(token)]);

    const preview = await reader(url!);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(preview.headers['cache-control']).toBe('no-store');
    const draft = page(preview.body);
    expect(draft.text('h1')).toBe('A draft for outside eyes');
    expect(draft.first('article div.body p').html).toBe('<p>Not yet <em>public</em>.</p>');
    expect(draft.first('head meta[name=robots]').attr('content')).toBe('noindex, nofollow');
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: { 'void-style': 'off', 'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'long-title': 'off' },
    });
    expect((await validator.validateString(preview.body)).results.flatMap((r) => r.messages.map((m) => m.message))).toEqual([]);
    expect((await reader(`/articles/${(await article(id)).slug}`)).statusCode).toBe(404);
    /** How the editor page lists the article's preview links: "Made … by …, live until …". */
    const linksListed = async () => page((await author.get(`/admin/articles/${id}/edit`)).body).texts('section.preview-links li');
    expect(await linksListed()).toEqual([expect.stringMatching(/^Made .* by [^,]+, live until .* UTC Revoke$/)]);

    await passTime(7 * 24 * 60 + 1);
    expect((await reader(url!)).statusCode).toBe(404);
    expect(await linksListed()).toEqual([expect.stringMatching(/^Made .* by [^,]+, expired$/)]);

    const again = await author.post(`/admin/articles/${id}/preview-links`, { days: '7' });
    const second = shown(again.body).pathname;
    expect((await reader(second)).statusCode).toBe(200);
    const hash = tokenHash(second.split('/').at(-1)!);
    expect((await author.post(`/admin/articles/${id}/preview-links/revoke`, { link: hash })).statusCode).toBe(303);
    expect((await reader(second)).statusCode).toBe(404);
    expect((await author.post(`/admin/articles/${id}/preview-links/revoke`, { link: hash })).statusCode).toBe(404);

    expect((await author.post(`/admin/articles/${id}/preview-links`, { days: '90' })).statusCode).toBe(422);
    expect((await sectionEditor.post(`/admin/articles/${id}/preview-links`, { days: '7' })).statusCode).toBe(404);
    expect((await reader('/preview/not-a-token')).statusCode).toBe(404);
    expect((await reader(`/preview/${'A'.repeat(43)}`)).statusCode).toBe(404);
  });
});
