import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { page as read } from '../support/html.js';
import { createThroughForm, editorForm, formVersion } from '../support/articles.js';
import { type Client, createStaff, signInAs } from '../support/staff.js';

// About 0.4 s of markdown-it on one core, within the length limit: the slowest input found.
const SLOW = '![['.repeat(66_000);
// 1.9 MB as a form sends it ("[" is "%5B"): the preview that held the whole site for 5 s.
const BRACKETS = '['.repeat(630_000);

describe.each(DATABASES)('http (%s): Markdown renders within limits, away from readers', (kind) => {
  let t: TestApp;
  let editor: Client;
  let base: string;
  beforeAll(async () => {
    // A 150 ms limit, so the slow input above is stopped on any machine.
    t = await startTestApp(kind, { markdown: { timeLimitMs: 150 } });
    editor = await signInAs(t, await createStaff(t, 'editor'));
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => t?.close());

  const article = (id: number) => t.database.db.selectFrom('articles').select(['body_md', 'version']).where('id', '=', id).executeTakeFirstOrThrow();

  /** The live preview's form as editor.js posts it (encoded beforehand: the test shares the server's thread). */
  const previewForm = (bodyMarkdown: string) => new URLSearchParams({ _csrf: editor.csrf, bodyMarkdown }).toString();
  const livePreview = (form: string) =>
    fetch(`${base}/admin/articles/preview`, {
      method: 'POST',
      body: form,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: new URL(t.config.publicUrl).origin,
      },
    });

  // Retried: on a machine with more runnable threads than cores, the scheduler alone can
  // hold a thread 100 ms now and then. A render on the event loop would fail every try.
  it('answers /health within 100 ms while an author previews a slow text and 1.9 MB of brackets', { retry: 2 }, async () => {
    // The test's first requests load its HTTP client and the pool's thread: not the time measured.
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const [slowForm, bracketsForm] = [previewForm(SLOW), previewForm(BRACKETS)];
    expect((await livePreview(previewForm('warm-up'))).status).toBe(200);
    expect((await livePreview(bracketsForm)).status).toBe(422);
    let settled = false;
    const previews = Promise.all([livePreview(slowForm), livePreview(bracketsForm)]).finally(() => {
      settled = true;
    });
    const timings: number[] = [];
    while (!settled) {
      const started = performance.now();
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      await health.text();
      if (!settled) timings.push(performance.now() - started);
    }
    const [slow, brackets] = await previews;
    expect(timings.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...timings)).toBeLessThan(100);
    expect(slow.status).toBe(422);
    expect(await slow.text()).toContain('This text could not be previewed. The text took too long to render.');
    expect(brackets.status).toBe(422);
    expect(await brackets.text()).toContain('The text is 630,000 characters long; the limit is 200,000.');
    // The thread stopped for the slow text is replaced: the next preview renders.
    const next = await livePreview(previewForm('*Free* Kuramshin'));
    expect(next.status).toBe(200);
    expect(await next.text()).toBe('<p><em>Free</em> Kuramshin</p>\n');
  });

  it('previews a text it cannot render as a message, the text still in the form', async () => {
    const id = await createThroughForm(editor, { title: 'A body too slow to preview' });
    const page = await editor.get(`/admin/articles/${id}/edit`);
    const res = await editor.post(
      `/admin/articles/${id}/edit`,
      editorForm({ title: 'A body too slow to preview', bodyMarkdown: SLOW, intent: 'preview', version: formVersion(page.body) }),
    );
    expect(res.statusCode).toBe(422);
    // The message is where the preview would be; the text is in the body field, whole.
    expect(read(res.body).text('#live-preview p.form-error[role=alert]')).toMatch(/^This text could not be previewed\. The text took too long to render\./);
    expect(read(res.body).first('form.article-form').field('bodyMarkdown').value).toBe(SLOW);
    expect((await article(id)).version).toBe(1);
  });

  it('refuses to save a body over 200,000 characters or too slow to render, beside the field, keeping the text', async () => {
    const id = await createThroughForm(editor, { title: 'A body too big to save' });
    for (const [body, message] of [
      [BRACKETS, 'The body is 630,000 characters long; the limit is 200,000. Shorten it, or split it into several articles.'],
      [SLOW, 'The text took too long to render.'],
    ] as const) {
      const page = await editor.get(`/admin/articles/${id}/edit`);
      const res = await editor.post(
        `/admin/articles/${id}/edit`,
        editorForm({ title: 'A body too big to save', bodyMarkdown: body, version: formVersion(page.body) }),
      );
      expect(res.statusCode).toBe(422);
      expect(read(res.body).first('form.article-form').field('bodyMarkdown')).toMatchObject({ value: body, error: expect.stringContaining(message) });
    }
    expect(await article(id)).toEqual({ body_md: 'First paragraph.\n\nSecond paragraph.', version: 1 });
    const created = await editor.post('/admin/articles/new', editorForm({ title: 'A new body too big', bodyMarkdown: BRACKETS }));
    expect(created.statusCode).toBe(422);
    expect(read(created.body).errorFor('bodyMarkdown')).toContain('the limit is 200,000');
  });
});
