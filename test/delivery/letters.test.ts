import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respaceQueuedLetters } from '../../src/services/delivery/respace-letters.js';
import { findCampaignBySlug } from '../../src/store/campaigns/campaign.store.js';
import { confirmedAction, createCampaign, pendingAction, testTarget } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { startDeliveryHarness, type DeliveryHarness } from '../support/delivery.js';

/*
 * What targets receive when supporters act: letters over real SMTP on loopback, parsed
 * by mailparser as the target's mail client would, sent by the worker on a test clock.
 */

describe.each(DATABASES)('delivery (%s): letters reach the targets as the campaign says', (kind) => {
  let h: DeliveryHarness;
  const db = () => h.t.database.db;
  const now = () => h.clock();

  beforeAll(async () => {
    h = await startDeliveryHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('named mode: the supporter’s name as From display name, their address as Reply-To, the salutation first', async () => {
    const targets = [testTarget({ salutation: 'Dear Chief Justice' }), testTarget({ salutation: null })];
    const campaign = await createCampaign(db(), { identityMode: 'named', targets });
    await confirmedAction(db(), campaign, { name: 'Oisín Kelly', email: 'oisin@example.net', city: 'Dublin', country: 'IE' }, { now: now() });
    expect((await h.worker.runOnce()).sent).toBe(2);

    const [first] = h.receivedBy(targets[0]!.email!);
    expect(first?.from).toEqual({ name: 'Oisín Kelly', address: 'actions@example.org' });
    expect(first?.replyTo).toBe('oisin@example.net');
    expect(first?.subject).toBe('Release Natalya Sokolova');
    expect(first?.text.startsWith('Dear Chief Justice,\n\nPlease release Natalya Sokolova.')).toBe(true);
    expect(first?.text).toContain('Oisín Kelly, Dublin, Ireland');
    const [second] = h.receivedBy(targets[1]!.email!);
    expect(second?.text.startsWith('Please release Natalya Sokolova.')).toBe(true);
    // Every letter went under the Message-ID it was queued with.
    const rows = await h.outbox(campaign.id);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(rows.map((r) => r.message_id).toSorted()).toEqual([first?.messageId, second?.messageId].toSorted());
  });

  it('protective mode: the organisation sends, no Reply-To, and the supporter’s address and full name appear nowhere', async () => {
    const target = testTarget();
    const campaign = await createCampaign(db(), {
      identityMode: 'protective',
      targets: [target],
      letter: { subjects: ['Free them'], body: 'Free them.\n\nI am Marguerite Okonkwo-Lindqvist (marguerite@example.net).\n{{name}}, {{city}}, {{country}}' },
    });
    await confirmedAction(
      db(),
      campaign,
      { name: 'Marguerite Okonkwo-Lindqvist', signAs: 'Marguerite', email: 'marguerite@example.net', city: 'Uppsala', country: 'SE' },
      { now: now() },
    );
    await h.worker.runOnce();

    const [letter] = h.receivedBy(target.email!);
    expect(letter?.from).toEqual({ name: 'Urgent Actions', address: 'actions@example.org' });
    expect(letter?.replyTo).toBeNull();
    expect(letter?.text).toMatch(/\nMarguerite, Sweden\n?$/);
    for (const secret of ['marguerite@example.net', 'Okonkwo', 'Lindqvist', 'Uppsala']) {
      expect(letter?.raw).not.toContain(secret);
      expect(letter?.text).not.toContain(secret);
    }
  });

  it('a name cannot add a header: one From, no Bcc, nobody else in the envelope', async () => {
    const target = testTarget();
    const campaign = await createCampaign(db(), { identityMode: 'named', targets: [target] });
    await confirmedAction(db(), campaign, { name: 'Eve\r\nBcc: x@evil.example', email: 'eve@example.net' }, { now: now() });
    await h.worker.runOnce();

    const [letter] = h.receivedBy(target.email!);
    expect(letter?.envelope.to).toEqual([target.email]);
    expect(letter?.parsed.headerLines.filter((l) => l.key === 'from')).toHaveLength(1);
    expect(letter?.parsed.headerLines.some((l) => l.key === 'bcc')).toBe(false);
    expect(letter?.parsed.bcc).toBeUndefined();
    expect(letter?.from.address).toBe('actions@example.org');
    expect(letter?.from.name).toBe('Eve Bcc: x@evil.example');
  });

  it('rotates the subject lines across letters', async () => {
    const target = testTarget();
    const subjects = ['Release Natalya Sokolova', 'Drop the charges against Natalya Sokolova', 'Stop the persecution of trade unionists'];
    const campaign = await createCampaign(db(), { targets: [target], letter: { subjects, body: 'Please.\n{{name}}' } });
    for (let i = 0; i < 3; i++) await confirmedAction(db(), campaign, { name: `Supporter ${i}`, email: `rotate-${i}@example.net` }, { now: now() });
    h.clock.advance(5);
    await h.worker.runOnce();
    expect(new Set(h.receivedBy(target.email!).map((m) => m.subject))).toEqual(new Set(subjects));
  });

  it('paced letters wait for their slot: N an hour, inside the target’s office hours', async () => {
    // Two an hour, 09:00–17:00 in Almaty (UTC+5); Wednesday 09:00 UTC is 14:00 there.
    h.clock.set('2026-03-04T09:00:00.000Z');
    const target = testTarget({ pacePerHour: 2, officeHours: '09:00-17:00', timeZone: 'Asia/Almaty' });
    const campaign = await createCampaign(db(), { targets: [target] });
    for (let i = 0; i < 8; i++) await confirmedAction(db(), campaign, { name: `Paced ${i}`, email: `paced-${i}@example.net` }, { now: now() });
    const received = async (minutes: number) => {
      h.clock.advance(minutes);
      await h.worker.runOnce();
      return h.receivedBy(target.email!).length;
    };
    expect(await received(0)).toBe(1);
    expect(await received(29)).toBe(1);
    expect(await received(1)).toBe(2);
    // 17:00 local is 12:00 UTC: the slots at 14:00, 14:30 … 16:30 local are six letters.
    expect(await received(150)).toBe(6);
    expect(await received(60)).toBe(6);
    // The rest wait for 09:00 tomorrow in Almaty (04:00 UTC).
    h.clock.set('2026-03-05T03:59:00.000Z');
    expect(await received(0)).toBe(6);
    expect(await received(1)).toBe(7);
  });

  it('sends nothing while a campaign’s delivery is paused, and everything once it resumes', async () => {
    const target = testTarget();
    const campaign = await createCampaign(db(), { targets: [target] });
    await db().updateTable('campaigns').set({ delivery_paused: 1 }).where('id', '=', campaign.id).execute();
    await confirmedAction(db(), campaign, { name: 'Paused Person', email: 'paused@example.net' }, { now: now() });
    h.clock.advance(10);
    await h.worker.runOnce();
    expect(h.receivedBy(target.email!)).toEqual([]);
    expect((await h.outbox(campaign.id)).map((r) => [r.status, r.attempts])).toEqual([['queued', 0]]);
    await db().updateTable('campaigns').set({ delivery_paused: 0 }).where('id', '=', campaign.id).execute();
    await h.worker.runOnce();
    expect(h.receivedBy(target.email!)).toHaveLength(1);
  });

  it('after a long pause, resumed letters keep their pace instead of leaving all at once', async () => {
    const target = testTarget({ pacePerHour: 2 });
    const campaign = await createCampaign(db(), { targets: [target] });
    await db().updateTable('campaigns').set({ delivery_paused: 1 }).where('id', '=', campaign.id).execute();
    for (let i = 0; i < 4; i++) await confirmedAction(db(), campaign, { name: `Held ${i}`, email: `held-${i}@example.net` }, { now: now() });
    h.clock.advance(3 * 60);
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('campaigns').set({ delivery_paused: 0 }).where('id', '=', campaign.id).execute();
        expect(await respaceQueuedLetters(trx, campaign, now())).toBe(4);
      });
    await h.worker.runOnce();
    expect(h.receivedBy(target.email!)).toHaveLength(1);
    h.clock.advance(30);
    await h.worker.runOnce();
    expect(h.receivedBy(target.email!)).toHaveLength(2);
    // A letter confirmed now queues behind them.
    await confirmedAction(db(), campaign, { name: 'Late Person', email: 'late-after-pause@example.net' }, { now: now() });
    h.clock.advance(60);
    await h.worker.runOnce();
    expect(h.receivedBy(target.email!)).toHaveLength(4);
  });

  it('deletes actions left unconfirmed past their expiry, and their confirmation email is never sent', async () => {
    const campaign = await createCampaign(db());
    await pendingAction(db(), campaign, { now: now(), expiresAt: new Date(now().getTime() - 1000), email: 'expired@example.net' });
    expect((await h.worker.runOnce()).expired).toBe(1);
    expect(await db().selectFrom('actions').select('id').where('campaign_id', '=', campaign.id).execute()).toEqual([]);
    expect(h.receivedBy('expired@example.net')).toEqual([]);
  });
});

