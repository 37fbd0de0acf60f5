import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxKind, OutboxStatus } from '../../src/domain/outbox/outbox.js';
import { supporterDataToken, supporterFooter } from '../../src/services/campaigns/supporter-token.js';
import { loadServerSecret } from '../../src/services/settings/server-secret.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { createAction, createCampaign, createConsent, createSupporter, testTarget } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { page } from '../support/html.js';
import { Client, createStaff, signInAs } from '../support/staff.js';

const NOW = '2026-03-02T10:00:00.000Z';

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'void-style': 'off',
    'no-trailing-whitespace': 'off',
    'attribute-boolean-style': 'off',
    'long-title': 'off',
    'form-dup-name': ['error', { shared: ['radio', 'button', 'submit', 'checkbox'] }],
  },
});

/** html-validate's complaints about a page, as lines. */
async function invalidities(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

describe.each(DATABASES)('http (%s): the coordinator’s dashboard of a campaign, and the outbox', (kind) => {
  let t: TestApp;
  let admin: Client;
  let coordinator: Client;
  const clock = testClock(NOW);
  const campaignRow = (id: number) => t.database.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const outboxOf = (campaignId: number, kindOf: OutboxKind) =>
    t.database.db.selectFrom('outbox').selectAll().where('campaign_id', '=', campaignId).where('kind', '=', kindOf).orderBy('recipient').execute();

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    [admin, coordinator] = await Promise.all([
      createStaff(t, 'administrator').then((a) => signInAs(t, a)),
      createStaff(t, 'coordinator').then((a) => signInAs(t, a)),
    ]);
  }, 120_000);
  afterAll(async () => t?.close());

  it('counts exactly the rows behind it, and draws them per day and per country with accessible text', async () => {
    const { id } = await createCampaign(t.database.db, { title: 'Counted', targets: [testTarget()] });
    const db = t.database.db;
    const person = async (country: string) => createSupporter(db, { country });
    await createAction(db, await person('KZ'), id, { at: '2026-03-02T08:00:00.000Z' });
    await createAction(db, await person('KZ'), id, { at: '2026-03-01T08:00:00.000Z' });
    await createAction(db, await person('IE'), id, { at: '2026-02-20T08:00:00.000Z' });
    await createAction(db, await person('IE'), id, { at: '2026-01-05T08:00:00.000Z' }); // before the chart's 30 days
    await createAction(db, await person('DE'), id, { method: 'own_mail', at: '2026-03-02T09:00:00.000Z' });
    await createAction(db, await person('DE'), id, { method: 'call', at: '2026-03-02T09:30:00.000Z' });
    await createAction(db, await person('FR'), id, { status: 'pending' });
    await createAction(db, await person('FR'), id, { status: 'pending' });
    await createAction(db, await person('FR'), id, { status: 'held' });
    await createAction(db, await person('FR'), id, { status: 'discarded' });
    await createAction(db, await person('KZ'), (await createCampaign(db)).id, {}); // another campaign's

    const res = await coordinator.get(`/admin/campaigns/${id}`);
    expect(res.statusCode).toBe(200);
    const dashboard = page(res.body);
    expect(dashboard.definitions('dl.counts')).toEqual({
      'Confirmed (sent through Placard)': '4',
      'Self-reported (own mail, calls)': '2',
      'Waiting for email confirmation': '2',
      'Held (over the rate limit)': '1',
    });

    /** A chart as its reader meets it: an image named by its title and description, and its numbers in a table. */
    const chart = (id: string) => {
      const figure = dashboard.first(`figure.chart#${id}`);
      const svg = figure.first('svg[role=img]');
      const [title, desc] = (svg.attr('aria-labelledby') ?? '').split(' ').map((ref) => dashboard.byId(ref)?.text());
      return { title, desc, rows: figure.rows('table tbody'), bars: svg.count('rect.confirmed') };
    };
    const perDay = chart('per-day');
    expect(perDay.title).toBe('Actions per day, 2026-02-01 to 2026-03-02');
    expect(perDay.desc).toBe('3 confirmed and 2 self-reported actions in the last 30 days. The busiest day was 2026-03-02 with 3.');
    expect(perDay.rows).toHaveLength(30);
    expect(perDay.rows).toContainEqual(['2026-03-02', '1', '2']);
    expect(perDay.rows).toContainEqual(['2026-02-20', '1', '0']);
    expect(perDay.rows.filter(([, confirmed, self]) => confirmed !== '0' || self !== '0')).toHaveLength(3);
    expect(perDay.bars).toBe(30);
    const perCountry = chart('per-country');
    expect(perCountry.desc).toBe('Actions from 3 countries; the most from Germany (2).');
    expect(perCountry.rows).toEqual(
      expect.arrayContaining([
        ['Ireland', '2', '0'],
        ['Kazakhstan', '2', '0'],
        ['Germany', '0', '2'],
      ]),
    );
    expect(perCountry.rows).toHaveLength(3);
    expect(perCountry.bars).toBe(3);
    const listed = page((await coordinator.get('/admin/campaigns')).body)
      .all('table.admin-table tbody tr')
      .find((row) => row.first('th a').attr('href') === `/admin/campaigns/${id}`);
    expect(listed?.texts('th, td').slice(0, 5)).toEqual(['Counted', expect.any(String), 'Urgent action', 'Active', '4']);
    expect(await invalidities(res.body)).toEqual([]);
  });

  it('shows delivery per target: queued, sent, failed, bounced, and the latest errors', async () => {
    const { id } = await createCampaign(t.database.db, {
      title: 'Delivered',
      targets: [testTarget({ title: 'Head of the Supreme Court' }), testTarget({ title: 'Prosecutor General', email: 'pg@example.kz' })],
    });
    const [court, prosecutor] = await t.database.db.selectFrom('campaign_targets').select('id').where('campaign_id', '=', id).orderBy('position').execute();
    let n = 0;
    const letter = (targetId: number, status: OutboxStatus, lastError: string | null = null) =>
      t.database.db
        .insertInto('outbox')
        .values({
          kind: 'letter',
          campaign_id: id,
          target_id: targetId,
          message_id: `<d-${kind}-${n++}@example.org>`,
          recipient: 'court@example.kz',
          subject: 'Release them',
          body: 'Text',
          status,
          not_before: NOW,
          created_at: NOW,
          last_error: lastError,
          attempts: status === 'queued' ? 0 : 1,
        })
        .execute();
    for (const status of ['queued', 'queued', 'sending', 'sent', 'sent', 'sent'] as const) await letter(court!.id, status);
    await letter(court!.id, 'failed', '552 Mailbox full');
    await letter(prosecutor!.id, 'bounced', '550 5.1.1 No such user pg@example.kz');
    const delivery = page((await coordinator.get(`/admin/campaigns/${id}`)).body).first('section[aria-labelledby=delivery-heading]');
    expect(delivery.rows('table#delivery')).toEqual([
      ['Target', 'Queued', 'Sent', 'Failed', 'Bounced'],
      ['Head of the Supreme Court (Alina Rakhimbekova)', '3', '3', '1', '0'],
      ['Prosecutor General (Alina Rakhimbekova)', '0', '0', '0', '1'],
    ]);
    const errors = delivery.all('ul.delivery-errors li');
    expect(errors.map((e) => e.text().replace(/^.*? UTC /, ''))).toEqual([
      'Head of the Supreme Court (Alina Rakhimbekova), failed: 552 Mailbox full',
      'Prosecutor General (Alina Rakhimbekova), bounced: 550 5.1.1 No such user pg@example.kz',
    ]);
    expect(errors.map((e) => e.text('code'))).toEqual(['552 Mailbox full', '550 5.1.1 No such user pg@example.kz']);
  });

  it('pauses and resumes delivery', async () => {
    const { id } = await createCampaign(t.database.db, { title: 'Paused' });
    expect((await coordinator.post(`/admin/campaigns/${id}/delivery`, { paused: '1' })).headers.location).toBe(`/admin/campaigns/${id}?notice=delivery-paused`);
    expect((await campaignRow(id)).delivery_paused).toBe(1);
    const paused = page((await coordinator.get(`/admin/campaigns/${id}?notice=delivery-paused`)).body);
    expect(paused.text('p.notice[role=status]')).toBe('Delivery paused: letters wait in the outbox until it is resumed.');
    expect(paused.definitions('dl.facts').Delivery).toBe('Paused: letters wait in the outbox');
    const control = paused.first(`form[action="/admin/campaigns/${id}/delivery"] button[name=paused]`);
    expect([control.attr('value'), control.text()]).toEqual(['0', 'Resume delivery']);
    await coordinator.post(`/admin/campaigns/${id}/delivery`, { paused: '0' });
    expect((await campaignRow(id)).delivery_paused).toBe(0);
  });

  it('posts an outcome and emails it only to participants with a confirmed, standing consent to this campaign’s updates', async () => {
    const db = t.database.db;
    const { id } = await createCampaign(db, { title: 'Free Natalya Sokolova' });
    const { id: other } = await createCampaign(db, { title: 'Another' });
    const wants = await createSupporter(db, { email: 'wants@example.net' });
    const twice = await createSupporter(db, { email: 'twice@example.net' });
    const unconfirmed = await createSupporter(db, { email: 'unconfirmed@example.net' });
    const withdrawn = await createSupporter(db, { email: 'withdrawn@example.net' });
    const erased = await createSupporter(db, { email: 'erased@example.net' });
    const newsOnly = await createSupporter(db, { email: 'news@example.net' });
    const elsewhere = await createSupporter(db, { email: 'elsewhere@example.net' });
    await createConsent(db, wants.id, 'campaign_updates', { campaignId: id });
    await createConsent(db, twice.id, 'campaign_updates', { campaignId: id });
    await createConsent(db, twice.id, 'campaign_updates', { campaignId: id });
    await createConsent(db, unconfirmed.id, 'campaign_updates', { campaignId: id, confirmed: false });
    await createConsent(db, withdrawn.id, 'campaign_updates', { campaignId: id, withdrawnAt: '2026-02-01T00:00:00.000Z' });
    await createConsent(db, erased.id, 'campaign_updates', { campaignId: id });
    await db.updateTable('supporters').set({ email: null, name: null, erased_at: '2026-02-01T00:00:00.000Z' }).where('id', '=', erased.id).execute();
    await createConsent(db, newsOnly.id, 'section_news', { sectionSlug: 'cwi' });
    await createConsent(db, elsewhere.id, 'campaign_updates', { campaignId: other });

    const missing = await coordinator.post(`/admin/campaigns/${id}/outcomes`, { occurredOn: '2026-03-01', title: '', body: 'She walked free this morning.' });
    expect(missing.statusCode).toBe(422);
    const outcomeForm = page(missing.body).first(`form[action="/admin/campaigns/${id}/outcomes"]`);
    expect(outcomeForm.errorFor('title')).toMatch(/^Say what happened/);
    expect(outcomeForm.field('body').value).toBe('She walked free this morning.');
    expect(outcomeForm.field('occurredOn').value).toBe('2026-03-01');
    expect(await outboxOf(id, 'outcome')).toEqual([]);

    const res = await coordinator.post(`/admin/campaigns/${id}/outcomes`, {
      occurredOn: '2026-03-01',
      title: 'Released',
      body: 'She walked free this morning.',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/campaigns/${id}?notice=outcome&sent=2#outcomes-heading`);
    const outcome = await db.selectFrom('campaign_outcomes').selectAll().where('campaign_id', '=', id).executeTakeFirstOrThrow();
    expect(outcome).toMatchObject({ occurred_on: '2026-03-01', title: 'Released', body: 'She walked free this morning.' });
    const mails = await outboxOf(id, 'outcome');
    expect(mails.map((m) => m.recipient)).toEqual(['twice@example.net', 'wants@example.net']);
    const secret = await loadServerSecret(db);
    for (const [mail, who] of [
      [mails[0]!, twice],
      [mails[1]!, wants],
    ] as const) {
      expect(mail.subject).toBe('Free Natalya Sokolova: Released');
      expect(mail.status).toBe('queued');
      expect(mail.body).toContain('She walked free this morning.');
      expect(mail.body.endsWith(supporterFooter(t.config.publicUrl, supporterDataToken(secret, who.id)))).toBe(true);
    }
    // Sent again (a double click): nothing is posted or emailed twice.
    const again = await coordinator.post(`/admin/campaigns/${id}/outcomes`, {
      occurredOn: '2026-03-01',
      title: 'Released',
      body: 'She walked free this morning.',
    });
    expect(again.statusCode).toBe(303);
    expect(await db.selectFrom('campaign_outcomes').select('id').where('campaign_id', '=', id).execute()).toHaveLength(1);
    expect(await outboxOf(id, 'outcome')).toHaveLength(2);
    const posted = page((await coordinator.get(String(res.headers.location).replace(/#.*/, ''))).body);
    expect(posted.text('p.notice[role=status]')).toBe('Outcome posted and emailed to 2 supporters who asked for updates.');
    const outcomes = posted.first('section[aria-labelledby=outcomes-heading]');
    expect(outcomes.first('time').attr('datetime')).toBe('2026-03-01');
    expect(outcomes.texts('li')).toEqual([expect.stringMatching(/^1 March 2026 Released\b/)]);
  });

  it('closes a campaign', async () => {
    const { id } = await createCampaign(t.database.db, { title: 'To close' });
    expect((await coordinator.post(`/admin/campaigns/${id}/status`, { to: 'closed' })).statusCode).toBe(303);
    expect(await campaignRow(id)).toMatchObject({ status: 'closed', closed_at: NOW });
    expect(page((await coordinator.get(`/admin/campaigns/${id}`)).body).definitions('dl.facts').Status).toBe('Closed since 2 March 2026');
  });

  it('lists held submissions without saying who, and releases or discards them', async () => {
    const db = t.database.db;
    const { id } = await createCampaign(db, { title: 'Flooded', targets: [testTarget()] });
    const letterWriter = await createSupporter(db, { email: 'held-letter@example.net', name: 'Hidden Name', country: 'KZ' });
    const caller = await createSupporter(db, { email: 'held-call@example.net', country: 'IE' });
    const spammer = await createSupporter(db, { email: 'held-spam@example.net', country: 'US' });
    const heldLetter = await createAction(db, letterWriter, id, { status: 'held', at: '2026-03-02T09:01:00.000Z' });
    const heldCall = await createAction(db, caller, id, { status: 'held', method: 'call', at: '2026-03-02T09:02:00.000Z' });
    const heldSpam = await createAction(db, spammer, id, { status: 'held', at: '2026-03-02T09:03:00.000Z' });
    await db
      .updateTable('actions')
      .set({ held_reason: 'More than 5 submissions in 5 minutes from one address' })
      .where('id', 'in', [heldLetter, heldCall, heldSpam])
      .execute();

    const before = await coordinator.get(`/admin/campaigns/${id}`);
    const held = page(before.body).first('table#held');
    expect(held.rows('tbody').map((cells) => cells.slice(0, 4))).toEqual([
      ['2 March 2026 at 09:01 UTC', 'Kazakhstan', 'Sent through Placard', 'More than 5 submissions in 5 minutes from one address'],
      ['2 March 2026 at 09:02 UTC', 'Ireland', 'Call (self-reported)', 'More than 5 submissions in 5 minutes from one address'],
      ['2 March 2026 at 09:03 UTC', 'United States', 'Sent through Placard', 'More than 5 submissions in 5 minutes from one address'],
    ]);
    expect(held.first('tbody time').attr('datetime')).toBe('2026-03-02T09:01:00.000Z');
    for (const secret of ['held-letter@example.net', 'held-call@example.net', 'Hidden Name', 'held-spam@example.net'])
      expect(before.body).not.toContain(secret);

    const status = async (actionId: number) => (await db.selectFrom('actions').select('status').where('id', '=', actionId).executeTakeFirstOrThrow()).status;
    expect((await coordinator.post(`/admin/campaigns/${id}/held`, { actionId: String(heldLetter), decision: 'release' })).headers.location).toBe(
      `/admin/campaigns/${id}?notice=released`,
    );
    expect(await status(heldLetter)).toBe('pending');
    await coordinator.post(`/admin/campaigns/${id}/held`, { actionId: String(heldCall), decision: 'release' });
    expect(await status(heldCall)).toBe('confirmed');
    expect((await coordinator.post(`/admin/campaigns/${id}/held`, { actionId: String(heldSpam), decision: 'discard' })).headers.location).toBe(
      `/admin/campaigns/${id}?notice=discarded`,
    );
    expect(await status(heldSpam)).toBe('discarded');
    const again = await coordinator.post(`/admin/campaigns/${id}/held`, { actionId: String(heldSpam), decision: 'release' });
    expect(again.headers.location).toBe(`/admin/campaigns/${id}?notice=not-held`);
    expect(await status(heldSpam)).toBe('discarded');
    // A held action of another campaign cannot be decided through this one.
    const otherHeld = await createAction(db, await createSupporter(db), (await createCampaign(db)).id, { status: 'held' });
    expect((await coordinator.post(`/admin/campaigns/${id}/held`, { actionId: String(otherHeld), decision: 'discard' })).headers.location).toBe(
      `/admin/campaigns/${id}?notice=not-held`,
    );
    expect(await status(otherHeld)).toBe('held');
    const after = await coordinator.get(`/admin/campaigns/${id}`);
    expect(await invalidities(before.body)).toEqual([]);
    const afterwards = page(after.body);
    expect(afterwards.texts('section[aria-labelledby=held-heading] p')).toEqual(['None held.']);
    expect(afterwards.text('#count-self-reported')).toBe('1');
  });

  it('shows administrators where mail goes and the latest messages, and audits every look', async () => {
    const { id } = await createCampaign(t.database.db, { title: 'Outboxed' });
    const supporter = await createSupporter(t.database.db, { email: 'reader@example.net' });
    await createConsent(t.database.db, supporter.id, 'campaign_updates', { campaignId: id });
    await coordinator.post(`/admin/campaigns/${id}/outcomes`, { occurredOn: '2026-03-01', title: 'Charges dropped', body: '' });
    const message = (await outboxOf(id, 'outcome'))[0]!;
    await t.database.db.updateTable('outbox').set({ status: 'sent', sent_at: NOW, attempts: 1 }).where('id', '=', message.id).execute();
    const audits = async () =>
      (await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'supporters-viewed').orderBy('id').execute()).filter((e) =>
        e.subject_type?.startsWith('outbox'),
      );

    expect((await coordinator.get('/admin/outbox')).statusCode).toBe(403);
    expect(await audits()).toEqual([]);
    const list = await admin.get('/admin/outbox');
    expect(list.statusCode).toBe(200);
    const outbox = page(list.body);
    expect(outbox.text('p.notice')).toContain(`every message is written as an .eml file in ${t.config.mail.outboxDir}`);
    /** The outbox's rows: subject (and where it links), kind, recipient, status, attempts. */
    const rowsOf = (html: string) =>
      page(html)
        .all('table.outbox tbody tr')
        .map((row) => [row.first('th a').attr('href'), ...row.texts('th, td').slice(0, 5)]);
    expect(rowsOf(list.body)).toContainEqual([`/admin/outbox/${message.id}`, 'Outboxed: Charges dropped', 'outcome', 'reader@example.net', 'sent', '1']);
    expect(rowsOf((await admin.get('/admin/outbox?status=queued')).body).map((row) => row[3])).not.toContain('reader@example.net');
    expect(rowsOf((await admin.get('/admin/outbox?status=sent')).body).map((row) => row[3])).toContain('reader@example.net');
    expect((await admin.get('/admin/outbox?status=lost')).statusCode).toBe(400);
    const one = await admin.get(`/admin/outbox/${message.id}`);
    const read = page(one.body);
    expect(read.definitions('dl.facts')).toMatchObject({ Kind: 'outcome', To: 'reader@example.net', 'Message-ID': message.message_id, Status: 'sent' });
    expect(read.first('pre.message-text').rawText).toBe(message.body);
    expect((await admin.get('/admin/outbox/99999999')).statusCode).toBe(404);
    expect([...(await invalidities(list.body)), ...(await invalidities(one.body))]).toEqual([]);
    const entries = await audits();
    expect(entries.map((e) => e.summary)).toEqual([
      expect.stringMatching(/^Viewed the outbox \(all messages, page 1: \d+ shown of \d+\)$/),
      expect.stringMatching(/^Viewed the outbox \(queued messages, page 1: \d+ shown of \d+\)$/),
      expect.stringMatching(/^Viewed the outbox \(sent messages, page 1: \d+ shown of \d+\)$/),
      `Read outbox message ${message.id} (outcome)`,
    ]);
    for (const e of entries) expect(e.summary).not.toContain('@');
  });
});
