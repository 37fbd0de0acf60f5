import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignConsentWording, newsConsentWording } from '../../src/domain/campaigns/action-input.js';
import { insertCampaign } from '../../src/store/campaigns/campaign.store.js';
import { confirmPathFor, DEMO_SLUG, postForm, supporterForm } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'void-style': 'off', 'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'long-title': 'off' },
});

async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
}

async function addCampaign(
  t: TestApp,
  slug: string,
  overrides: { status: 'draft' | 'active' | 'paused' | 'closed'; kind?: 'letter' | 'petition' },
): Promise<number> {
  return t.database.db.transaction().execute((trx) =>
    insertCampaign(
      trx,
      {
        slug,
        reference: 'UA 9/26',
        title: `Campaign ${slug}`,
        summary: 'A summary.',
        status: overrides.status,
        identityMode: 'named',
        languages: ['en'],
        copyTo: [],
        deadline: null,
        sectionId: null,
        kind: overrides.kind ?? 'letter',
        letter: { subjects: ['Free them'], body: 'Free them.\n{{name}}' },
        targets: [
          {
            name: 'A. Minister',
            title: 'Minister of Justice',
            organisation: null,
            country: 'FR',
            email: 'minister@example.org',
            phone: '+33 1 23 45 67 89',
            postalAddress: null,
            salutation: null,
            deliveryMode: 'paced',
          },
        ],
      },
      new Date().toISOString(),
    ),
  );
}