describe.each(DATABASES)('delivery (%s): the demo campaign', (kind) => {
  let h: DeliveryHarness;
  beforeAll(async () => {
    h = await startDeliveryHarness(kind, { demo: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('writes to its three targets in Kazakhstan in protective mode, in their office hours', async () => {
    const campaign = await findCampaignBySlug(h.t.database.db, 'stop-state-brutality-in-kazakhstan');
    expect(campaign?.identityMode).toBe('protective');
    await confirmedAction(
      h.t.database.db,
      campaign!,
      { name: 'Ada Lovelace', signAs: 'Ada', email: 'ada@example.net', city: 'London', country: 'GB' },
      { now: h.clock() },
    );
    await h.worker.runOnce();
    const letters = h.smtp.messages.filter((m) => campaign!.targets.some((t) => t.email === m.to));
    expect(letters.length).toBe(campaign!.targets.filter((t) => t.email).length);
    for (const letter of letters) {
      expect(letter.from).toEqual({ name: 'Urgent Actions', address: 'actions@example.org' });
      for (const hidden of ['ada@example.net', 'Lovelace', 'London']) expect(`${letter.raw}${letter.text}`).not.toContain(hidden);
      // Kazakhstan's officials read the demo's Russian letter, the country named in Russian.
      expect(letter.text).toMatch(/Ada, Великобритания/);
    }
  });
});
