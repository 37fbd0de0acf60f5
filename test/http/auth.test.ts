import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupToken } from '../../src/services/accounts/setup.js';
import { changePassword } from '../../src/services/accounts/users.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { testClock } from '../support/clock.js';
import { page } from '../support/html.js';
import { Client, createStaff, signInAs } from '../support/staff.js';

// The test app's PUBLIC_URL is https, so cookies carry the __Host- prefix.
const SESSION = '__Host-placard-session';
const CSRF = '__Host-placard-csrf';

describe.each(DATABASES)('http (%s): setup link, sign-in, sessions, CSRF', (kind) => {
  let t: TestApp;
  const clock = testClock();
  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  });
  afterAll(async () => t?.close());

  it('creates the first administrator through a one-time setup link, and no other way', async () => {
    const token = await issueSetupToken({ db: t.database.db, clock });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const browser = new Client(t);
    expect((await browser.get(`/admin/setup/${token}`)).statusCode).toBe(200);
    expect((await browser.get('/admin/setup/not-a-token')).statusCode).toBe(410);

    const weak = await browser.post(`/admin/setup/${token}`, { name: 'Ada', email: 'ada@example.org', password: 'password1' });
    expect(weak.statusCode).toBe(422);
    const setup = page(weak.body).first(`form[action="/admin/setup/${token}"]`);
    expect(setup.errorFor('password')).toContain('one of the most common');
    expect([setup.field('email').value, setup.field('name').value, setup.field('password').value]).toEqual(['ada@example.org', 'Ada', '']);

    // Two submissions race with the one link (a double click, or someone who copied it):
    // one account is made, whichever came first, and the other submission is refused.
    const attempts = [
      { client: browser, name: 'Ada', email: 'ada@example.org', password: 'a long and unusual passphrase' },
      { client: new Client(t), name: 'Mallory', email: 'mallory@example.org', password: 'another long passphrase here' },
    ];
    const answers = await Promise.all(attempts.map(({ client, ...form }) => client.post(`/admin/setup/${token}`, form)));
    const won = attempts.filter((_, i) => answers[i]!.statusCode === 303);
    expect(won).toHaveLength(1);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([303, 410]);
    const winner = won[0]!;
    expect(await t.database.db.selectFrom('users').select('email').execute()).toEqual([{ email: winner.email }]);
    expect((await browser.get(`/admin/setup/${token}`)).statusCode).toBe(410);
    expect(await issueSetupToken({ db: t.database.db, clock })).toBeNull();
    const admin = await signInAs(t, winner);
    expect(page((await admin.get('/admin')).body).text('h1')).toBe(`Welcome, ${winner.name}`);
  });

  it('sends anonymous visitors to the sign-in page and back where they were going', async () => {
    const res = await new Client(t).get('/admin?tab=drafts');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/sign-in?next=%2Fadmin%3Ftab%3Ddrafts');
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    const account = await createStaff(t, 'editor');
    const wrong = await new Client(t).post('/admin/sign-in', { email: account.email, password: 'not the password' });
    const unknown = await new Client(t).post('/admin/sign-in', { email: 'nobody@example.org', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const message = (body: string) => page(body).errorFor('email');
    expect(message(wrong.body)).toBe('That email and password do not match an account.');
    expect(message(unknown.body)).toBe(message(wrong.body));
    expect(page(wrong.body).field('email').value).toBe(account.email);
    expect(page(wrong.body).field('password').value).toBe('');
  });

  it('sets a fresh HttpOnly, SameSite=Lax session cookie at every sign-in, never leaking the token elsewhere', async () => {
    const account = await createStaff(t, 'author');
    const first = await signInAs(t, account);
    const second = await signInAs(t, account);
    const a = first.cookies.get(SESSION);
    const b = second.cookies.get(SESSION);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b).not.toBe(a);
    const res = await new Client(t).post('/admin/sign-in', { email: account.email, password: account.password });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/__Host-placard-session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    const stored = await t.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(a);
  });

  it('signs out, ending the session', async () => {
    const client = await signInAs(t, await createStaff(t, 'editor'));
    const cookie = client.cookies.get(SESSION);
    expect((await client.post('/admin/sign-out', {})).statusCode).toBe(303);
    const replay = await t.app.inject({ url: '/admin', headers: { cookie: `${SESSION}=${cookie}` } });
    expect(replay.statusCode).toBe(303);
  });

  it('ends a session after 30 idle minutes and after 12 hours in all', async () => {
    const client = await signInAs(t, await createStaff(t, 'editor'));
    clock.advance(29);
    expect((await client.get('/admin')).statusCode).toBe(200);
    clock.advance(29);
    expect((await client.get('/admin')).statusCode).toBe(200);
    clock.advance(31);
    expect((await client.get('/admin')).statusCode).toBe(303);

    const busy = await signInAs(t, await createStaff(t, 'editor'));
    // A request every 20 minutes keeps it from going idle, until 12 hours have passed.
    for (let step = 1; step < 36; step++) {
      clock.advance(20);
      expect((await busy.get('/admin')).statusCode, `after ${step * 20} minutes`).toBe(200);
    }
    clock.advance(20);
    expect((await busy.get('/admin')).statusCode).toBe(303);
  });

  it('ends every session when the password changes', async () => {
    const account = await createStaff(t, 'editor');
    const laptop = await signInAs(t, account);
    const phone = await signInAs(t, account);
    await changePassword({ db: t.database.db, clock, commonPasswords: () => new Set() }, account.id, 'another long passphrase');
    expect((await laptop.get('/admin')).statusCode).toBe(303);
    expect((await phone.get('/admin')).statusCode).toBe(303);
    expect((await signInAs(t, { email: account.email, password: 'another long passphrase' }).then((c) => c.get('/admin'))).statusCode).toBe(200);
  });

  it('refuses a form without the CSRF token or from another origin', async () => {
    const client = await signInAs(t, await createStaff(t, 'editor'));
    const noToken = await client.post('/admin/sign-out', {}, { csrf: false });
    expect(noToken.statusCode).toBe(403);
    expect(page(noToken.body).text('main')).toContain('The form has expired');
    const elsewhere = await client.post('/admin/sign-out', {}, { origin: 'https://evil.example' });
    expect(elsewhere.statusCode).toBe(403);
    const crossSite = await client.post('/admin/sign-out', {}, { origin: null, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    expect((await client.get('/admin')).statusCode).toBe(200);
  });

  it('accepts forms from real browsers under no-referrer, which send Origin: null', async () => {
    const account = await createStaff(t, 'editor');
    const browser = new Client(t);
    await browser.get('/admin/sign-in');
    // What Chromium sends for a same-origin form post when the page says no-referrer.
    const chromium = await browser.post(
      '/admin/sign-in',
      { email: account.email, password: account.password },
      { origin: 'null', headers: { 'sec-fetch-site': 'same-origin' } },
    );
    expect(chromium.statusCode).toBe(303);
    // A text browser sends neither header: the token decides.
    expect((await browser.post('/admin/sign-out', {}, { origin: null })).statusCode).toBe(303);
    const forged = await new Client(t).post(
      '/admin/sign-in',
      { email: account.email, password: account.password },
      { origin: 'null', headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(forged.statusCode).toBe(403);
    const opaque = await new Client(t).post('/admin/sign-in', { email: account.email, password: account.password }, { origin: 'null' });
    expect(opaque.statusCode).toBe(403);
  });

  it('throttles 5 failed sign-ins per 15 minutes from one address, without revealing accounts', async () => {
    const account = await createStaff(t, 'editor');
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/sign-in',
        remoteAddress: '203.0.113.9',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://news.example.org', cookie: `${CSRF}=${'a'.repeat(43)}` },
        payload: `_csrf=${'a'.repeat(43)}&email=x${i}%40example.org&password=wrong`,
      });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/admin/sign-in',
      remoteAddress: '203.0.113.9',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://news.example.org', cookie: `${CSRF}=${'a'.repeat(43)}` },
      payload: `_csrf=${'a'.repeat(43)}&email=${encodeURIComponent(account.email)}&password=${encodeURIComponent(account.password)}`,
    });
    expect(blocked.statusCode).toBe(429);
    expect(page(blocked.body).text('main')).toContain('Too many failed sign-ins. Wait up to an hour');
    clock.advance(16);
    const later = await t.app.inject({
      method: 'POST',
      url: '/admin/sign-in',
      remoteAddress: '203.0.113.9',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://news.example.org', cookie: `${CSRF}=${'a'.repeat(43)}` },
      payload: `_csrf=${'a'.repeat(43)}&email=${encodeURIComponent(account.email)}&password=${encodeURIComponent(account.password)}`,
    });
    expect(later.statusCode).toBe(303);
  });

  it('throttles 25 failures per hour on one account, whatever the address', async () => {
    const account = await createStaff(t, 'editor');
    const post = (ip: string, password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/admin/sign-in',
        remoteAddress: ip,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://news.example.org', cookie: `${CSRF}=${'b'.repeat(43)}` },
        payload: `_csrf=${'b'.repeat(43)}&email=${encodeURIComponent(account.email)}&password=${encodeURIComponent(password)}`,
      });
    for (let i = 0; i < 25; i++) expect((await post(`198.51.100.${i + 1}`, 'wrong')).statusCode).toBe(401);
    expect((await post('198.51.100.200', account.password)).statusCode).toBe(429);
  });

  it('does not open-redirect after sign-in', async () => {
    const account = await createStaff(t, 'editor');
    const client = new Client(t);
    await client.get('/admin/sign-in');
    for (const next of ['https://evil.example/', '//evil.example', '/admin/../\\evil', '/public']) {
      const res = await client.post('/admin/sign-in', { email: account.email, password: account.password, next });
      expect(res.headers.location, next).toBe('/admin');
    }
  });

  it('draws refusals as errors in the admin’s frame, and gives API clients problem details with their codes', async () => {
    const anonymous = new Client(t);
    const json = { accept: 'application/json' };
    const signedOut = await anonymous.post('/admin/users', {});
    expect(signedOut.statusCode).toBe(401);
    expect(signedOut.headers['cache-control']).toBe('no-store');
    expect(signedOut.body).toContain('<h1>You are signed out</h1>');
    expect(signedOut.body).toContain('<a href="/admin/sign-in">Sign in</a>');
    expect(signedOut.body).toContain('Placard admin');
    expect((await anonymous.post('/admin/users', {}, { headers: json })).json()).toMatchObject({ status: 401, code: 'sign_in_required' });

    const author = await signInAs(t, await createStaff(t, 'author'));
    const notAllowed = await author.get('/admin/users');
    expect(notAllowed.statusCode).toBe(403);
    expect(notAllowed.body).toContain('<h1>Not allowed</h1>');
    expect(notAllowed.body).toContain('Your role does not include this part of the admin.');
    // Still in the admin's frame, with the author's own menu.
    expect(notAllowed.body).toContain('href="/admin/articles"');
    expect((await author.get('/admin/users', json)).json()).toMatchObject({ status: 403, code: 'forbidden' });

    const forged = await author.post('/admin/account/sign-out-everywhere', {}, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('<h1>The form could not be accepted</h1>');
    const forgedApi = await author.post('/admin/account/sign-out-everywhere', {}, { csrf: false, headers: json });
    expect(forgedApi.json()).toMatchObject({ status: 403, code: 'form_refused' });
    expect((await author.get('/admin')).statusCode).toBe(200);
  });

  it('spares public pages the admin’s hooks: a signed-in reader costs no session lookup and gets no cookie', async () => {
    const account = await createStaff(t, 'editor');
    const client = await signInAs(t, account);
    const lastSeen = async () =>
      (await t.database.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', account.id).executeTakeFirstOrThrow()).last_seen_at;
    const before = await lastSeen();
    // Past the minute after which a session's last use is written down.
    clock.advance(5);
    for (const url of ['/', '/archive', '/campaigns/stop-state-brutality-in-kazakhstan']) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['set-cookie'], url).toBeUndefined();
      expect(res.body, url).not.toContain('Sign out');
    }
    expect(await lastSeen()).toBe(before);
    expect((await client.get('/admin')).statusCode).toBe(200);
    expect(await lastSeen()).not.toBe(before);
  });
});

describe('http (sqlite): cookies over https', () => {
  it('uses __Host- cookies marked Secure when PUBLIC_URL is https', async () => {
    const t = await startTestApp('sqlite', { demo: false });
    try {
      const res = await t.app.inject('/admin/sign-in');
      expect(String(res.headers['set-cookie'])).toMatch(/^__Host-placard-csrf=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    } finally {
      await t.close();
    }
  });
});
