import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { allAtOnce, browserAt, copyAt, countStatus } from '../support/parallel.js';
import { testClock } from '../support/clock.js';
import { auditSummaries, createStaff, signInAs, type StaffAccount } from '../support/staff.js';

// The test app's PUBLIC_URL is https, so cookies carry the __Host- prefix.
const DEVICE = '__Host-placard-device';

describe.each(DATABASES)('http (%s): sign-in limits under parallel requests', (kind) => {
  let t: TestApp;
  const clock = testClock();

  beforeAll(async () => {
    t = await startTestApp(kind, { clock, demo: false });
  });
  afterAll(async () => t?.close());
  // Each test starts past every window of the one before.
  beforeEach(() => clock.advance(61));

  it('checks at most 5 of 60 passwords sent at once from one address, 59 wrong and 1 right, and refuses the rest', async () => {
    const account = await createStaff(t, 'editor');
    const attacker = await browserAt(t, '203.0.113.60');
    const passwords = Array.from({ length: 60 }, (_, i) => (i === 30 ? account.password : `wrong guess ${i}`));
    const { responses, finished } = await allAtOnce(passwords.map((password) => () => attacker.post('/admin/sign-in', { email: account.email, password })));

    const checked = countStatus(responses, 401) + countStatus(responses, 303);
    expect(countStatus(responses, 401)).toBeLessThanOrEqual(5);
    // The right password can only be among the checked ones; when it succeeds, its
    // attempt stops counting and at most one more may be checked.
    expect(countStatus(responses, 303)).toBeLessThanOrEqual(1);
    expect(checked).toBeLessThanOrEqual(6);
    expect(countStatus(responses, 429)).toBe(60 - checked);
    expect(finished[0]).toBe(429);
    expect((await auditSummaries(t, 'sign-in-failed', account)).length).toBe(countStatus(responses, 401));
    // Whatever got through, the address is now spent: the right password is refused too.
    expect((await attacker.post('/admin/sign-in', { email: account.email, password: account.password })).statusCode).toBe(429);
  });

  it('checks at most 25 of 300 passwords for one account sent at once from 300 addresses', async () => {
    const account = await createStaff(t, 'editor');
    const first = await browserAt(t, '198.51.99.1');
    const clients = Array.from({ length: 300 }, (_, i) => copyAt(first, `198.51.${100 + Math.floor(i / 200)}.${(i % 200) + 1}`));
    const { responses } = await allAtOnce(
      clients.map((client, i) => () => client.post('/admin/sign-in', { email: account.email, password: `wrong guess ${i}` })),
    );
    expect(countStatus(responses, 401)).toBe(25);
    expect(countStatus(responses, 429)).toBe(275);
    expect(await auditSummaries(t, 'sign-in-failed', account)).toHaveLength(25);
  });

  it('keeps attempts as HMACs, never an address or email or their plain hash, and for a day', async () => {
    const account = await createStaff(t, 'editor');
    const browser = await browserAt(t, '203.0.113.62');
    expect((await browser.post('/admin/sign-in', { email: account.email, password: 'wrong' })).statusCode).toBe(401);
    const rows = await t.database.db.selectFrom('sign_in_attempts').selectAll().execute();
    const plain = (value: string) => createHash('sha256').update(value).digest('base64url');
    for (const row of rows) {
      expect([row.ip_key, row.account_key]).not.toContain(plain('203.0.113.62'));
      expect([row.ip_key, row.account_key]).not.toContain(plain(account.email));
      expect(`${row.ip_key} ${row.account_key}`).not.toContain('203.0.113');
    }
    clock.advance(24 * 60 + 1);
    expect((await browser.post('/admin/sign-in', { email: account.email, password: account.password })).statusCode).toBe(303);
    const left = await t.database.db.selectFrom('sign_in_attempts').select('at').execute();
    expect(left.map((r) => r.at)).toEqual([clock().toISOString()]);
  });

  it('checks at most 5 current passwords of 60 sent at once to the change-password form', async () => {
    const account = await createStaff(t, 'author');
    const client = await signInAs(t, account, '203.0.113.61');
    const { responses } = await allAtOnce(
      Array.from(
        { length: 60 },
        (_, i) => () => client.post('/admin/account/password', { current: `wrong guess ${i}`, password: 'a new and long passphrase' }),
      ),
    );
    expect(countStatus(responses, 422)).toBe(5);
    expect(countStatus(responses, 429)).toBe(55);
    expect((await auditSummaries(t, 'sign-in-failed', account)).filter((s) => s.startsWith('Wrong password when confirming'))).toHaveLength(5);
  });
});

