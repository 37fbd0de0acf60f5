import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../src/store/accounts/user.store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { testClock } from '../support/clock.js';
import { page } from '../support/html.js';
import { Client, createStaff, signInAs, type StaffAccount } from '../support/staff.js';

const SESSION = '__Host-placard-session';

/** The set-password link a page shows the administrator once: its path, after checking it is on this site. */
function linkShown(html: string): string {
  const url = new URL(page(html).text('main code.uri'));
  expect(url.origin).toBe('https://news.example.org');
  expect(url.pathname).toMatch(/^\/admin\/set-password\/[A-Za-z0-9_-]{43}$/);
  return url.pathname;
}

/** Who the admin frame says is signed in: the account link's text, "Name (Role)". */
const signedInAs = (html: string) => page(html).text('nav[aria-label=Admin] a[href="/admin/account"]');

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
    expect(page(demote.body).field('role')).toMatchObject({
      value: 'editor',
      error: 'This is the only active administrator; make someone else an administrator first.',
    });
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
    const rows = page((await admin.get('/admin/users')).body).all('main table tbody tr');
    const row = rows.find((r) => r.first('td a').attr('href') === res.headers.location);
    expect(row?.texts('td').slice(0, 3)).toEqual(['Grace Hopper', 'grace@example.org', 'Editor']);
    const grace = await signInAs(t, { email: 'grace@example.org', password: 'compilers all the way down' });
    expect(page((await grace.get('/admin')).body).text('h1')).toBe('Welcome, Grace Hopper');
    const created = (await auditOf('account-created')).at(-1)!;
    expect(created.actor_id).toBe(adminAccount.id);
    expect(created.summary).toBe('Created Grace Hopper as Editor with an initial password');
  });

  it('adds an account with a one-time set-password link, valid 24 hours', async () => {
    const res = await admin.post('/admin/users', { email: 'linus@example.org', name: 'Linus', role: 'author', password: '' });
    expect(res.statusCode).toBe(201);
    const path = linkShown(res.body);
    const browser = new Client(t);
    expect((await browser.get(path)).statusCode).toBe(200);
    // No password yet: signing in is impossible.
    expect((await browser.post('/admin/sign-in', { email: 'linus@example.org', password: '' })).statusCode).toBe(401);
    const weak = await browser.post(path, { password: 'password1' });
    expect(weak.statusCode).toBe(422);
    expect(page(weak.body).errorFor('password')).toContain('one of the most common');
    expect((await browser.post(path, { password: 'my own long passphrase' })).statusCode).toBe(303);
    expect((await browser.get(path)).statusCode).toBe(410);
    expect((await browser.post(path, { password: 'another long passphrase' })).statusCode).toBe(410);
    await signInAs(t, { email: 'linus@example.org', password: 'my own long passphrase' });

    const late = await admin.post('/admin/users', { email: 'late@example.org', name: 'Late', role: 'author' });
    const latePath = linkShown(late.body);
    clock.advance(24 * 60 + 1);
    admin = await signInAs(t, adminAccount);
    expect((await new Client(t).get(latePath)).statusCode).toBe(410);
  });

  it('answers a bad form with 422, every message beside its field, and the text intact', async () => {
    const res = await admin.post('/admin/users', { email: 'not an address', name: '  ', role: 'section_editor', password: 'short' });
    expect(res.statusCode).toBe(422);
    const form = page(res.body).first('main form');
    expect(form.field('email')).toMatchObject({ value: 'not an address', error: 'Enter an email address such as ada@example.org.' });
    expect(form.field('name').error).toBe('Enter a name.');
    expect(form.errorFor('sections')).toBe('A section editor needs at least one section.');
    // The password is never sent back, not even a refused one.
    expect(form.field('password')).toMatchObject({ value: '', error: 'Use at least 8 characters.' });
    expect(
      page(res.body)
        .all('input')
        .map((input) => input.attr('value')),
    ).not.toContain('short');
    expect(form.field('role').value).toBe('section_editor');

    const duplicate = await admin.post('/admin/users', {
      email: adminAccount.email.toUpperCase(),
      name: 'Ada <again>',
      role: 'nonsense',
      sections: ['cwi', 'atlantis'],
    });
    expect(duplicate.statusCode).toBe(422);
    const again = page(duplicate.body).first('main form');
    expect(again.field('email')).toMatchObject({ value: adminAccount.email.toUpperCase(), error: 'An account with this email address already exists.' });
    expect(again.errorFor('role')).toBe('Choose a role: administrator, editor, section_editor, author or coordinator.');
    expect(again.field('sections')).toMatchObject({ values: ['cwi'], error: 'There is no section "atlantis".' });
    expect(again.field('name').value).toBe('Ada <again>');
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
    expect(page(none.body).errorFor('sections')).toBe('A section editor needs at least one section.');
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
    expect(signedInAs((await sofia.get('/admin')).body)).toBe('Sofia (Editor)');
  });

  it('disables an account, ending its sessions, and enables it again', async () => {
    const account = await createStaff(t, 'editor');
    const victim = await signInAs(t, account);
    expect((await admin.post(`/admin/users/${account.id}/disable`, {})).statusCode).toBe(303);
    expect((await victim.get('/admin')).statusCode).toBe(303);
    expect((await new Client(t).post('/admin/sign-in', { email: account.email, password: account.password })).statusCode).toBe(401);
    expect(page((await admin.get(`/admin/users/${account.id}`)).body).definitions('dl.facts').Status).toBe('Disabled');
    expect((await admin.post(`/admin/users/${account.id}/enable`, {})).statusCode).toBe(303);
    await signInAs(t, account);
    expect((await auditOf('account-disabled')).some((e) => e.subject_id === String(account.id) && e.actor_id === adminAccount.id)).toBe(true);
  });

  it('resets a password: the old one stops working, sessions end, a link sets a new one', async () => {
    const account = await createStaff(t, 'author');
    const session = await signInAs(t, account);
    const res = await admin.post(`/admin/users/${account.id}/reset-password`, {});
    expect(res.statusCode).toBe(200);
    const path = linkShown(res.body);
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
    const form = page(wrong.body).first('form[action="/admin/account/password"]');
    expect(form.errorFor('current')).toBe('That is not your current password.');
    expect(form.errorFor('password')).toBe('This password is one of the most common ones; choose another.');

    const ok = await laptop.post('/admin/account/password', { current: account.password, password: 'a brand new passphrase' });
    expect(ok.statusCode).toBe(200);
    expect(page(ok.body).text('main')).toContain('Every session of your account has ended, including this one.');
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
    expect(page((await laptop.get('/admin/account')).body).definitions('dl.facts').Email).toBe(account.email);
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
    const detail = page((await admin.get(`/admin/users/${account.id}`)).body);
    expect(detail.definitions('dl.facts')['Two-step sign-in']).toBe('On');
    expect(detail.first(`form[action="/admin/users/${account.id}/two-factor/remove"] button`).text()).toBe('Turn off two-step sign-in');
    expect((await admin.post(`/admin/users/${account.id}/two-factor/remove`, {})).statusCode).toBe(303);
    const client = new Client(t);
    await client.get('/admin/sign-in');
    expect((await client.post('/admin/sign-in', { email: account.email, password: account.password })).headers.location).toBe('/admin');
    expect((await auditOf('two-factor-disabled')).some((e) => e.subject_id === String(account.id) && e.actor_id === adminAccount.id)).toBe(true);
  });
});
