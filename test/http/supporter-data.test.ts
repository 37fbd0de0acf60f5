import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../src/domain/campaigns/campaign.js';
import { letterForOfficials } from '../../src/domain/campaigns/letter.js';
import { queueDeliveries } from '../../src/services/delivery/queue-deliveries.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import {
  createAction,
  createCampaign,
  createConsent,
  createMessage,
  createSupporter,
  supporterDataText,
  TEST_MAIL,
  testTarget,
  type TestSupporter,
} from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { page as read } from '../support/html.js';
import { Client } from '../support/staff.js';

let ipCounter = 0;
/** Each test its own address: the data links are rate-limited per address. */
function client(t: TestApp): Client {
  ipCounter++;
  return new Client(t, `203.0.113.${ipCounter}`);
}

/** Confirmed actions per country of a campaign, as the public counter counts them. */
async function counts(t: TestApp, campaignId: number): Promise<Record<string, number>> {
  const rows = await t.database.db
    .selectFrom('actions')
    .select(['country', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'confirmed')
    .groupBy('country')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.country, Number(r.n)]));
}

/** A confirmed letter through Placard, queued for the campaign's targets as the confirming transaction would. */
async function confirmedLetter(t: TestApp, supporter: TestSupporter, campaign: Campaign): Promise<number> {
  const letter = letterForOfficials(campaign.letter.body, { ...supporter, signAs: supporter.name.split(' ')[0] ?? null }, campaign.identityMode);
  const actionId = await createAction(t.database.db, supporter, campaign.id, { letter });
  await t.database.db
    .transaction()
    .execute((trx) =>
      queueDeliveries(
        trx,
        campaign,
        { actionId, letter, supporter: { name: supporter.name, email: supporter.email } },
        { now: new Date('2026-01-03T10:05:00.000Z'), mail: TEST_MAIL },
      ),
    );
  return actionId;
}