describe.each(DATABASES)('http (%s): the public action page', (kind) => {
  let t: TestApp;
  const clock = testClock('2026-03-02T10:00:00.000Z');
  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('shows the campaign, its targets with real links, the counter and three ways to act', async () => {
    const res = await get(`/campaigns/${DEMO_SLUG}`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<h1>Stop state brutality in Kazakhstan!</h1>');
    expect(html).toContain('Drop all charges against Ainur Kurmanov');
    expect(html).toContain('<li>Release Natalya Sokolova</li>');
    expect(html).toContain('<a href="mailto:supreme-court@example.org">supreme-court@example.org</a>');
    expect(html).toContain('<a href="tel:+77172747570">');
    expect(html).toContain('0 people have sent the letter through Placard');
    expect(html).toContain('0 more wrote from their own email or called');
    expect(html).toContain('1. Send the letter through Placard');
    expect(html).toContain('2. Send it from your own email');
    expect(html).toContain('3. Call');
    expect(html).toContain('Hello, I am calling about the activists of Socialist Movement Kazakhstan.');
    // The letter, editable, holds the model letter.
    expect(html).toMatch(/<textarea id="act-letter" name="letter"[^>]*>I am writing to protest at the charges/);
    expect(html).toContain('{{name}}, {{city}}, {{country}}</textarea>');
  });

  it('asks for consents unticked, each with its exact wording, and hides a honeypot by CSS', async () => {
    const html = (await get(`/campaigns/${DEMO_SLUG}`)).body;
    const campaignConsent = campaignConsentWording('Stop state brutality in Kazakhstan!');
    const newsConsent = newsConsentWording('Committee for a Workers’ International');
    expect(html).toContain(`<input type="checkbox" name="consent_campaign" value="yes"/> ${campaignConsent.replace(/"/g, '&quot;')}`);
    expect(html).toMatch(/<input type="checkbox" name="consent_news" value="yes"\/> Email me news from /);
    expect(html).not.toMatch(/checked/);
    expect(newsConsent).toContain('Email me news from');
    const honeypot = /<div class="hp" aria-hidden="true">.*?<input id="act-website" name="website"[^>]*>/.exec(html)?.[0];
    expect(honeypot).toBeDefined();
    expect(honeypot).not.toContain('type="hidden"');
    expect(honeypot).toContain('tabindex="-1"');
  });

  it('links a mailto: with the targets, the copy address, a subject and the letter', async () => {
    const html = (await get(`/campaigns/${DEMO_SLUG}`)).body;
    const href = /<a class="button" href="(mailto:[^"]+)">Open the letter in your email program<\/a>/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    expect(href).toBeDefined();
    const url = new URL(href!);
    expect(url.pathname.split(',')).toContain('supreme-court@example.org');
    expect(url.searchParams.get('cc')).toBe('kazakhstan-campaign@example.org');
    expect(url.searchParams.get('subject')).toBe('Drop the charges against Ainur Kurmanov and Esenbek Ukteshbayev');
    expect(url.searchParams.get('body')).toContain('I am writing to protest');
    expect(url.searchParams.get('body')).toContain('[your name], [your town], [your country]');
    // Protective campaign: sending from one's own address is flagged.
    expect(html).toContain('The officials will see your email address');
  });

  it('is valid HTML, cached, sets no cookie, and loads only its own small script', async () => {
    const res = await get(`/campaigns/${DEMO_SLUG}`);
    expect(await htmlProblems(res.body)).toEqual([]);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toContain('public');
    expect(t.cache.has(`/campaigns/${DEMO_SLUG}`)).toBe(true);
    const script = /<script type="module" src="(\/assets\/action\.[A-Za-z0-9_-]+\.js)">/.exec(res.body)?.[1];
    expect(script).toBeDefined();
    const js = await get(script!);
    expect(js.statusCode).toBe(200);
    // Proof of work, idempotency key and the letter's live preview, uncompressed.
    expect(js.rawPayload.length).toBeLessThan(4 * 1024);
    const levels = [...res.body.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
  });

  it('keeps the pages around a submission valid HTML: preview, 422, check your email, confirm', async () => {
    const preview = await postForm(t, `/campaigns/${DEMO_SLUG}/act`, supporterForm({ preview: '1' }), { ip: '203.0.113.89' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('<pre class="letter">');
    expect(await htmlProblems(preview.body)).toEqual([]);
    const invalid = await postForm(t, `/campaigns/${DEMO_SLUG}/act`, supporterForm({ email: 'x', letter: '' }), { ip: '203.0.113.90' });
    expect(invalid.statusCode).toBe(422);
    expect(await htmlProblems(invalid.body)).toEqual([]);
    const form = supporterForm();
    const sent = await postForm(t, `/campaigns/${DEMO_SLUG}/act`, form, { ip: '203.0.113.91' });
    const thanks = await get(sent.headers.location as string);
    expect(await htmlProblems(thanks.body)).toEqual([]);
    const confirm = await get(await confirmPathFor(t, form.email!));
    expect(confirm.headers['x-robots-tag']).toBe('noindex');
    expect(confirm.body).toContain('What the officials will receive');
    expect(await htmlProblems(confirm.body)).toEqual([]);
  });

  it('hands out a proof-of-work challenge that is never cached', async () => {
    const res = await get(`/campaigns/${DEMO_SLUG}/challenge`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json() as { challenge: string; difficulty: number };
    expect(body.challenge).toMatch(/^\d+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}$/);
    expect(body.difficulty).toBeGreaterThanOrEqual(10);
    expect((await get(`/campaigns/${DEMO_SLUG}/challenge`)).json()).not.toEqual(body);
  });

  it('answers 404 for a draft or unknown campaign', async () => {
    await addCampaign(t, 'a-draft', { status: 'draft' });
    expect((await get('/campaigns/a-draft')).statusCode).toBe(404);
    expect((await get('/campaigns/no-such-campaign')).statusCode).toBe(404);
    expect((await postForm(t, '/campaigns/a-draft/act', supporterForm())).statusCode).toBe(404);
  });

  it('shows a closed campaign with its outcomes and no forms, and refuses its forms clearly', async () => {
    const id = await addCampaign(t, 'a-closed-one', { status: 'closed' });
    await t.database.db
      .insertInto('campaign_outcomes')
      .values({
        campaign_id: id,
        occurred_on: '2026-02-20',
        title: 'Released',
        body: 'All three are free.',
        created_at: new Date().toISOString(),
        created_by: null,
      })
      .execute();
    const html = (await get('/campaigns/a-closed-one')).body;
    expect(html).toContain('This campaign is closed.');
    expect(html).toContain('<strong>Released</strong>');
    expect(html).toContain('All three are free.');
    expect(html).not.toContain('<form');
    expect(html).not.toContain('<script');
    expect(await htmlProblems(html)).toEqual([]);
    const act = await postForm(t, '/campaigns/a-closed-one/act', supporterForm());
    expect(act.statusCode).toBe(409);
    expect(act.body).toContain('This campaign has closed and takes no more actions.');
    expect((await postForm(t, '/campaigns/a-closed-one/self-report', { method: 'call', country: 'IE' })).statusCode).toBe(409);
    const rows = await t.database.db.selectFrom('actions').select('id').where('campaign_id', '=', id).execute();
    expect(rows).toEqual([]);
  });

  it('shows a paused campaign without forms', async () => {
    await addCampaign(t, 'a-paused-one', { status: 'paused' });
    const html = (await get('/campaigns/a-paused-one')).body;
    expect(html).toContain('This campaign is paused');
    expect(html).not.toContain('<form');
  });

  it('links the demo article to the action page with the live counter', async () => {
    // Live counts are a named campaign's; a protective one publishes quarter-hourly snapshots (protective-counts.test.ts).
    await t.database.db.updateTable('campaigns').set({ identity_mode: 'named' }).where('slug', '=', DEMO_SLUG).execute();
    const article = `/articles/${DEMO_SLUG}`;
    const before = (await get(article)).body;
    expect(before).toContain(`<a href="/campaigns/${DEMO_SLUG}">Send the letter through Placard, from your own email, or by phone</a>`);
    expect(before).toContain('0 people have sent the letter through Placard; 0 more wrote from their own email or called.');
    const form = supporterForm({ country: 'DE' });
    expect((await postForm(t, `/campaigns/${DEMO_SLUG}/act`, form, { ip: '203.0.113.50' })).statusCode).toBe(303);
    expect((await postForm(t, await confirmPathFor(t, form.email!), {})).statusCode).toBe(200);
    // Both cached pages show the new count within a few seconds of the confirmation.
    await expect.poll(async () => (await get(article)).body, { timeout: 5_000 }).toContain('1 person has sent the letter through Placard');
    await expect.poll(async () => (await get(`/campaigns/${DEMO_SLUG}`)).body, { timeout: 5_000 }).toContain('1 person has sent the letter through Placard');
    expect((await get(`/campaigns/${DEMO_SLUG}`)).body).toMatch(/<th scope="row">Germany<\/th><td>1<\/td><td>0<\/td>/);
  });
});
