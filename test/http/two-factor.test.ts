import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../../src/domain/accounts/totp.js';
import { tokenHash } from '../../src/services/accounts/tokens.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { testClock } from '../support/clock.js';
import { page } from '../support/html.js';
import { routeTable } from '../support/routes.js';
import { Client, createStaff, enrolTwoFactor, recoveryCodesShown, signInAs, totpKeyShown, type StaffAccount } from '../support/staff.js';

const SESSION = '__Host-placard-session';
/** Admin pages open to anyone (sign-in and its code step redirect a signed-in person onwards). */
const PUBLIC_PAGES = new Set(['/admin/sign-in', '/admin/sign-in/code']);

/** What the two-step page says of an account that has it on. */
const stateShown = (html: string) => page(html).texts('main p');

/** Signs in with the password only; the client then holds a session that owes a code. */
async function passwordStep(t: TestApp, account: StaffAccount, next = '/admin'): Promise<Client> {
  const client = new Client(t);
  await client.get('/admin/sign-in');
  const res = await client.post('/admin/sign-in', { email: account.email, password: account.password, next });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe(`/admin/sign-in/code?next=${encodeURIComponent(next)}`);
  return client;
}

describe.each(DATABASES)('http (%s): two-step sign-in', (kind) => {
  let t: TestApp;
  const clock = testClock();
  const code = (secret: string, offsetSeconds = 0) => totp(base32Decode(secret)!, new Date(clock().getTime() + offsetSeconds * 1000));
  const auditOf = (action: string) => t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

  beforeAll(async () => {
    t = await startTestApp(kind, { clock, demo: false });
  });
  afterAll(async () => t?.close());
  // Each test starts past the 15-minute throttle window of the one before (all come from 127.0.0.1).
  beforeEach(() => clock.advance(16));

  it('enrols with the secret as text and an otpauth:// URI, confirmed by a code, and shows 10 recovery codes once', async () => {
    const account = await createStaff(t, 'editor');
    const client = await signInAs(t, account);
    const enrolment = page((await client.get('/admin/account/two-factor')).body);
    const secret = enrolment.text('code#totp-secret').replace(/ /g, '');
    expect(enrolment.text('code#totp-secret')).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const uri = new URL(enrolment.text('code.uri'));
    expect(`${uri.protocol}//${uri.host}${uri.pathname}`).toBe(`otpauth://totp/news.example.org:${encodeURIComponent(account.email)}`);
    expect([uri.searchParams.get('secret'), uri.searchParams.get('issuer')]).toEqual([secret, 'news.example.org']);
    // Reloading keeps the same secret, so the app already set up still matches.
    expect(totpKeyShown((await client.get('/admin/account/two-factor')).body)).toBe(secret);

    const wrong = await client.post('/admin/account/two-factor', { code: String((Number(code(secret)) + 1) % 1_000_000).padStart(6, '0') });
    expect(wrong.statusCode).toBe(422);
    expect(page(wrong.body).errorFor('code')).toMatch(/^That code does not match/);
    expect(totpKeyShown(wrong.body)).toBe(secret);

    const done = await client.post('/admin/account/two-factor', { code: code(secret) });
    expect(done.statusCode).toBe(200);
    const codes = recoveryCodesShown(done.body);
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    const row = await t.database.db.selectFrom('users').select(['recovery_codes', 'totp_enabled_at']).where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.totp_enabled_at).not.toBeNull();
    expect(JSON.parse(row.recovery_codes)).toHaveLength(10);
    for (const c of codes) expect(row.recovery_codes).not.toContain(c.replace(/-/g, ''));
    // This session proved the code; it carries on. The codes are not shown again.
    const later = await client.get('/admin/account/two-factor');
    expect(later.statusCode).toBe(200);
    expect(stateShown(later.body)).toContain('Two-step sign-in is on. You have 10 unused recovery codes left.');
    expect(recoveryCodesShown(later.body)).toEqual([]);
    expect(later.body).not.toContain(codes[0]);
    expect((await auditOf('two-factor-enabled')).some((e) => e.actor_id === account.id)).toBe(true);
  });

  it('asks for a code after the password, with a new session token once the code is right', async () => {
    const account = await createStaff(t, 'editor');
    const { secret } = await enrolTwoFactor(await signInAs(t, account), clock);
    clock.advance(1);

    const client = await passwordStep(t, account, '/admin/account');
    const pendingToken = client.cookies.get(SESSION)!;
    // Half signed in: nothing of the admin opens yet.
    expect((await client.get('/admin')).statusCode).toBe(303);
    const codeStep = page((await client.get('/admin/sign-in/code?next=%2Fadmin%2Faccount')).body).first('form[action="/admin/sign-in/code"]');
    expect(codeStep.field('code').label).toBe('Code from your authenticator app');
    expect(codeStep.field('next').value).toBe('/admin/account');

    const done = await client.post('/admin/sign-in/code', { code: code(secret), next: '/admin/account' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/admin/account');
    expect(client.cookies.get(SESSION)).not.toBe(pendingToken);
    expect((await client.get('/admin/account')).statusCode).toBe(200);
    // The token from before the second factor opens nothing now (no session fixation).
    for (const url of ['/admin', '/admin/sign-in/code']) {
      const replay = await t.app.inject({ url, headers: { cookie: `${SESSION}=${pendingToken}` } });
      expect(replay.headers.location, url).toMatch(/^\/admin\/sign-in\?next=/);
    }
    expect(await t.database.db.selectFrom('sessions').select('token_hash').where('token_hash', '=', tokenHash(pendingToken)).execute()).toEqual([]);
  });

  it('sends a visitor without a pending session from the code page to sign-in', async () => {
    const res = await new Client(t).get('/admin/sign-in/code');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/sign-in?next=%2Fadmin');
  });

  it('refuses a code that was already used, and an older one, until the next step', async () => {
    const account = await createStaff(t, 'author');
    const { secret } = await enrolTwoFactor(await signInAs(t, account), clock);
    clock.advance(1);
    const first = await passwordStep(t, account);
    const used = code(secret);
    expect((await first.post('/admin/sign-in/code', { code: used })).statusCode).toBe(303);

    const second = await passwordStep(t, account);
    const again = await second.post('/admin/sign-in/code', { code: used });
    expect(again.statusCode).toBe(401);
    expect(page(again.body).errorFor('code')).toMatch(/^That code is not right, or was already used\./);
    expect((await second.post('/admin/sign-in/code', { code: code(secret, -30) })).statusCode).toBe(401);
    clock.advance(0.5);
    expect((await second.post('/admin/sign-in/code', { code: code(secret) })).statusCode).toBe(303);
    expect((await second.get('/admin')).statusCode).toBe(200);
  });

  it('accepts each recovery code once', async () => {
    const account = await createStaff(t, 'editor');
    const { codes } = await enrolTwoFactor(await signInAs(t, account), clock);
    const recovery = codes[3]!;
    const first = await passwordStep(t, account);
    expect((await first.post('/admin/sign-in/code', { code: recovery.toUpperCase().replace(/-/g, ' ') })).statusCode).toBe(303);
    expect((await first.get('/admin')).statusCode).toBe(200);
    expect(stateShown((await first.get('/admin/account/two-factor')).body)).toContain('Two-step sign-in is on. You have 9 unused recovery codes left.');

    const second = await passwordStep(t, account);
    expect((await second.post('/admin/sign-in/code', { code: recovery })).statusCode).toBe(401);
    expect((await second.post('/admin/sign-in/code', { code: codes[4]! })).statusCode).toBe(303);
    const signIns = (await auditOf('sign-in')).filter((e) => e.actor_id === account.id).map((e) => e.summary);
    expect(signIns).toContain('Completed sign-in with a recovery code (9 left)');
    expect(signIns).toContain('Completed sign-in with a recovery code (8 left)');
  });

  it('counts wrong codes as failed sign-ins: 5 from one address and the next is refused, audited', async () => {
    const account = await createStaff(t, 'editor');
    const { secret } = await enrolTwoFactor(await signInAs(t, account), clock);
    clock.advance(1);
    const client = await passwordStep(t, account);
    const wrong = String((Number(code(secret)) + 500_000) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) expect((await client.post('/admin/sign-in/code', { code: wrong })).statusCode).toBe(401);
    const blocked = await client.post('/admin/sign-in/code', { code: code(secret) });
    expect(blocked.statusCode).toBe(429);
    expect(page(blocked.body).text('main')).toContain('Too many wrong codes');
    expect((await client.get('/admin')).statusCode).toBe(303);
    const failed = (await auditOf('sign-in-failed')).filter((e) => e.subject_id === String(account.id));
    expect(failed).toHaveLength(5);
    for (const entry of failed) expect(entry.summary).toMatch(/^Wrong second-factor code for .+'s account$/);
    clock.advance(16);
    expect((await client.post('/admin/sign-in/code', { code: code(secret) })).statusCode).toBe(303);
  });

  it('ends the sessions opened with the password alone before enrolment', async () => {
    const account = await createStaff(t, 'editor');
    const laptop = await signInAs(t, account);
    const phone = await signInAs(t, account);
    await enrolTwoFactor(phone, clock);
    expect((await phone.get('/admin')).statusCode).toBe(200);
    expect((await laptop.get('/admin')).statusCode).toBe(303);
  });

  it('turns two-step sign-in off only with the password', async () => {
    const account = await createStaff(t, 'author');
    const client = await signInAs(t, account);
    await enrolTwoFactor(client, clock);
    const wrong = await client.post('/admin/account/two-factor/disable', { password: 'not my password' });
    expect(wrong.statusCode).toBe(422);
    expect(page(wrong.body).first('form[action="/admin/account/two-factor/disable"]').errorFor('password')).toBe('That is not your password.');
    const ok = await client.post('/admin/account/two-factor/disable', { password: account.password });
    expect(ok.statusCode).toBe(303);
    // Off: the page offers to set it up again, with a new key.
    expect(totpKeyShown((await client.get('/admin/account/two-factor')).body)).toMatch(/^[A-Z2-7]{32}$/);
    expect((await auditOf('two-factor-disabled')).some((e) => e.actor_id === account.id)).toBe(true);
    const again = new Client(t);
    await again.get('/admin/sign-in');
    expect((await again.post('/admin/sign-in', { email: account.email, password: account.password })).headers.location).toBe('/admin');
  });
});

describe.each(DATABASES)('http (%s): two-step sign-in required by role', (kind) => {
  let t: TestApp;
  const clock = testClock();
  beforeAll(async () => {
    t = await startTestApp(kind, { clock, demo: false });
  });
  afterAll(async () => t?.close());

  it('lets only administrators change the setting, and audits it', async () => {
    const editor = await signInAs(t, await createStaff(t, 'editor'));
    expect((await editor.get('/admin/settings')).statusCode).toBe(403);
    expect((await editor.post('/admin/settings', { require_2fa_roles: 'editor' })).statusCode).toBe(403);
    const admin = await signInAs(t, await createStaff(t, 'administrator'));
    const saved = await admin.post('/admin/settings', { require_2fa_roles: ['editor', 'section_editor', 'nonsense'] });
    expect(saved.statusCode).toBe(303);
    const settings = page((await admin.get('/admin/settings?saved=1')).body);
    expect(settings.field('require_2fa_roles').values).toEqual(['editor', 'section_editor']);
    const entry = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings-changed').executeTakeFirstOrThrow();
    expect(entry.summary).toBe('Two-step sign-in required for: none → Editor, Section editor');
  });

  it('holds staff of such a role at enrolment until they have enrolled; other roles carry on', async () => {
    const account = await createStaff(t, 'editor');
    const client = await signInAs(t, account);
    for (const url of ['/admin', '/admin/account', '/admin/sign-in/code']) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location, url).toMatch(/^\/admin(\/account\/two-factor)?$/);
    }
    expect((await client.get('/admin')).headers.location).toBe('/admin/account/two-factor');
    const refused = await client.post('/admin/account/password', { current: account.password, password: 'a brand new passphrase' });
    expect(refused.statusCode).toBe(403);
    expect(page(refused.body).text('main')).toContain('Your role requires two-step sign-in.');
    const enrolment = await client.get('/admin/account/two-factor');
    expect(enrolment.statusCode).toBe(200);
    expect(page(enrolment.body).text('p.notice[role=status]')).toBe('Your role requires two-step sign-in. Set it up to continue.');

    await enrolTwoFactor(client, clock);
    expect((await client.get('/admin')).statusCode).toBe(200);
    // And it cannot be turned off while the role requires it.
    const off = await client.post('/admin/account/two-factor/disable', { password: account.password });
    expect(off.statusCode).toBe(422);
    const stillOn = page(off.body);
    expect(stillOn.texts('main p')).toContainEqual(expect.stringMatching(/^Your role requires two-step sign-in, so it cannot be turned off/));
    expect(stillOn.has('form[action="/admin/account/two-factor/disable"]')).toBe(false);
    expect(
      (await t.database.db.selectFrom('users').select('totp_enabled_at').where('id', '=', account.id).executeTakeFirstOrThrow()).totp_enabled_at,
    ).not.toBeNull();

    const author = await signInAs(t, await createStaff(t, 'author'));
    expect((await author.get('/admin')).statusCode).toBe(200);
  });

  it('holds them at enrolment on every admin page there is', async () => {
    const client = await signInAs(t, await createStaff(t, 'editor'));
    // Every GET page under /admin without parameters.
    const pages = routeTable(t.app)
      .filter((r) => r.methods.includes('GET') && r.path.startsWith('/admin') && !r.path.includes(':'))
      .map((r) => r.path)
      .filter((path) => !PUBLIC_PAGES.has(path) && path !== '/admin/account/two-factor');
    expect(pages).toContain('/admin/users');
    for (const path of pages) {
      const res = await client.get(path);
      // Pages outside the role answer 403 before the requirement is looked at; either way nothing opens.
      const outcome = res.statusCode === 403 ? 'refused' : `${res.statusCode} ${res.headers.location ?? ''}`;
      expect(`${path} → ${outcome}`).toMatch(new RegExp(`^${path} → (303 /admin/account/two-factor|refused)$`));
    }
  });

  it('lets such staff sign out without enrolling', async () => {
    const client = await signInAs(t, await createStaff(t, 'editor'));
    expect((await client.get('/admin')).headers.location).toBe('/admin/account/two-factor');
    expect((await client.post('/admin/sign-out', {})).statusCode).toBe(303);
    expect((await client.get('/admin')).headers.location).toMatch(/^\/admin\/sign-in/);
  });
});
