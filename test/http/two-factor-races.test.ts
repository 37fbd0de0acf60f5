import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../../src/domain/accounts/totp.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { allAtOnce, browserAt, copyAt, countStatus } from '../support/parallel.js';
import { testClock } from '../support/clock.js';
import { auditSummaries, Client, createStaff, enrolTwoFactor, signInAs, type StaffAccount } from '../support/staff.js';

// The test app's PUBLIC_URL is https, so cookies carry the __Host- prefix.
const SESSION = '__Host-placard-session';
// Many more requests than any limit allows (5 codes a session, 25 an account), all in
// flight at once: enough to show a race, few enough to keep the suite quick.
const CONCURRENT = 300;

describe.each(DATABASES)('http (%s): second-factor codes under parallel requests', (kind) => {
  let t: TestApp;
  const clock = testClock();

  beforeAll(async () => {
    t = await startTestApp(kind, { clock, demo: false });
  });
  afterAll(async () => t?.close());
  // Each test starts past every window of the one before.
  beforeEach(() => clock.advance(61));

  /** An account with two-step sign-in on; returns its secret and recovery codes. */
  async function enrolled(ip: string): Promise<{ account: StaffAccount; secret: Uint8Array; codes: string[] }> {
    const account = await createStaff(t, 'editor');
    const { secret, codes } = await enrolTwoFactor(await signInAs(t, account, ip), clock);
    // The enrolment code's time step is used up; the next sign-in needs a later one.
    clock.advance(1);
    return { account, secret: base32Decode(secret)!, codes };
  }

  /** A browser at `ip` that has passed the password and owes a code. */
  async function owingCode(account: StaffAccount, ip: string): Promise<Client> {
    const client = await browserAt(t, ip);
    expect((await client.post('/admin/sign-in', { email: account.email, password: account.password })).statusCode).toBe(303);
    return client;
  }

  const signedIn = (res: LightMyRequestResponse) =>
    res.statusCode === 303 && res.headers.location === '/admin' && String(res.headers['set-cookie']).includes(`${SESSION}=`);

  it('accepts the right code once and checks at most 5 of 300 sent at once for one session', async () => {
    const { account, secret } = await enrolled('203.0.113.70');
    const client = await owingCode(account, '203.0.113.71');
    const code = totp(secret, clock());
    const { responses } = await allAtOnce(Array.from({ length: CONCURRENT }, () => () => client.post('/admin/sign-in/code', { code })));

    expect(responses.filter(signedIn)).toHaveLength(1);
    // The others: refused by the throttle, refused as already used (checked), or sent to
    // sign in again once the session that owed the code had been replaced.
    const wrong = countStatus(responses, 401);
    expect(wrong).toBeLessThanOrEqual(5);
    expect(await auditSummaries(t, 'sign-in-failed', account)).toHaveLength(wrong);
    expect((await auditSummaries(t, 'sign-in', account)).filter((s) => s === 'Completed sign-in with an authenticator code')).toHaveLength(1);
  });

  it('checks at most 5 of 300 wrong codes sent at once for one session, and then refuses the right one', async () => {
    const { account, secret } = await enrolled('203.0.113.74');
    const client = await owingCode(account, '203.0.113.75');
    // Any code of the steps one either side would be accepted (drift): none of them is sent.
    const valid = new Set([-30, 0, 30].map((s) => totp(secret, new Date(clock().getTime() + s * 1000))));
    const wrongCodes = Array.from({ length: CONCURRENT + 10 }, (_, i) => String(100_000 + i * 997))
      .filter((c) => !valid.has(c))
      .slice(0, CONCURRENT);
    const { responses } = await allAtOnce(wrongCodes.map((code) => () => client.post('/admin/sign-in/code', { code })));

    expect(countStatus(responses, 401)).toBe(5);
    expect(countStatus(responses, 429)).toBe(CONCURRENT - 5);
    expect(await auditSummaries(t, 'sign-in-failed', account)).toHaveLength(5);
    expect((await client.post('/admin/sign-in/code', { code: totp(secret, clock()) })).statusCode).toBe(429);
  });

  it('accepts one recovery code once among 300 sent at once from 300 addresses, checking at most 25', async () => {
    const { account, codes } = await enrolled('203.0.113.72');
    const first = await owingCode(account, '203.0.113.73');
    // The same pending session, as if its cookies had been copied to 300 machines.
    const clients = Array.from({ length: CONCURRENT }, (_, i) => copyAt(first, `10.${Math.floor(i / 250)}.${i % 250}.1`));
    const { responses } = await allAtOnce(clients.map((client) => () => client.post('/admin/sign-in/code', { code: codes[0]! })));

    expect(responses.filter(signedIn)).toHaveLength(1);
    expect(countStatus(responses, 401)).toBeLessThanOrEqual(25);
    expect((await auditSummaries(t, 'sign-in', account)).filter((s) => s.startsWith('Completed sign-in with a recovery code'))).toEqual([
      'Completed sign-in with a recovery code (9 left)',
    ]);
  });
});
