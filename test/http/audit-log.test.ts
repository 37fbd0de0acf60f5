import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/services/audit/audit.js';
import * as readAudit from '../../src/services/audit/read-audit.js';
import * as auditStore from '../../src/store/audit/audit.store.js';
import { insertSection } from '../../src/store/sections/section.store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { testClock } from '../support/clock.js';
import { page } from '../support/html.js';
import { routeTable } from '../support/routes.js';
import { auditLogRows as rows, Client, createStaff, enrolTwoFactor, signInAs } from '../support/staff.js';

describe('audit log: read-only by construction', () => {
  it('has no function anywhere in its store or read service that changes or removes an entry', () => {
    expect(Object.keys(auditStore).sort()).toEqual(['appendAudit', 'auditActions', 'countAudit', 'listAudit']);
    for (const name of [...Object.keys(auditStore), ...Object.keys(readAudit)]) expect(name).not.toMatch(/update|delete|remove|edit|clear|purge|truncate|set/i);
  });
});

describe.each(DATABASES)('http (%s): the audit log viewer', (kind) => {
  let t: TestApp;
  let admin: Client;
  const clock = testClock();

  beforeAll(async () => {
    t = await startTestApp(kind, { clock, demo: false });
    await insertSection(t.database.db, {
      slug: 'cwi',
      name: 'Committee for a Workers’ International',
      shortLabel: 'CWI',
      country: 'GB',
      languages: ['en'],
      website: null,
    });
    const account = await createStaff(t, 'administrator', { name: 'Ada Admin' });
    admin = await signInAs(t, account);
  });
  afterAll(async () => t?.close());

  it('has a GET route and no route that writes, under /admin/audit', async () => {
    const table = routeTable(t.app);
    // The table is read right: a known writing route shows up with its whole path.
    expect(table).toContainEqual({ path: '/admin/users/:id/disable', methods: ['POST'] });
    const audit = table.filter((r) => r.path.startsWith('/admin/audit'));
    expect(audit).toEqual([{ path: '/admin/audit', methods: ['GET', 'HEAD'] }]);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      for (const url of ['/admin/audit', '/admin/audit/1']) {
        expect(t.app.hasRoute({ method, url }), `${method} ${url}`).toBe(false);
        const res = await t.app.inject({ method, url, headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
      }
    }
  });

  it('is for administrators only', async () => {
    for (const role of ['editor', 'section_editor', 'author', 'coordinator'] as const) {
      const client = await signInAs(t, await createStaff(t, role, { sections: role === 'section_editor' ? ['cwi'] : [] }));
      expect((await client.get('/admin/audit')).statusCode, role).toBe(403);
    }
    expect((await new Client(t).get('/admin/audit')).statusCode).toBe(303);
  });

  it('records what staff do: sign-ins, failures, account changes, two-step sign-in', async () => {
    const account = await createStaff(t, 'editor', { name: 'Eve Editor' });
    await new Client(t).post('/admin/sign-in', { email: account.email, password: 'wrong password' });
    // She turns on two-step sign-in.
    await enrolTwoFactor(await signInAs(t, account), clock);
    await admin.post(`/admin/users/${account.id}`, { role: 'author' });
    await admin.post(`/admin/users/${account.id}/disable`, {});
    await admin.post('/admin/users', { email: 'new@example.org', name: 'New Person', role: 'author' });
    const html = (await admin.get('/admin/audit')).body;
    const seen = rows(html);
    expect(seen.slice(0, 6).map((r) => r.action)).toEqual([
      'account-created',
      'account-disabled',
      'role-changed',
      'two-factor-enabled',
      'sign-in',
      'sign-in-failed',
    ]);
    expect(seen[0]).toMatchObject({ actor: 'Ada Admin', summary: 'Created New Person as Author with a set-password link' });
    expect(seen[2]!.summary).toBe('Eve Editor: Editor (sections: none) → Author (sections: none)');
    expect(seen[3]).toMatchObject({ actor: 'Eve Editor' });
    expect(seen[5]).toMatchObject({ actor: 'anonymous', summary: "Failed sign-in to Eve Editor's account" });
  });

  it('pages the log newest first, 50 at a time, and filters by action', async () => {
    const deps = { db: t.database.db, clock };
    for (let i = 1; i <= 60; i++) {
      clock.advance(1 / 60);
      await audit(deps, { actor: 'system', action: i % 3 === 0 ? 'export' : 'supporters-viewed', summary: `Entry ${i}` });
    }
    const first = await admin.get('/admin/audit');
    const page1 = rows(first.body);
    expect(page1).toHaveLength(50);
    expect(page1[0]!.summary).toBe('Entry 60');
    expect(page1[1]!.summary).toBe('Entry 59');
    for (let i = 1; i < page1.length; i++) expect(page1[i - 1]!.at >= page1[i]!.at).toBe(true);
    expect(page(first.body).links('nav.pagination')).toEqual([{ text: 'Older', href: '/admin/audit?page=2' }]);
    const page2 = rows((await admin.get('/admin/audit?page=2')).body);
    expect(page2[0]!.summary).toBe('Entry 10');
    expect(page2[0]!.at <= page1.at(-1)!.at).toBe(true);
    const total = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(page1.length + page2.length).toBe(Number(total.n));

    const exports = await admin.get('/admin/audit?action=export');
    expect(exports.statusCode).toBe(200);
    const only = rows(exports.body);
    expect(only).toHaveLength(20);
    expect(only.every((r) => r.action === 'export')).toBe(true);
    expect(only[0]!.summary).toBe('Entry 60');
    const filtered = page(exports.body);
    expect(filtered.first('form.filter').field('action').value).toBe('export');
    expect(filtered.text('p.count')).toBe('20 entries');
    expect(rows((await admin.get('/admin/audit?action=role-changed')).body).every((r) => r.action === 'role-changed')).toBe(true);
  });

  it('answers 400 to a query it cannot use', async () => {
    expect((await admin.get('/admin/audit?page=abc')).statusCode).toBe(400);
    expect((await admin.get('/admin/audit?page=0')).statusCode).toBe(400);
    expect((await admin.get('/admin/audit?action=%3Cscript%3E')).statusCode).toBe(400);
    expect((await admin.get('/admin/audit?page=999')).statusCode).toBe(200);
  });
});
