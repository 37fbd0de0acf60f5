import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCampaign } from '../../src/store/campaigns/campaign.store.js';
import { actionsOf, confirmationsTo, confirmPathFor, counterOn, postForm, supporterForm } from '../support/campaigns.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { page as read } from '../support/html.js';

const SLUG = 'free-the-oil-workers';

describe.each(DATABASES)('http (%s): signing a petition', (kind) => {
  let t: TestApp;
  let ip = 0;
  const nextIp = () => `192.0.2.${++ip}`;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await t.database.db.transaction().execute((trx) =>
      insertCampaign(
        trx,
        {
          slug: SLUG,
          reference: null,
          title: 'Free the Zhanaozen oil workers',
          summary: 'A petition to the Prosecutor General.',
          status: 'active',
          identityMode: 'named',
          languages: ['en'],
          copyTo: [],
          deadline: null,
          sectionId: null,
          kind: 'petition',
          demands: ['Release the jailed oil workers'],
          petitionText: 'We, the undersigned, call for the release of the jailed oil workers.\n\nThey did nothing but strike.',
          targets: [
            {
              name: null,
              title: 'Prosecutor General',
              organisation: null,
              country: 'KZ',
              email: 'prosecutor@example.org',
              phone: null,
              postalAddress: null,
              salutation: null,
              deliveryMode: 'digest',
            },
          ],
        },
        new Date().toISOString(),
      ),
    );
  });
  afterAll(async () => t?.close());

  const page = async () => (await t.app.inject({ method: 'GET', url: `/campaigns/${SLUG}` })).body;

  it('shows the petition text and a signing form, without a letter or self-reports', async () => {
    const html = await page();
    const petition = read(html);
    expect(petition.text('article.campaign header p.kicker')).toBe('Petition');
    expect(petition.texts('section.petition-text p')).toEqual([
      'We, the undersigned, call for the release of the jailed oil workers.',
      'They did nothing but strike.',
    ]);
    const sign = petition.first('section#sign');
    expect(sign.text('h2')).toBe('Sign the petition');
    // One form, to sign: name, address, country, town, the consents and the honeypot; no letter.
    expect(petition.all('main form').map((form) => form.attr('action'))).toEqual([`/campaigns/${SLUG}/act`]);
    const form = sign.first('form');
    for (const name of ['name', 'email', 'country', 'city', 'consent_campaign', 'website']) expect(() => form.field(name), name).not.toThrow();
    expect(petition.count('textarea')).toBe(0);
    expect(html).not.toContain('self-report');
    expect(petition.text('section.call-to-action h2')).toBe('Handed in to');
    // One entry per country: no retired codes (East Germany, the Soviet Union) beside today's.
    expect(
      form
        .field('country')
        .element.texts('option')
        .filter((name) => name === 'Germany'),
    ).toHaveLength(1);
    expect(counterOn(html).total).toBe('0 people have signed');
    expect((await postForm(t, `/campaigns/${SLUG}/self-report`, { method: 'call', country: 'IE' }, { ip: nextIp() })).statusCode).toBe(404);
  });

  it('counts a signature once it is confirmed, per country, once per address', async () => {
    const form = supporterForm({ country: 'KZ', letter: 'ignored' });
    expect((await postForm(t, `/campaigns/${SLUG}/act`, form, { ip: nextIp() })).statusCode).toBe(303);
    const [mail] = await confirmationsTo(t, form.email!);
    expect(mail?.body).toContain('your signature on “Free the Zhanaozen oil workers” will be counted');
    const [action] = await actionsOf(t, SLUG);
    expect(action).toMatchObject({ method: 'signature', status: 'pending', country: 'KZ', letter: null });
    expect(counterOn(await page()).total).toBe('0 people have signed');

    const path = await confirmPathFor(t, form.email!);
    const confirm = read((await t.app.inject({ method: 'GET', url: path })).body).first('section.confirm');
    expect(confirm.text('h1')).toBe('Confirm your signature');
    expect(confirm.text('form button[type=submit]')).toBe('Confirm my signature');
    const done = read((await postForm(t, path, {})).body).first('section.confirm');
    expect([done.text('h1'), done.text('p')]).toEqual(['Thank you', 'Your signature counts.']);
    // A petition is handed in, not mailed: confirming queues no letters.
    expect(await t.database.db.selectFrom('outbox').select('id').where('kind', '=', 'letter').where('action_id', '=', action!.id).execute()).toEqual([]);
    await expect.poll(async () => counterOn(await page()).total, { timeout: 5_000 }).toBe('1 person has signed');
    expect(counterOn(await page()).byCountry).toEqual([['Kazakhstan', '1']]);

    // Signing again with the same address adds nothing.
    await postForm(t, `/campaigns/${SLUG}/act`, form, { ip: nextIp() });
    expect(await actionsOf(t, SLUG)).toHaveLength(1);
  });

  it('needs a name, an address and a country to sign', async () => {
    const res = await postForm(t, `/campaigns/${SLUG}/act`, { name: '', email: '', country: '' }, { ip: nextIp() });
    expect(res.statusCode).toBe(422);
    const form = read(res.body).first('section#sign form');
    for (const name of ['name', 'email', 'country']) expect(form.field(name), name).toMatchObject({ error: expect.any(String), invalid: true });
    expect(form.field('city').error).toBeUndefined();
  });
});
