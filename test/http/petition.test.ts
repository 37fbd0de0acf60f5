import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCampaign } from '../../src/store/campaigns/campaign.store.js';
import { actionsOf, confirmationsTo, confirmPathFor, postForm, supporterForm } from '../support/campaigns.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';

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
    expect(html).toContain('<p class="kicker">Petition</p>');
    expect(html).toContain('<p>We, the undersigned, call for the release of the jailed oil workers.</p><p>They did nothing but strike.</p>');
    expect(html).toContain('<h2 id="sign-heading">Sign the petition</h2>');
    expect(html).toContain(`<form method="post" action="/campaigns/${SLUG}/act"`);
    expect(html).toContain('name="consent_campaign"');
    expect(html).toContain('name="website"');
    expect(html).not.toContain('<textarea');
    expect(html).not.toContain('self-report');
    expect(html).toContain('<h2 id="targets-heading">Handed in to</h2>');
    // One entry per country: no retired codes (East Germany, the Soviet Union) beside today's.
    expect(html.match(/>Germany<\/option>/g)).toHaveLength(1);
    expect(html).toContain('0 people have signed');
    expect((await postForm(t, `/campaigns/${SLUG}/self-report`, { method: 'call', country: 'IE' }, { ip: nextIp() })).statusCode).toBe(404);
  });

  it('counts a signature once it is confirmed, per country, once per address', async () => {
    const form = supporterForm({ country: 'KZ', letter: 'ignored' });
    expect((await postForm(t, `/campaigns/${SLUG}/act`, form, { ip: nextIp() })).statusCode).toBe(303);
    const [mail] = await confirmationsTo(t, form.email!);
    expect(mail?.body).toContain('your signature on “Free the Zhanaozen oil workers” will be counted');
    const [action] = await actionsOf(t, SLUG);
    expect(action).toMatchObject({ method: 'signature', status: 'pending', country: 'KZ', letter: null });
    expect(await page()).toContain('0 people have signed');

    const path = await confirmPathFor(t, form.email!);
    expect((await t.app.inject({ method: 'GET', url: path })).body).toContain('Confirm my signature');
    const done = await postForm(t, path, {});
    expect(done.body).toContain('Your signature counts.');
    // A petition is handed in, not mailed: confirming queues no letters.
    expect(await t.database.db.selectFrom('outbox').select('id').where('kind', '=', 'letter').where('action_id', '=', action!.id).execute()).toEqual([]);
    await expect.poll(page, { timeout: 5_000 }).toContain('1 person has signed');
    expect(await page()).toContain('<th scope="row">Kazakhstan</th><td>1</td></tr>');

    // Signing again with the same address adds nothing.
    await postForm(t, `/campaigns/${SLUG}/act`, form, { ip: nextIp() });
    expect(await actionsOf(t, SLUG)).toHaveLength(1);
  });

  it('needs a name, an address and a country to sign', async () => {
    const res = await postForm(t, `/campaigns/${SLUG}/act`, { name: '', email: '', country: '' }, { ip: nextIp() });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('id="act-name-error"');
    expect(res.body).toContain('id="act-email-error"');
    expect(res.body).toContain('id="act-country-error"');
  });
});