describe.each(DATABASES)('http (%s): device cookies', (kind) => {
  let t: TestApp;
  const clock = testClock();

  beforeAll(async () => {
    t = await startTestApp(kind, { clock, demo: false });
  });
  afterAll(async () => t?.close());
  beforeEach(() => clock.advance(61));

  const wrongFromEverywhere = (account: StaffAccount, n: number, net: number) =>
    allAtOnce(
      Array.from({ length: n }, (_, i) => async () => {
        const stranger = await browserAt(t, `192.0.${net}.${i + 1}`);
        return stranger.post('/admin/sign-in', { email: account.email, password: `wrong guess ${i}` });
      }),
    );

  it('gives a browser that signed in a long-lived, signed, HttpOnly device cookie', async () => {
    const account = await createStaff(t, 'author');
    const browser = await browserAt(t, '203.0.113.80');
    const res = await browser.post('/admin/sign-in', { email: account.email, password: account.password });
    const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith(`${DEVICE}=`)) ?? '';
    expect(cookie).toMatch(/^__Host-placard-device=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43};/);
    for (const part of ['Max-Age=31536000', 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']) expect(cookie.split('; ')).toContain(part);
    // The cookie names the account only through its MAC: no email in it.
    expect(browser.cookies.get(DEVICE)).not.toContain(account.email.split('@')[0]);
  });

  it('keeps the staff member’s own browser signing in while strangers’ wrong passwords lock the account', async () => {
    const account = await createStaff(t, 'editor');
    const own = await signInAs(t, account, '203.0.113.81');
    expect(own.cookies.get(DEVICE)).toBeDefined();
    expect((await own.post('/admin/sign-out', {})).statusCode).toBe(303);
    // A stranger's device cookie for their own account counts for nothing on this one.
    const stranger = await signInAs(t, await createStaff(t, 'author'), '203.0.113.82');

    const { responses } = await wrongFromEverywhere(account, 30, 2);
    expect(countStatus(responses, 401)).toBe(25);
    expect(countStatus(responses, 429)).toBe(5);

    expect((await (await browserAt(t, '203.0.113.83')).post('/admin/sign-in', { email: account.email, password: account.password })).statusCode).toBe(429);
    expect((await stranger.post('/admin/sign-in', { email: account.email, password: account.password })).statusCode).toBe(429);
    const back = await own.post('/admin/sign-in', { email: account.email, password: account.password });
    expect(back.statusCode).toBe(303);
    expect((await own.get('/admin')).statusCode).toBe(200);
  });

  it('gives a device cookie its own budget of 10 failures an hour, and a forged one none', async () => {
    const account = await createStaff(t, 'editor');
    const device = (await signInAs(t, account, '203.0.113.84')).cookies.get(DEVICE)!;
    const fromDevice = async (ip: string, cookie: string, password: string) => {
      const client = await browserAt(t, ip);
      client.cookies.set(DEVICE, cookie);
      return client.post('/admin/sign-in', { email: account.email, password });
    };
    const { responses } = await allAtOnce(Array.from({ length: 40 }, (_, i) => () => fromDevice(`192.0.3.${i + 1}`, device, `wrong guess ${i}`)));
    expect(countStatus(responses, 401)).toBe(10);
    expect((await fromDevice('192.0.3.200', device, account.password)).statusCode).toBe(429);
    // The account's own budget was not touched by them; a forged cookie falls back to it.
    const forged = `${device.slice(0, 22)}.${'A'.repeat(43)}`;
    expect((await fromDevice('192.0.3.201', forged, account.password)).statusCode).toBe(303);
    clock.advance(61);
    expect((await fromDevice('192.0.3.202', device, account.password)).statusCode).toBe(303);
  });
});
