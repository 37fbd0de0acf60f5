import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignConsentWording, newsConsentWording } from '../../src/domain/campaigns/action-input.js';
import { insertCampaign } from '../../src/store/campaigns/campaign.store.js';
import { confirmPathFor, counterOn, DEMO_SLUG, postForm, supporterForm } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { page } from '../support/html.js';
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
    const campaign = page(res.body);
    expect(campaign.text('h1')).toBe('Stop state brutality in Kazakhstan!');
    expect(campaign.text('article.campaign header p.standfirst')).toMatch(/^Drop all charges against Ainur Kurmanov/);
    const demands = campaign.first('section[aria-labelledby=demands-heading]');
    expect(demands.text('h2')).toBe('We demand');
    expect(demands.texts('li')).toContain('Release Natalya Sokolova');
    const contacts = campaign.links('section.call-to-action ol.targets');
    expect(contacts).toContainEqual({ text: 'supreme-court@example.org', href: 'mailto:supreme-court@example.org' });
    expect(contacts.map((link) => link.href)).toContain('tel:+77172747570');
    expect(counterOn(res.body)).toMatchObject({
      total: '0 people have sent the letter through Placard',
      selfReported: expect.stringMatching(/^0 more wrote from their own email or called/),
    });
    expect(campaign.texts('section.way > h2')).toEqual(['1. Send the letter through Placard', '2. Send it from your own email', '3. Call']);
    expect(campaign.text('#call blockquote.call-script')).toContain('Hello, I am calling about the activists of Socialist Movement Kazakhstan.');
    // The letter, editable, holds the model letter.
    const letter = campaign.first('#send form').field('letter');
    expect(letter.label).toBe('Your letter');
    expect(letter.value).toMatch(/^I am writing to protest at the charges/);
    expect(letter.value).toMatch(/\{\{name\}\}, \{\{city\}\}, \{\{country\}\}$/);
  });

  it('asks for consents unticked, each with its exact wording, and hides a honeypot by CSS', async () => {
    const html = (await get(`/campaigns/${DEMO_SLUG}`)).body;
    const campaignConsent = campaignConsentWording('Stop state brutality in Kazakhstan!');
    const newsConsent = newsConsentWording('Committee for a Workers’ International');
    // Each of the three forms asks, each box labelled with its wording.
    for (const form of page(html).all('form.action-form')) {
      expect(form.field('consent_campaign')).toMatchObject({ label: campaignConsent, values: [] });
      expect(form.field('consent_news')).toMatchObject({ label: newsConsent, values: [] });
    }
    expect(page(html).count('form.action-form')).toBe(3);
    expect(page(html).all('input:checked')).toEqual([]);
    expect(newsConsent).toContain('Email me news from');
    const honeypot = page(html).first('#send form div.hp[aria-hidden=true]');
    const website = honeypot.first('input[name=website]');
    expect(website.attr('type')).toBe('text');
    expect(website.attr('tabindex')).toBe('-1');
  });

  it('links a mailto: with the targets, the copy address, a subject and the letter', async () => {
    const ownMail = page((await get(`/campaigns/${DEMO_SLUG}`)).body).first('#own-mail');
    const [link] = ownMail.links('a.button');
    expect(link?.text).toBe('Open the letter in your email program');
    const url = new URL(link!.href!);
    expect(url.protocol).toBe('mailto:');
    expect(url.pathname.split(',')).toContain('supreme-court@example.org');
    expect(url.searchParams.get('cc')).toBe('kazakhstan-campaign@example.org');
    expect(url.searchParams.get('subject')).toBe('Drop the charges against Ainur Kurmanov and Esenbek Ukteshbayev');
    expect(url.searchParams.get('body')).toContain('I am writing to protest');
    expect(url.searchParams.get('body')).toContain('[your name], [your town], [your country]');
    // Protective campaign: sending from one's own address is flagged.
    expect(ownMail.text('p.notice')).toMatch(/^The officials will see your email address/);
  });

  it('is valid HTML, cached, sets no cookie, and loads only its own small script', async () => {
    const res = await get(`/campaigns/${DEMO_SLUG}`);
    expect(await htmlProblems(res.body)).toEqual([]);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toContain('public');
    expect(t.cache.has(`/campaigns/${DEMO_SLUG}`)).toBe(true);
    // Structured data (application/ld+json) is data, not a script a browser runs.
    const scripts = page(res.body)
      .all('script:not([type="application/ld+json"])')
      .map((s) => s.attr('src'));
    expect(scripts).toEqual([expect.stringMatching(/^\/assets\/action\.[A-Za-z0-9_-]+\.js$/)]);
    const script = scripts[0];
    const js = await get(script!);
    expect(js.statusCode).toBe(200);
    // Proof of work, idempotency key and the letter's live preview, uncompressed.
    expect(js.rawPayload.length).toBeLessThan(4 * 1024);
    const levels = page(res.body)
      .all('h1, h2, h3, h4, h5, h6')
      .map((h) => Number(h.tag.slice(1)));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
  });

  it('keeps the pages around a submission valid HTML: preview, 422, check your email, confirm', async () => {
    const preview = await postForm(t, `/campaigns/${DEMO_SLUG}/act`, supporterForm({ preview: '1' }), { ip: '203.0.113.89' });
    expect(preview.statusCode).toBe(200);
    expect(page(preview.body).texts('#act-preview pre.letter').length).toBeGreaterThan(0);
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
    expect(page(confirm.body).texts('h2, h3')).toContain('What the officials will receive');
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
    const closed = page(html);
    expect(closed.text('p.notice[role=status]')).toMatch(/^This campaign is closed\./);
    expect(closed.texts('section.outcomes li')).toEqual([expect.stringMatching(/^.+: Released All three are free\.$/)]);
    expect(closed.text('section.outcomes li strong')).toBe('Released');
    expect(closed.count('main form')).toBe(0);
    expect(closed.count('script:not([type="application/ld+json"])')).toBe(0);
    expect(await htmlProblems(html)).toEqual([]);
    const act = await postForm(t, '/campaigns/a-closed-one/act', supporterForm());
    expect(act.statusCode).toBe(409);
    expect(page(act.body).text('main')).toContain('This campaign has closed and takes no more actions.');
    expect((await postForm(t, '/campaigns/a-closed-one/self-report', { method: 'call', country: 'IE' })).statusCode).toBe(409);
    const rows = await t.database.db.selectFrom('actions').select('id').where('campaign_id', '=', id).execute();
    expect(rows).toEqual([]);
  });

  it('shows a paused campaign without forms', async () => {
    await addCampaign(t, 'a-paused-one', { status: 'paused' });
    const paused = page((await get('/campaigns/a-paused-one')).body);
    expect(paused.text('p.notice[role=status]')).toMatch(/^This campaign is paused/);
    expect(paused.count('main form')).toBe(0);
  });

  it('links the demo article to the action page with the live counter', async () => {
    // Live counts are a named campaign's; a protective one publishes quarter-hourly snapshots (protective-counts.test.ts).
    await t.database.db.updateTable('campaigns').set({ identity_mode: 'named' }).where('slug', '=', DEMO_SLUG).execute();
    const article = `/articles/${DEMO_SLUG}`;
    const before = page((await get(article)).body).first('section.call-to-action .act-now');
    expect(before.links()).toEqual([{ text: 'Send the letter through Placard, from your own email, or by phone', href: `/campaigns/${DEMO_SLUG}` }]);
    expect(before.text('p.count')).toBe('0 people have sent the letter through Placard; 0 more wrote from their own email or called.');
    const form = supporterForm({ country: 'DE' });
    expect((await postForm(t, `/campaigns/${DEMO_SLUG}/act`, form, { ip: '203.0.113.50' })).statusCode).toBe(303);
    expect((await postForm(t, await confirmPathFor(t, form.email!), {})).statusCode).toBe(200);
    // Both cached pages show the new count within a few seconds of the confirmation.
    await expect
      .poll(async () => page((await get(article)).body).text('section.call-to-action p.count'), { timeout: 5_000 })
      .toMatch(/^1 person has sent the letter through Placard;/);
    await expect
      .poll(async () => counterOn((await get(`/campaigns/${DEMO_SLUG}`)).body).total, { timeout: 5_000 })
      .toBe('1 person has sent the letter through Placard');
    expect(counterOn((await get(`/campaigns/${DEMO_SLUG}`)).body).byCountry).toEqual([['Germany', '1', '0']]);
  });
});
