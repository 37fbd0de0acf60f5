import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, confirmationsTo, confirmPathFor, counterOn, DEMO_SLUG, postForm, supporterForm } from '../support/campaigns.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { page as read } from '../support/html.js';

const REPORT = `/campaigns/${DEMO_SLUG}/self-report`;

describe.each(DATABASES)('http (%s): "I have sent it", "I called", and the counter', (kind) => {
  let t: TestApp;
  let ip = 0;
  const nextIp = () => `203.0.113.${++ip}`;
  beforeAll(async () => {
    t = await startTestApp(kind);
    // Live counts are a named campaign's; a protective one publishes quarter-hourly snapshots (protective-counts.test.ts).
    await t.database.db.updateTable('campaigns').set({ identity_mode: 'named' }).where('slug', '=', DEMO_SLUG).execute();
  });
  afterAll(async () => t?.close());

  const page = async () => (await t.app.inject({ method: 'GET', url: `/campaigns/${DEMO_SLUG}` })).body;
  const counter = async () => counterOn(await page());

  it('counts a self-report at once, apart from letters, keeping no address when none is needed', async () => {
    const before = (await actionsOf(t, DEMO_SLUG)).length;
    const own = await postForm(t, REPORT, { method: 'own_mail', country: 'GB', name: 'Ada', email: 'ada-own@example.net' }, { ip: nextIp() });
    expect(own.statusCode).toBe(303);
    expect(own.headers.location).toBe(`/campaigns/${DEMO_SLUG}/thanks/counted`);
    expect((await postForm(t, REPORT, { method: 'call', country: 'GB' }, { ip: nextIp() })).statusCode).toBe(303);
    const rows = (await actionsOf(t, DEMO_SLUG)).slice(before);
    expect(rows.map((r) => [r.method, r.status, r.country, r.supporter_id])).toEqual([
      ['own_mail', 'confirmed', 'GB', null],
      ['call', 'confirmed', 'GB', null],
    ]);
    // Without a consent the address is not kept and nothing is emailed.
    expect(await t.database.db.selectFrom('supporters').select('id').where('email', '=', 'ada-own@example.net').execute()).toEqual([]);
    expect(await confirmationsTo(t, 'ada-own@example.net')).toEqual([]);
    await expect.poll(async () => (await counter()).selfReported, { timeout: 5_000 }).toMatch(/^2 more wrote from their own email or called/);
    expect(await counter()).toMatchObject({ total: '0 people have sent the letter through Placard', byCountry: [['United Kingdom', '0', '2']] });
  });

  it('records a consent with an address and confirms only that consent by email', async () => {
    const email = `caller-${Date.now()}@example.net`;
    await postForm(t, REPORT, { method: 'call', country: 'DE', email, consent_campaign: 'yes' }, { ip: nextIp() });
    const supporter = await t.database.db.selectFrom('supporters').select(['id', 'name', 'country']).where('email', '=', email).executeTakeFirstOrThrow();
    const consent = await t.database.db
      .selectFrom('consents')
      .select(['scope', 'confirmed_at'])
      .where('supporter_id', '=', supporter.id)
      .executeTakeFirstOrThrow();
    expect(consent).toEqual({ scope: 'campaign_updates', confirmed_at: null });
    const [mail] = await confirmationsTo(t, email);
    expect(mail?.body).toContain('You asked us to email you; please confirm your address:');
    expect(mail?.body).toContain('/your-data/');
    const path = await confirmPathFor(t, email);
    const form = read((await t.app.inject({ method: 'GET', url: path })).body).first('section.confirm');
    expect([form.text('h1'), form.text('form button[type=submit]')]).toEqual(['Confirm your email address', 'Confirm my address']);
    const done = await postForm(t, path, {});
    expect(done.statusCode).toBe(200);
    expect(read(done.body).text('section.confirm p')).toMatch(/^Your address is confirmed/);
    const confirmed = await t.database.db.selectFrom('consents').select('confirmed_at').where('supporter_id', '=', supporter.id).executeTakeFirstOrThrow();
    expect(confirmed.confirmed_at).not.toBeNull();
    expect(read((await postForm(t, path, {})).body).text('section.confirm h1')).toBe('Already confirmed');
    // The call itself counted when it was made; no letter exists for it.
    const call = (await actionsOf(t, DEMO_SLUG)).find((a) => a.supporter_id === supporter.id);
    expect(call).toMatchObject({ method: 'call', status: 'confirmed' });
    expect(await t.database.db.selectFrom('outbox').select('id').where('kind', '=', 'letter').where('action_id', '=', call!.id).execute()).toEqual([]);
  });

  it('re-renders a self-report without a country with 422 beside that form', async () => {
    const res = await postForm(t, REPORT, { method: 'own_mail', country: '', name: 'Kept Name' }, { ip: nextIp() });
    expect(res.statusCode).toBe(422);
    const refused = read(res.body);
    const own = refused.first('section#own-mail form');
    expect(own.field('country')).toMatchObject({ value: '', error: 'Please choose your country.', invalid: true });
    expect(own.field('name').value).toBe('Kept Name');
    // The other forms are as they were: no message, nothing filled in.
    for (const other of [refused.first('section#send form'), refused.first('section#call form')]) {
      expect(other.field('country')).toMatchObject({ error: undefined, invalid: false });
      expect(other.field('name').value).toBe('');
    }
    expect((await postForm(t, REPORT, { method: 'letter', country: 'IE' }, { ip: nextIp() })).statusCode).toBe(400);
  });

  it('shows counts per country equal to the rows behind them', async () => {
    const forms = [supporterForm({ country: 'IE' }), supporterForm({ country: 'IE' }), supporterForm({ country: 'KZ' })];
    for (const form of forms) {
      await postForm(t, `/campaigns/${DEMO_SLUG}/act`, form, { ip: nextIp() });
      await postForm(t, await confirmPathFor(t, form.email!), {});
    }
    await postForm(t, REPORT, { method: 'call', country: 'KZ' }, { ip: nextIp() });
    // One more that is never confirmed: it must not count.
    await postForm(t, `/campaigns/${DEMO_SLUG}/act`, supporterForm({ country: 'KZ' }), { ip: nextIp() });

    const rows = await actionsOf(t, DEMO_SLUG);
    const expected = new Map<string, { confirmed: number; self: number }>();
    for (const r of rows.filter((r) => r.status === 'confirmed')) {
      const entry = expected.get(r.country) ?? { confirmed: 0, self: 0 };
      if (r.method === 'placard') entry.confirmed++;
      else entry.self++;
      expected.set(r.country, entry);
    }
    const total = [...expected.values()].reduce((n, e) => n + e.confirmed, 0);
    await expect.poll(async () => (await counter()).total, { timeout: 5_000 }).toBe(`${total} people have sent the letter through Placard`);
    const shown = (await counter()).byCountry;
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    expect(shown).toHaveLength(expected.size);
    for (const [country, counts] of expected) expect(shown, country).toContainEqual([names.of(country), String(counts.confirmed), String(counts.self)]);
  });
});
