import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../src/store/accounts/user.store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { testClock } from '../support/clock.js';
import { Client, createStaff, signInAs, type StaffAccount } from '../support/staff.js';

const SESSION = '__Host-placard-session';
const LINK = /https:\/\/news\.example\.org(\/admin\/set-password\/[A-Za-z0-9_-]{43})/;

describe.each(DATABASES)("http (%s): users admin and one's own account", (kind) => {
  let t: TestApp;
  let adminAccount: StaffAccount;
  let admin: Client;
  const clock = testClock();
  const auditOf = (action: string) => t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  const idOf = async (email: string) => (await findUserByEmail(t.database.db, email))!.id;

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    adminAccount = await createStaff(t, 'administrator', { name: 'Ada Admin' });
    admin = await signInAs(t, adminAccount);
  });
  afterAll(async () => t?.close());

  // First, while Ada is the only administrator.
  it('keeps at least one active administrator', async () => {
    const demote = await admin.post(`/admin/users/${adminAccount.id}`, { role: 'editor' });
    expect(demote.statusCode).toBe(422);
    expect(demote.body).toContain('This is the only active administrator; make someone else an administrator first.');
    expect(demote.body).toMatch(/<option value="editor" selected/);
    const disable = await admin.post(`/admin/users/${adminAccount.id}/disable`, {});
    expect(disable.statusCode).toBe(422);
    expect((await admin.get('/admin')).statusCode).toBe(200);
  });

  it('is for administrators only', async () => {
    for (const role of ['editor', 'section_editor', 'author', 'coordinator'] as const) {
      const client = await signInAs(t, await createStaff(t, role));
      for (const url of ['/admin/users', '/admin/users/new', `/admin/users/${adminAccount.id}`])
        expect((await client.get(url)).statusCode, `${role} ${url}`).toBe(403);
      expect(
        (await client.post('/admin/users', { email: 'x@example.org', name: 'X', role: 'administrator', password: 'a long passphrase here' })).statusCode,
      ).toBe(403);
      expect((await client.post(`/admin/users/${adminAccount.id}/disable`, {})).statusCode).toBe(403);
    }
    expect(await findUserByEmail(t.database.db, 'x@example.org')).toBeUndefined();
  });

  it('adds an account with an initial password, which can sign in at once; audited', async () => {
    const res = await admin.post('/admin/users', { email: 'Grace@Example.org', name: 'Grace Hopper', role: 'editor', password: 'compilers all the way down' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/admin\/users\/\d+$/);
    const list = await admin.get('/admin/users');
    expect(list.body).toMatch(/<a href="\/admin\/users\/\d+">Grace Hopper<\/a><\/td><td>grace@example.org<\/td><td>Editor<\/td>/);
    const grace = await signInAs(t, { email: 'grace@example.org', password: 'compilers all the way down' });
    expect((await grace.get('/admin')).body).toContain('Welcome, Grace Hopper');
    const created = (await auditOf('account-created')).at(-1)!;
    expect(created.actor_id).toBe(adminAccount.id);
    expect(created.summary).toBe('Created Grace Hopper as Editor with an initial password');
  });

  it('adds an account with a one-time set-password link, valid 24 hours', async () => {
    const res = await admin.post('/admin/users', { email: 'linus@example.org', name: 'Linus', role: 'author', password: '' });
    expect(res.statusCode).toBe(201);
    const path = LINK.exec(res.body)![1]!;
    const browser = new Client(t);
    expect((await browser.get(path)).statusCode).toBe(200);
    // No password yet: signing in is impossible.
    expect((await browser.post('/admin/sign-in', { email: 'linus@example.org', password: '' })).statusCode).toBe(401);
    const weak = await browser.post(path, { password: 'password1' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('one of the most common');
    expect((await browser.post(path, { password: 'my own long passphrase' })).statusCode).toBe(303);
    expect((await browser.get(path)).statusCode).toBe(410);
    expect((await browser.post(path, { password: 'another long passphrase' })).statusCode).toBe(410);
    await signInAs(t, { email: 'linus@example.org', password: 'my own long passphrase' });

    const late = await admin.post('/admin/users', { email: 'late@example.org', name: 'Late', role: 'author' });
    const latePath = LINK.exec(late.body)![1]!;
    clock.advance(24 * 60 + 1);
    admin = await signInAs(t, adminAccount);
    expect((await new Client(t).get(latePath)).statusCode).toBe(410);
  });

  it('answers a bad form with 422, every message beside its field, and the text intact', async () => {
    const res = await admin.post('/admin/users', { email: 'not an address', name: '  ', role: 'section_editor', password: 'short' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<p class="field-error" id="email-error">Enter an email address such as ada@example.org.</p>');
    expect(res.body).toContain('<p class="field-error" id="name-error">Enter a name.</p>');
    expect(res.body).toContain('<p class="field-error" id="sections-error">A section editor needs at least one section.</p>');
    expect(res.body).toContain('<p class="field-error" id="password-error">Use at least 8 characters.</p>');
    expect(res.body).toContain('value="not an address"');
    expect(res.body).toMatch(/<option value="section_editor" selected/);
    expect(res.body).not.toContain('value="short"');

    const duplicate = await admin.post('/admin/users', {
      email: adminAccount.email.toUpperCase(),
      name: 'Ada <again>',
      role: 'nonsense',
      sections: ['cwi', 'atlantis'],
    });
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.body).toContain('An account with this email address already exists.');
    expect(duplicate.body).toContain('Choose a role: administrator, editor, section_editor, author or coordinator.');
    expect(duplicate.body).toContain('There is no section &quot;atlantis&quot;.');
    expect(duplicate.body).toContain('value="Ada &lt;again>"');
    expect(duplicate.body).toMatch(/value="cwi" checked/);
  });

  it('scopes section editors to their sections and audits role and section changes as old → new', async () => {
    const res = await admin.post('/admin/users', {
      email: 'sofia@example.org',
      name: 'Sofia',
      role: 'section_editor',
      sections: ['cwi', 'xekinima'],
      password: 'a good long passphrase',
    });
    expect(res.statusCode).toBe(303);
    const id = await idOf('sofia@example.org');
    const sections = await t.database.db.selectFrom('sections').select(['id', 'slug']).execute();
    const slugs = async () =>
      (await findUserByEmail(t.database.db, 'sofia@example.org'))!.sectionIds.map((sid) => sections.find((s) => s.id === sid)!.slug).sort();
    expect(await slugs()).toEqual(['cwi', 'xekinima']);
    const sofia = await signInAs(t, { email: 'sofia@example.org', password: 'a good long passphrase' });
    expect((await sofia.get('/admin/users')).statusCode).toBe(403);

    const none = await admin.post(`/admin/users/${id}`, { role: 'section_editor' });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('A section editor needs at least one section.');
    expect(await slugs()).toEqual(['cwi', 'xekinima']);

    expect((await admin.post(`/admin/users/${id}`, { role: 'section_editor', sections: 'socialist-party-ireland' })).statusCode).toBe(303);
    expect(await slugs()).toEqual(['socialist-party-ireland']);
    expect((await admin.post(`/admin/users/${id}`, { role: 'editor', sections: [] })).statusCode).toBe(303);
    const changes = (await auditOf('role-changed')).filter((e) => e.subject_id === String(id)).map((e) => e.summary);
    expect(changes).toEqual([
      'Sofia: Section editor (sections: cwi, xekinima) → Section editor (sections: socialist-party-ireland)',
      'Sofia: Section editor (sections: socialist-party-ireland) → Editor (sections: none)',
    ]);
    // The change applies to her open session at once.
    expect((await sofia.get('/admin')).body).toContain('Sofia (Editor)');
  });

  it('disables an account, ending its sessions, and enables it again', async () => {
    const account = await createStaff(t, 'editor');
    const victim = await signInAs(t, account);
    expect((await admin.post(`/admin/users/${account.id}/disable`, {})).statusCode).toBe(303);
    expect((await victim.get('/admin')).statusCode).toBe(303);
    expect((await new Client(t).post('/admin/sign-in', { email: account.email, password: account.password })).statusCode).toBe(401);
    expect((await admin.get(`/admin/users/${account.id}`)).body).toContain('<dd>Disabled</dd>');
    expect((await admin.post(`/admin/users/${account.id}/enable`, {})).statusCode).toBe(303);
    await signInAs(t, account);
    expect((await auditOf('account-disabled')).some((e) => e.subject_id === String(account.id) && e.actor_id === adminAccount.id)).toBe(true);
  });

  it('resets a password: the old one stops working, sessions end, a link sets a new one', async () => {
    const account = await createStaff(t, 'author');
    const session = await signInAs(t, account);
    const res = await admin.post(`/admin/users/${account.id}/reset-password`, {});
    expect(res.statusCode).toBe(200);
    const path = LINK.exec(res.body)![1]!;
    expect((await session.get('/admin')).statusCode).toBe(303);
    expect((await new Client(t).post('/admin/sign-in', { email: account.email, password: account.password })).statusCode).toBe(401);
    expect((await new Client(t).post(path, { password: 'a fresh long passphrase' })).statusCode).toBe(303);
    await signInAs(t, { email: account.email, password: 'a fresh long passphrase' });
    expect((await auditOf('password-reset')).some((e) => e.subject_id === String(account.id))).toBe(true);
  });

  it('answers 404 for an account that does not exist', async () => {
    expect((await admin.get('/admin/users/999999')).statusCode).toBe(404);
    expect((await admin.get('/admin/users/abc')).statusCode).toBe(404);
    expect((await admin.post('/admin/users/999999', { role: 'editor' })).statusCode).toBe(404);
  });

  it("changes one's own password with the current one, ending every session including this one", async () => {
    const account = await createStaff(t, 'editor');
    const laptop = await signInAs(t, account);
    const phone = await signInAs(t, account);
    const oldCookie = laptop.cookies.get(SESSION)!;

    const wrong = await laptop.post('/admin/account/password', { current: 'not it', password: 'password1' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('<p class="field-error" id="current-error">That is not your current password.</p>');
    expect(wrong.body).toContain('<p class="field-error" id="password-error">This password is one of the most common ones; choose another.</p>');

    const ok = await laptop.post('/admin/account/password', { current: account.password, password: 'a brand new passphrase' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Every session of your account has ended, including this one.');
    expect((await t.app.inject({ url: '/admin', headers: { cookie: `${SESSION}=${oldCookie}` } })).statusCode).toBe(303);
    expect((await phone.get('/admin')).statusCode).toBe(303);
    expect((await new Client(t).post('/admin/sign-in', { email: account.email, password: account.password })).statusCode).toBe(401);
    await signInAs(t, { email: account.email, password: 'a brand new passphrase' });
    expect((await auditOf('password-changed')).some((e) => e.actor_id === account.id)).toBe(true);
  });

  it('signs out everywhere', async () => {
    const account = await createStaff(t, 'author');
    const laptop = await signInAs(t, account);
    const phone = await signInAs(t, account);
    expect((await laptop.get('/admin/account')).body).toContain(account.email);
    expect((await laptop.post('/admin/account/sign-out-everywhere', {})).statusCode).toBe(303);
    expect((await laptop.get('/admin')).statusCode).toBe(303);
    expect((await phone.get('/admin')).statusCode).toBe(303);
  });

  it("turns off someone's two-step sign-in for them (a lost phone), ending their sessions", async () => {
    const account = await createStaff(t, 'editor');
    await t.database.db
      .updateTable('users')
      .set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_enabled_at: clock().toISOString() })
      .where('id', '=', account.id)
      .execute();
    expect((await admin.get(`/admin/users/${account.id}`)).body).toContain('Turn off two-step sign-in');
    expect((await admin.post(`/admin/users/${account.id}/two-factor/remove`, {})).statusCode).toBe(303);
    const client = new Client(t);
    await client.get('/admin/sign-in');
    expect((await client.post('/admin/sign-in', { email: account.email, password: account.password })).headers.location).toBe('/admin');
    expect((await auditOf('two-factor-disabled')).some((e) => e.subject_id === String(account.id) && e.actor_id === adminAccount.id)).toBe(true);
  });
});
