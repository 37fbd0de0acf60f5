import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashDataToken, supporterDataToken } from '../../src/services/campaigns/supporter-token.js';
import { loadServerSecret } from '../../src/services/settings/server-secret.js';
import { actionsOf, confirmationsTo, confirmPathFor, DEMO_SLUG, headersButDate, postForm, supporterForm } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { page as read } from '../support/html.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';

const ACT = `/campaigns/${DEMO_SLUG}/act`;

describe.each(DATABASES)('http (%s): sending a letter through Placard', (kind) => {
  let t: TestApp;
  const clock = testClock('2026-03-02T10:00:00.000Z');
  let ip = 0;
  // A fresh address for every test: the rate limit is not what these tests are about.
  const nextIp = () => `192.0.2.${++ip}`;
  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  });
  afterAll(async () => t?.close());

  const letters = async (actionId: number) =>
    t.database.db
      .selectFrom('outbox')
      .select(['recipient', 'body', 'reply_to', 'from_name'])
      .where('kind', '=', 'letter')
      .where('action_id', '=', actionId)
      .execute();
  const supporterOf = (email: string) => t.database.db.selectFrom('supporters').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

  it('stores a pending action, its consents and a confirmation email with a link only the supporter gets', async () => {
    const form = supporterForm({ email: `Mixed.Case-${Date.now()}@Example.NET`, consent_campaign: 'yes', consent_news: 'yes' });
    const res = await postForm(t, ACT, form, { ip: nextIp() });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/campaigns/${DEMO_SLUG}/thanks/email`);
    expect(res.headers['set-cookie']).toBeUndefined();
    const thanks = await t.app.inject({ method: 'GET', url: res.headers.location as string });
    expect(read(thanks.body).text('section.thanks h1')).toBe('Check your email');

    const supporter = await supporterOf(form.email!);
    expect(supporter).toMatchObject({ email: form.email!.toLowerCase(), country: 'IE', city: 'Dublin' });
    const secret = await loadServerSecret(t.database.db);
    expect(supporter!.data_token_hash).toBe(hashDataToken(supporterDataToken(secret, supporter!.id)));

    const [mail] = await confirmationsTo(t, form.email!);
    expect(mail?.subject).toBe('Please confirm: Stop state brutality in Kazakhstan!');
    expect(mail?.body).toContain(`https://news.example.org/your-data/${supporterDataToken(secret, supporter!.id)}`);
    const path = await confirmPathFor(t, form.email!);
    const token = path.split('/').at(-1)!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);

    const action = (await actionsOf(t, DEMO_SLUG)).find((a) => a.supporter_id === supporter!.id);
    expect(action).toMatchObject({ method: 'placard', status: 'pending', country: 'IE', letter: form.letter });
    // Only the token's SHA-256 is stored; the link expires after 7 days.
    expect(action!.confirm_token_hash).toBe(createHash('sha256').update(token).digest('base64url'));
    expect(action!.expires_at).toBe('2026-03-09T10:00:00.000Z');
    expect(action!.ip_key).not.toContain('192.0.2');

    const consents = await t.database.db.selectFrom('consents').selectAll().where('supporter_id', '=', supporter!.id).orderBy('scope').execute();
    expect(consents.map((c) => [c.scope, c.wording, c.given_at, c.confirmed_at])).toEqual([
      [
        'campaign_updates',
        'Email me updates on “Stop state brutality in Kazakhstan!”, such as news of the people it is about.',
        '2026-03-02T10:00:00.000Z',
        null,
      ],
      ['section_news', 'Email me news from Committee for a Workers’ International.', '2026-03-02T10:00:00.000Z', null],
    ]);
  });

  it('confirms only on the button’s POST, once, and queues the letters in the same transaction', async () => {
    const form = supporterForm({ name: 'Oisín Kelly', sign_as: 'Oisín', consent_campaign: 'yes' });
    await postForm(t, ACT, form, { ip: nextIp() });
    const path = await confirmPathFor(t, form.email!);

    // A mail scanner follows the link: nothing changes.
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    const confirm = read(page.body).first('section.confirm');
    expect(confirm.first('form').attr('action')).toBe(path);
    expect(confirm.first('form').attr('method')).toBe('post');
    expect(confirm.text('form button[type=submit]')).toBe('Confirm and send my letter');
    expect(page.headers['cache-control']).toBe('no-store');
    const supporter = await supporterOf(form.email!);
    let action = (await actionsOf(t, DEMO_SLUG)).find((a) => a.supporter_id === supporter!.id)!;
    expect(action.status).toBe('pending');
    expect(await letters(action.id)).toEqual([]);

    const done = await postForm(t, path, {});
    expect(done.statusCode).toBe(200);
    expect(read(done.body).text('section.confirm p')).toMatch(/^Your letter is on its way/);
    action = (await actionsOf(t, DEMO_SLUG)).find((a) => a.id === action.id)!;
    expect(action.status).toBe('confirmed');
    const sent = await letters(action.id);
    expect(sent.map((l) => l.recipient).sort()).toEqual([
      'foreign-ministry@example.org',
      'presidential-administration@example.org',
      'supreme-court@example.org',
    ]);
    // Protective mode: the name the supporter signs with and the country only, sent by the organisation, no Reply-To.
    for (const letter of sent) {
      // The demo's officials in Kazakhstan read Russian: the campaign's Russian letter, signed as the supporter chose.
      expect(letter.body).toMatch(/Oisín, Ирландия$/);
      expect(letter.body).not.toContain('Kelly');
      expect(letter.body).not.toContain('Dublin');
      expect(letter.reply_to).toBeNull();
    }
    const consent = await t.database.db.selectFrom('consents').select('confirmed_at').where('supporter_id', '=', supporter!.id).executeTakeFirstOrThrow();
    expect(consent.confirmed_at).toBe('2026-03-02T10:00:00.000Z');

    // Twice is harmless.
    const again = await postForm(t, path, {});
    expect(again.statusCode).toBe(200);
    expect(read(again.body).text('section.confirm h1')).toBe('Already confirmed');
    expect(await letters(action.id)).toHaveLength(3);
    const revisited = read((await t.app.inject({ method: 'GET', url: path })).body);
    expect(revisited.text('section.confirm h1')).toBe('Already confirmed');
    expect(revisited.count('section.confirm form')).toBe(0);
  });

  it('answers an unknown or expired link with a clear 404', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(unknown.statusCode).toBe(404);
    expect(read(unknown.body).text('section.confirm h1')).toBe('This confirmation link does not work');
    expect((await postForm(t, '/confirm/nope', {})).statusCode).toBe(404);

    const form = supporterForm();
    await postForm(t, ACT, form, { ip: nextIp() });
    const path = await confirmPathFor(t, form.email!);
    clock.advance(7 * 24 * 60 + 1);
    try {
      expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
      const late = await postForm(t, path, {});
      expect(late.statusCode).toBe(404);
      expect(read(late.body).text('section.confirm p')).toMatch(/^Links work for 7 days/);
    } finally {
      clock.set('2026-03-02T10:00:00.000Z');
    }
  });

  it('re-renders a bad form with 422, messages beside the fields and the edited letter intact', async () => {
    const before = (await actionsOf(t, DEMO_SLUG)).length;
    const letter = 'My own words: <b>free them</b> & "now".\n\nYours, {{name}}';
    const res = await postForm(t, ACT, supporterForm({ email: 'not-an-address', country: 'ZZ', letter }), { ip: nextIp() });
    expect(res.statusCode).toBe(422);
    expect(res.headers['cache-control']).toBe('no-store');
    const form = read(res.body).first('section#send form');
    expect(form.field('email')).toMatchObject({
      value: 'not-an-address',
      error: expect.stringMatching(/^This does not look like an email address/),
      invalid: true,
    });
    expect(form.field('country')).toMatchObject({ value: '', error: 'Please choose your country from the list.', invalid: true });
    expect(form.field('letter')).toMatchObject({ value: letter, error: undefined });
    expect(form.field('name').value).toMatch(/^Ada Lovelace /);
    // The summary at the top links to each field with a message.
    expect(
      read(res.body)
        .links('div.form-error[role=alert]')
        .map((link) => link.href),
    ).toEqual(expect.arrayContaining(['#act-email', '#act-country']));
    expect((await actionsOf(t, DEMO_SLUG)).length).toBe(before);
    const tooLong = await postForm(t, ACT, supporterForm({ letter: 'x'.repeat(10_001) }), { ip: nextIp() });
    expect(tooLong.statusCode).toBe(422);
    expect(read(tooLong.body).first('section#send form').errorFor('letter')).toMatch(/^The letter must be 10,000 characters or fewer/);
  });

  it('answers a robot that fills the honeypot exactly as a person, and stores nothing', async () => {
    const before = await actionsOf(t, DEMO_SLUG);
    const person = await postForm(t, ACT, supporterForm(), { ip: nextIp() });
    const robot = await postForm(t, ACT, supporterForm({ website: 'http://spam.example' }), { ip: nextIp() });
    expect(robot.statusCode).toBe(person.statusCode);
    expect(headersButDate(robot)).toEqual(headersButDate(person));
    expect(robot.body).toBe(person.body);
    expect((await actionsOf(t, DEMO_SLUG)).length).toBe(before.length + 1);
  });

  it('answers the same whether or not the address acted before, and sends no second letter', async () => {
    const form = supporterForm();
    const first = await postForm(t, ACT, form, { ip: nextIp() });
    const repeat = await postForm(t, ACT, { ...form, letter: 'A different letter' }, { ip: nextIp() });
    const stranger = await postForm(t, ACT, supporterForm(), { ip: nextIp() });
    for (const res of [repeat, stranger]) {
      expect(res.statusCode).toBe(first.statusCode);
      expect(headersButDate(res)).toEqual(headersButDate(first));
      expect(res.rawPayload.equals(first.rawPayload)).toBe(true);
    }
    const supporter = await supporterOf(form.email!);
    const theirs = (await actionsOf(t, DEMO_SLUG)).filter((a) => a.supporter_id === supporter!.id);
    expect(theirs).toHaveLength(1);
    expect(theirs[0]?.letter).toBe(form.letter);
    // Within ten minutes the confirmation email is not sent again…
    expect(await confirmationsTo(t, form.email!)).toHaveLength(1);
    clock.advance(11);
    try {
      // …after that it is, once, with a new link; the first one stops working.
      const oldPath = await confirmPathFor(t, form.email!);
      await postForm(t, ACT, form, { ip: nextIp() });
      await postForm(t, ACT, form, { ip: nextIp() });
      expect(await confirmationsTo(t, form.email!)).toHaveLength(2);
      const newPath = await confirmPathFor(t, form.email!);
      expect(newPath).not.toBe(oldPath);
      expect((await postForm(t, oldPath, {})).statusCode).toBe(404);
      expect((await postForm(t, newPath, {})).statusCode).toBe(200);
      expect(await letters(theirs[0]!.id)).toHaveLength(3);
      // Confirmed: a further submission sends neither a letter nor an email.
      clock.advance(11);
      const after = await postForm(t, ACT, form, { ip: nextIp() });
      expect(after.rawPayload.equals(first.rawPayload)).toBe(true);
      expect(await confirmationsTo(t, form.email!)).toHaveLength(2);
      expect(await letters(theirs[0]!.id)).toHaveLength(3);
    } finally {
      clock.set('2026-03-02T10:00:00.000Z');
    }
  });

  it('refuses a form posted from another site, and takes one from a browser that names no origin', async () => {
    const before = (await actionsOf(t, DEMO_SLUG)).length;
    const forged = await postForm(t, ACT, supporterForm(), { ip: nextIp(), origin: 'https://evil.example' });
    expect(forged.statusCode).toBe(403);
    expect(read(forged.body).text('main')).toContain('did not come from this site');
    const crossSite = await postForm(t, ACT, supporterForm(), { ip: nextIp(), origin: 'null', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    expect((await actionsOf(t, DEMO_SLUG)).length).toBe(before);
    const sameSite = await postForm(t, ACT, supporterForm(), { ip: nextIp(), origin: 'null', headers: { 'sec-fetch-site': 'same-origin' } });
    expect(sameSite.statusCode).toBe(303);
    const textBrowser = await postForm(t, ACT, supporterForm(), { ip: nextIp(), origin: null });
    expect(textBrowser.statusCode).toBe(303);
    const confirmForged = await postForm(t, '/confirm/anything', {}, { origin: 'https://evil.example' });
    expect(confirmForged.statusCode).toBe(403);
  });

  it('replays a repeated idempotency key without writing again, from the header or the form', async () => {
    const before = (await actionsOf(t, DEMO_SLUG)).length;
    const key = crypto.randomUUID();
    const form = supporterForm();
    const first = await postForm(t, ACT, form, { ip: nextIp(), headers: { 'idempotency-key': key } });
    const retry = await postForm(t, ACT, form, { ip: nextIp(), headers: { 'idempotency-key': key } });
    const viaForm = await postForm(t, ACT, { ...form, idempotency_key: key }, { ip: nextIp() });
    for (const res of [retry, viaForm]) {
      expect(res.statusCode).toBe(303);
      expect(res.rawPayload.equals(first.rawPayload)).toBe(true);
      expect(res.headers.location).toBe(first.headers.location);
    }
    expect((await actionsOf(t, DEMO_SLUG)).length).toBe(before + 1);
    expect(await confirmationsTo(t, form.email!)).toHaveLength(1);
  });

  it('commits concurrent submissions together and loses none', async () => {
    const before = (await actionsOf(t, DEMO_SLUG)).length;
    const forms = Array.from({ length: 30 }, () => supporterForm());
    const results = await Promise.all(forms.map((form) => postForm(t, ACT, form, { ip: nextIp() })));
    expect(results.map((r) => r.statusCode)).toEqual(forms.map(() => 303));
    expect((await actionsOf(t, DEMO_SLUG)).length).toBe(before + 30);
    for (const form of forms) expect(await confirmationsTo(t, form.email!)).toHaveLength(1);
  });
});
