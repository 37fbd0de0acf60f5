import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../fixtures/media/images.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';
import { Client, createStaff, signInAs, type StaffAccount } from '../support/staff.js';

const fixture = (name: string) => new URL(`../fixtures/wxr/${name}`, import.meta.url).pathname;
const wxr = (name: string) => ({ name, type: 'application/xml', bytes: readFileSync(fixture(name)) });

describe.each(DATABASES)('http (%s): importing an archive from the admin', (kind) => {
  let t: TestApp;
  let admin: StaffAccount;
  let adminClient: Client;

  beforeAll(async () => {
    t = await startTestApp(kind, { demo: false });
    admin = await createStaff(t, 'administrator');
    adminClient = await signInAs(t, admin);
  });
  afterAll(async () => t?.close());

  /** Posts the import form as a browser does: multipart, the CSRF token in the action's query string. */
  function send(client: Client, fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
    const { payload, contentType } = multipartBody(fields, file);
    return t.app.inject({
      method: 'POST',
      url: `/admin/import?_csrf=${encodeURIComponent(client.csrf)}`,
      payload,
      headers: {
        'content-type': contentType,
        cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: new URL(t.config.publicUrl).origin,
      },
    });
  }

  it('runs an uploaded WordPress export as a job, shows its progress and then its report', async () => {
    const form = await adminClient.get('/admin/import');
    expect(form.statusCode).toBe(200);
    expect(page(form.body).text('h1')).toBe('Import an archive');
    const res = await send(adminClient, { format: 'wxr', section: '' }, wxr('wordpress-6.xml'));
    expect(res.statusCode, page(res.body).texts('p.field-error').join(' ')).toBe(303);
    const jobUrl = res.headers.location as string;
    expect(jobUrl).toMatch(/^\/admin\/import\/[\w-]+$/);
    await expect.poll(async () => page((await adminClient.get(jobUrl)).body).texts('ul.import-report > li'), { timeout: 30_000 }).toContain('7 new articles');
    const done = await adminClient.get(jobUrl);
    expect(done.headers.refresh).toBeUndefined();
    expect(page(done.body).text('h2')).toBe('Import from wxr:old.solidarity.example:');
    expect(done.body).toContain('2019/05/march.jpg');
    expect((await t.app.inject('/?p=101')).headers.location).toBe('/articles/dock-workers-strike-in-aktau');
    const entry = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'archive-imported').executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(admin.id);
    expect(page((await adminClient.get('/admin/import')).body).texts('main li')).toContain('wordpress-6.xml — finished');
  });

  it('shows why a hostile file could not be imported, having written nothing', async () => {
    const before = await t.database.db.selectFrom('articles').select('id').execute();
    const res = await send(adminClient, { format: 'wxr' }, wxr('xxe.xml'));
    expect(res.statusCode).toBe(303);
    const jobUrl = res.headers.location as string;
    await expect
      .poll(async () => page((await adminClient.get(jobUrl)).body).texts('p[role=alert]')[0] ?? '', { timeout: 30_000 })
      .toMatch(/^The file could not be imported: xxe\.xml:2:\d+: /);
    expect(await t.database.db.selectFrom('articles').select('id').execute()).toHaveLength(before.length);
  });

  it('gives the form back with a message per field when the file or the choices are wrong', async () => {
    const none = await send(adminClient, { format: 'feed', section: '' });
    expect(none.statusCode).toBe(422);
    expect(page(none.body).errorFor('file')).toBe('Choose the file to import.');
    expect(page(none.body).field('format').value).toBe('feed');
    const wrong = await send(adminClient, { format: 'csv', section: 'nowhere' }, wxr('feed-rss.xml'));
    expect(wrong.statusCode).toBe(422);
    expect(page(wrong.body).errorFor('format')).toBe('Choose one of the kinds of file offered.');
    expect(page(wrong.body).errorFor('section')).toContain('nowhere');
  });

  it('is for administrators only, linked from their navigation, and an unknown import is not found', async () => {
    const navigation = async (client: typeof adminClient) => page((await client.get('/admin')).body).links('header nav');
    expect(await navigation(adminClient)).toContainEqual({ text: 'Import', href: '/admin/import' });
    const editor = await signInAs(t, await createStaff(t, 'editor'));
    expect((await navigation(editor)).map((link) => link.href)).not.toContain('/admin/import');
    expect((await editor.get('/admin/import')).statusCode).toBe(403);
    expect((await send(editor, { format: 'wxr' }, wxr('wordpress-6.xml'))).statusCode).toBe(403);
    expect((await adminClient.get('/admin/import/nothing-here')).statusCode).toBe(404);
  });
});