describe.each(DATABASES)('http (%s): a supporter’s own data', (kind) => {
  let t: TestApp;
  const clock = testClock();
  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  }, 60_000);
  afterAll(async () => t?.close());

  it('shows what Placard holds: who they are, what they did, what they agreed to; never cached', async () => {
    const { id: campaign } = await createCampaign(t.database.db, { title: 'Free the Almaty Four', sectionSlug: 'cwi' });
    const ada = await createSupporter(t.database.db, { name: 'Ada Ní Bhriain', email: 'ada@example.net', city: 'Galway', country: 'IE' });
    await createAction(t.database.db, ada, campaign, { letter: 'Release them now.' });
    await createConsent(t.database.db, ada.id, 'campaign_updates', { campaignId: campaign, wording: 'Email me news of this campaign.' });
    await createConsent(t.database.db, ada.id, 'section_news', { sectionSlug: 'cwi', confirmed: false, wording: 'Send me the CWI’s news.' });
    const cached = t.cache.size;

    const res = await client(t).get(`/your-data/${ada.token}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    const own = read(res.body);
    expect(own.definitions('section[aria-labelledby=about-you] dl.facts')).toMatchObject({
      Name: 'Ada Ní Bhriain',
      'Email address': 'ada@example.net',
      City: 'Galway',
      Country: 'Ireland',
    });
    const [action] = own.all('article.your-action');
    expect(own.count('article.your-action')).toBe(1);
    expect(action!.text('h3')).toBe('Free the Almaty Four');
    expect(action!.texts('p')[0]).toMatch(/^Letter sent through Placard · Counted · 3 January 2026 · /);
    expect(action!.first('details pre.letter').rawText).toBe('Release them now.');
    const consents = own.all('article.your-consent');
    expect(consents.map((c) => c.text('blockquote'))).toEqual(['Email me news of this campaign.', 'Send me the CWI’s news.']);
    expect(consents[1]!.text('p')).toContain('not confirmed');
    expect(consents[0]!.text('p')).not.toContain('not confirmed');
    expect(own.all('form').map((form) => form.attr('action'))).toEqual(
      expect.arrayContaining([`/your-data/${ada.token}/export`, `/your-data/${ada.token}/erase`]),
    );
    expect(t.cache.size).toBe(cached);
  });

  it('downloads the same data as JSON, never cached, only when posted from this site', async () => {
    const { id: campaign } = await createCampaign(t.database.db, { title: 'Drop the charges' });
    const bo = await createSupporter(t.database.db, { name: 'Bo Berg', email: 'bo@example.se', city: 'Malmö', country: 'SE' });
    await createAction(t.database.db, bo, campaign, { method: 'call', letter: null });
    await createConsent(t.database.db, bo.id, 'campaign_updates', { campaignId: campaign, wording: 'Tell me what happens.' });
    const visitor = client(t);

    const res = await visitor.post(`/your-data/${bo.token}/export`, {});
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.json"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const data = JSON.parse(res.body);
    expect(data.supporter).toMatchObject({ name: 'Bo Berg', email: 'bo@example.se', city: 'Malmö', country: 'SE', erasedAt: null });
    expect(data.actions).toEqual([
      expect.objectContaining({ campaign: 'Drop the charges', method: 'call', status: 'confirmed', createdAt: '2026-01-03T10:00:00.000Z', letter: null }),
    ]);
    expect(data.consents).toEqual([
      expect.objectContaining({ scope: 'campaign_updates', wording: 'Tell me what happens.', confirmedAt: '2026-01-03T10:05:00.000Z', withdrawnAt: null }),
    ]);
    expect(JSON.stringify(data)).not.toMatch(/data_token_hash|ip_key|idempotency|confirm_token/);
    // Everything in the download is on the page too.
    const shown = read((await visitor.get(`/your-data/${bo.token}`)).body);
    expect(shown.definitions('dl.facts')).toMatchObject({ Name: 'Bo Berg', 'Email address': 'bo@example.se', City: 'Malmö', Country: 'Sweden' });
    expect(shown.texts('article.your-action h3')).toEqual(['Drop the charges']);
    expect(shown.texts('article.your-consent blockquote')).toEqual(['Tell me what happens.']);

    expect((await visitor.post(`/your-data/${bo.token}/export`, {}, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await visitor.post(`/your-data/${bo.token}/export`, {}, { origin: null, headers: { 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(403);
    expect((await visitor.post(`/your-data/${bo.token}/export`, {}, { origin: null, headers: { 'sec-fetch-site': 'same-origin' } })).statusCode).toBe(200);
  });

  it('answers an unknown link with a 404 that says nothing about it', async () => {
    const visitor = client(t);
    const wellFormed = await visitor.get(`/your-data/${randomBytes(32).toString('base64url')}`);
    const malformed = await visitor.get('/your-data/not-a-token');
    expect(wellFormed.statusCode).toBe(404);
    expect(malformed.statusCode).toBe(404);
    expect(wellFormed.body).toBe(malformed.body);
    expect(wellFormed.headers['cache-control']).toBe('no-store');
    expect((await visitor.post(`/your-data/${randomBytes(32).toString('base64url')}/export`, {})).statusCode).toBe(404);
    expect((await visitor.post(`/your-data/${randomBytes(32).toString('base64url')}/erase`, { confirm: 'yes' })).statusCode).toBe(404);
  });

  it('never erases on a GET, and asks for a ticked confirmation before erasing', async () => {
    const { id: campaign } = await createCampaign(t.database.db);
    const cy = await createSupporter(t.database.db, { name: 'Cy Twombly', email: 'cy@example.org' });
    await createAction(t.database.db, cy, campaign);
    const visitor = client(t);
    for (const url of [`/your-data/${cy.token}/erase`, `/your-data/${cy.token}?erase=yes`, `/your-data/${cy.token}/erase?confirm=yes`]) await visitor.get(url);
    const unticked = await visitor.post(`/your-data/${cy.token}/erase`, {});
    expect(unticked.statusCode).toBe(422);
    const erase = read(unticked.body).first(`form[action="/your-data/${cy.token}/erase"]`);
    expect(erase.field('confirm')).toMatchObject({ values: [], error: expect.stringMatching(/^Tick the box/) });
    const row = await t.database.db.selectFrom('supporters').selectAll().where('id', '=', cy.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: 'cy@example.org', name: 'Cy Twombly', erased_at: null });
  });

  it('erases name, address, city, letters and consents everywhere, keeps the counts, and says so', async () => {
    const db = t.database.db;
    const named = await createCampaign(db, { identityMode: 'named', targets: [testTarget()] });
    const protective = await createCampaign(db, { identityMode: 'protective', targets: [testTarget({ email: 'prosecutor@example.kz' })] });
    const dee = await createSupporter(db, { name: 'Dee Okafor', email: 'Dee.Okafor@example.com'.toLowerCase(), city: 'Lagos', country: 'NG' });
    const other = await createSupporter(db, { name: 'Dee Okaforson', email: 'other@example.com', city: 'Accra', country: 'GH' });
    const deeLetter = await confirmedLetter(t, dee, named);
    const otherLetter = await confirmedLetter(t, other, named);
    const deeProtective = await confirmedLetter(t, dee, protective);
    await db.updateTable('actions').set({ sign_as: 'Dee' }).where('id', '=', deeProtective).execute();
    await db.updateTable('outbox').set({ status: 'sent', sent_at: '2026-01-03T12:00:00.000Z' }).where('action_id', '=', deeLetter).execute();
    const queuedNamed = await confirmedLetter(
      t,
      dee,
      await createCampaign(db, { identityMode: 'named', targets: [testTarget({ email: 'minister@example.kz' })] }),
    );
    await createAction(db, dee, named.id, { method: 'own_mail', letter: null });
    await createAction(db, dee, protective.id, { method: 'signature', status: 'pending' });
    const held = await createAction(db, dee, (await createCampaign(db)).id, { status: 'held' });
    await createConsent(db, dee.id, 'campaign_updates', { campaignId: named.id });
    await createConsent(db, other.id, 'campaign_updates', { campaignId: named.id });
    await createMessage(
      db,
      { kind: 'confirmation', actionId: deeLetter, recipient: dee.email, subject: 'Please confirm', body: `Dear Dee Okafor, confirm: ...` },
      'sent',
    );
    await createMessage(db, {
      kind: 'outcome',
      campaignId: named.id,
      recipient: 'DEE.OKAFOR@example.com',
      subject: 'Released!',
      body: 'Dear Dee Okafor, good news.',
    });
    const digest = await createMessage(
      db,
      {
        kind: 'copy_digest',
        campaignId: named.id,
        recipient: 'copies@example.org',
        subject: 'Today',
        body: 'Supporters:\nDee Okafor, Lagos, Nigeria\nDee Okaforson, Accra, Ghana',
      },
      'sent',
    );
    await db
      .insertInto('digest_entries')
      .values([
        { campaign_id: named.id, target_id: null, action_id: deeLetter, created_at: '2026-01-03T10:05:00.000Z', outbox_id: digest },
        { campaign_id: named.id, target_id: null, action_id: otherLetter, created_at: '2026-01-03T10:05:00.000Z', outbox_id: digest },
      ])
      .execute();
    const before = { named: await counts(t, named.id), protective: await counts(t, protective.id) };
    expect(before.named).toEqual({ NG: 2, GH: 1 });
    const announced: string[] = [];
    t.changes.subscribe((tags) => announced.push(...tags));

    const visitor = client(t);
    const res = await visitor.post(`/your-data/${dee.token}/erase`, { confirm: 'yes' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/your-data/${dee.token}`);
    const page = await visitor.get(`/your-data/${dee.token}`);
    expect(page.statusCode).toBe(200);
    expect(read(page.body).text('main')).toContain('Your data was erased');
    expect(read(page.body).count('main form')).toBe(0);

    const everything = (await supporterDataText(db)).toLowerCase();
    for (const gone of [dee.email, 'dee okafor,', 'lagos']) expect(everything, gone).not.toContain(gone);
    expect(everything).not.toMatch(/dee okafor(?!son)/);
    // The digest keeps its other lines whole, and says of Dee what a digest written now would.
    expect((await db.selectFrom('outbox').select('body').where('id', '=', digest).executeTakeFirstOrThrow()).body).toBe(
      'Supporters:\nA supporter, Nigeria\nDee Okaforson, Accra, Ghana',
    );
    expect(everything).toContain('other@example.com');
    expect(await counts(t, named.id)).toEqual(before.named);
    expect(await counts(t, protective.id)).toEqual(before.protective);

    const supporter = await db.selectFrom('supporters').selectAll().where('id', '=', dee.id).executeTakeFirstOrThrow();
    expect(supporter).toMatchObject({ email: null, name: null, city: null, country: 'NG', erased_at: clock().toISOString() });
    const actions = await db.selectFrom('actions').selectAll().where('supporter_id', '=', dee.id).orderBy('id').execute();
    expect(actions.map((a) => a.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed', 'discarded']);
    expect(actions.find((a) => a.id === held)?.status).toBe('discarded');
    for (const a of actions) expect([a.letter, a.sign_as, a.idempotency_key, a.confirm_token_hash, a.ip_key]).toEqual([null, null, null, null, null]);
    expect(await db.selectFrom('consents').select('id').where('supporter_id', '=', dee.id).execute()).toEqual([]);
    const letters = await db.selectFrom('outbox').select(['action_id', 'status', 'reply_to', 'recipient']).where('kind', '=', 'letter').execute();
    expect(letters.find((l) => l.action_id === queuedNamed)?.status).toBe('cancelled');
    expect(letters.find((l) => l.action_id === deeLetter)?.status).toBe('sent');
    expect(letters.find((l) => l.action_id === otherLetter)).toMatchObject({ status: 'queued', reply_to: 'other@example.com' });
    // A protective letter carries no name or address: it still goes to the target.
    expect(letters.find((l) => l.recipient === 'prosecutor@example.kz')?.status).toBe('queued');
    const outcome = await db.selectFrom('outbox').select(['status', 'recipient']).where('kind', '=', 'outcome').executeTakeFirstOrThrow();
    expect(outcome).toEqual({ status: 'cancelled', recipient: null });
    expect(announced).toEqual(expect.arrayContaining([`campaign:${named.id}`, `campaign:${protective.id}`]));

    // Erasing again changes nothing and still answers.
    expect((await visitor.post(`/your-data/${dee.token}/erase`, { confirm: 'yes' })).statusCode).toBe(303);
    const exported = JSON.parse((await visitor.post(`/your-data/${dee.token}/export`, {})).body);
    expect(exported).toMatchObject({ supporter: { name: null, email: null, city: null }, actions: [], consents: [] });
  });

  it('withdraws one consent at a time, only the link holder’s own', async () => {
    const { id: campaign } = await createCampaign(t.database.db, { title: 'Save the clinic' });
    const eve = await createSupporter(t.database.db, { name: 'Eve Adams' });
    const mallory = await createSupporter(t.database.db, { name: 'Mallory Smith' });
    const updates = await createConsent(t.database.db, eve.id, 'campaign_updates', { campaignId: campaign });
    const news = await createConsent(t.database.db, eve.id, 'section_news', { sectionSlug: 'cwi' });
    const malloryConsent = await createConsent(t.database.db, mallory.id, 'campaign_updates', { campaignId: campaign });
    const visitor = client(t);

    const res = await visitor.post(`/your-data/${eve.token}/consents/${updates}/withdraw`, {});
    expect(res.statusCode).toBe(303);
    const withdrawn = await t.database.db
      .selectFrom('consents')
      .select(['id', 'withdrawn_at'])
      .where('supporter_id', 'in', [eve.id, mallory.id])
      .orderBy('id')
      .execute();
    expect(withdrawn).toEqual([
      { id: updates, withdrawn_at: clock().toISOString() },
      { id: news, withdrawn_at: null },
      { id: malloryConsent, withdrawn_at: null },
    ]);
    const consents = read((await visitor.get(`/your-data/${eve.token}`)).body).all('article.your-consent');
    expect(consents).toHaveLength(2);
    const [gone, kept] = consents;
    expect(gone!.text('p')).toMatch(/, withdrawn 1 March 2026\.$/);
    expect(gone!.has('form')).toBe(false);
    expect(kept!.text('p')).not.toContain('withdrawn');
    expect(kept!.first('form').attr('action')).toBe(`/your-data/${eve.token}/consents/${news}/withdraw`);

    expect((await visitor.post(`/your-data/${eve.token}/consents/${malloryConsent}/withdraw`, {})).statusCode).toBe(404);
    expect((await visitor.post(`/your-data/${eve.token}/consents/abc/withdraw`, {})).statusCode).toBe(404);
    expect((await visitor.post(`/your-data/${eve.token}/consents/${news}/withdraw`, {}, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect(
      (await t.database.db.selectFrom('consents').select('withdrawn_at').where('id', '=', malloryConsent).executeTakeFirstOrThrow()).withdrawn_at,
    ).toBeNull();
  });

  it('slows down guessing: 30 requests per address and 10 minutes, IPv6 counted per /64', async () => {
    const fay = await createSupporter(t.database.db);
    const guesser = new Client(t, '2001:db8:1:2::17');
    for (let i = 0; i < 30; i++) expect((await guesser.get(`/your-data/${randomBytes(32).toString('base64url')}`)).statusCode).toBe(404);
    const refused = await guesser.get(`/your-data/${fay.token}`);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.body).not.toContain(fay.name);
    expect((await new Client(t, '2001:db8:1:2::99').get(`/your-data/${fay.token}`)).statusCode).toBe(429);
    expect((await new Client(t, '2001:db8:1:3::17').get(`/your-data/${fay.token}`)).statusCode).toBe(200);
    clock.advance(11);
    expect((await guesser.get(`/your-data/${fay.token}`)).statusCode).toBe(200);
  });
});
