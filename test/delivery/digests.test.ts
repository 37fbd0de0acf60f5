import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryWorker } from '../../src/jobs/delivery-worker.js';
import { confirmedAction, createCampaign, TEST_MAIL, testTarget } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { startDeliveryHarness, type DeliveryHarness } from '../support/delivery.js';

/*
 * Digest mode: a target gets one message per N actions or one a day, listing supporters
 * only as the identity mode allows; the organisation's copy is a daily digest.
 */

const supporters = [
  { name: 'Oisín Kelly', signAs: 'Oisín', email: 'oisin@example.net', city: 'Dublin', country: 'IE' },
  { name: 'Ada Lovelace', signAs: 'Ada', email: 'ada@example.net', city: 'London', country: 'GB' },
  { name: 'Rosa Luxemburg', signAs: 'Rosa', email: 'rosa@example.net', city: null, country: 'DE' },
];

describe.each(DATABASES)('delivery (%s): digests', (kind) => {
  let h: DeliveryHarness;
  const db = () => h.t.database.db;

  beforeAll(async () => {
    h = await startDeliveryHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sends one digest per N actions, naming supporters by name, city and country in named mode', async () => {
    const target = testTarget({ deliveryMode: 'digest', digestEvery: 3, salutation: 'Dear Minister' });
    const campaign = await createCampaign(db(), { identityMode: 'named', targets: [target] });
    for (const s of supporters.slice(0, 2)) await confirmedAction(db(), campaign, s, { now: h.clock() });
    expect((await h.worker.runOnce()).digests).toBe(0);
    expect(h.receivedBy(target.email!)).toEqual([]);

    await confirmedAction(db(), campaign, supporters[2]!, { now: h.clock() });
    expect(await h.worker.runOnce()).toMatchObject({ digests: 1, sent: 1 });
    const [digest] = h.receivedBy(target.email!);
    expect(digest?.from).toEqual({ name: 'Urgent Actions', address: 'actions@example.org' });
    expect(digest?.replyTo).toBeNull();
    expect(digest?.subject).toBe('Release Natalya Sokolova — 3 people from 3 countries');
    expect(digest?.text.startsWith('Dear Minister,')).toBe(true);
    for (const line of ['Oisín Kelly, Dublin, Ireland', 'Ada Lovelace, London, United Kingdom', 'Rosa Luxemburg, Germany', '- Release Natalya Sokolova']) {
      expect(digest?.text).toContain(line);
    }
    for (const s of supporters) expect(`${digest?.raw}${digest?.text}`).not.toContain(s.email);
    const entries = await db().selectFrom('digest_entries').select('outbox_id').where('campaign_id', '=', campaign.id).execute();
    const [row] = await h.outbox(campaign.id);
    expect(row).toMatchObject({ kind: 'digest', status: 'sent', message_id: digest?.messageId });
    expect(entries.map((e) => e.outbox_id)).toEqual([row?.id, row?.id, row?.id]);
  });

  it('without N, sends the digest once a day has passed since the oldest action, only the names supporters chose to sign with in protective mode', async () => {
    const target = testTarget({ deliveryMode: 'digest', digestEvery: null });
    const campaign = await createCampaign(db(), { identityMode: 'protective', targets: [target] });
    for (const s of supporters) await confirmedAction(db(), campaign, s, { now: h.clock() });
    h.clock.advance(24 * 60 - 1);
    await h.worker.runOnce();
    expect(h.receivedBy(target.email!)).toEqual([]);

    h.clock.advance(1);
    expect((await h.worker.runOnce()).digests).toBe(1);
    const [digest] = h.receivedBy(target.email!);
    for (const line of ['Oisín, Ireland', 'Ada, United Kingdom', 'Rosa, Germany']) expect(digest?.text).toContain(line);
    for (const hidden of ['Kelly', 'Lovelace', 'Luxemburg', 'Dublin', 'London', ...supporters.map((s) => s.email)]) {
      expect(digest?.raw).not.toContain(hidden);
      expect(digest?.text).not.toContain(hidden);
    }
  });

  it('copies the organisation once a day, to its copy-to addresses, whatever the targets’ modes', async () => {
    const target = testTarget();
    const campaign = await createCampaign(db(), { identityMode: 'protective', targets: [target], copyTo: ['copies@example.org', 'ua-desk@example.org'] });
    for (const s of supporters.slice(0, 2)) await confirmedAction(db(), campaign, s, { now: h.clock() });
    h.clock.advance(1);
    await h.worker.runOnce();
    expect(h.receivedBy(target.email!)).toHaveLength(2);
    expect(h.receivedBy('copies@example.org')).toEqual([]);

    h.clock.advance(24 * 60);
    expect((await h.worker.runOnce()).digests).toBe(1);
    const [copy] = h.receivedBy('copies@example.org');
    expect(copy?.to).toBe('copies@example.org');
    expect(copy?.cc).toEqual(['ua-desk@example.org']);
    expect(copy?.subject).toMatch(/^Copy: UA \d+\/26 Free Natalya Sokolova — 2 people$/);
    expect(copy?.text).toContain('Ireland: 1');
    expect(copy?.text).toContain('Oisín, Ireland');
    for (const hidden of ['Kelly', 'Lovelace', ...supporters.map((s) => s.email)]) {
      expect(copy?.raw).not.toContain(hidden);
      expect(copy?.text).not.toContain(hidden);
    }
    // The next day's copy lists only the next day's actions.
    await confirmedAction(db(), campaign, supporters[2]!, { now: h.clock() });
    h.clock.advance(24 * 60);
    await h.worker.runOnce();
    expect(h.receivedBy('copies@example.org').map((m) => m.subject.replace(/^.* — /, ''))).toEqual(['2 people', '1 person']);
  });

  it('two workers at once write each digest once', async () => {
    const target = testTarget({ deliveryMode: 'digest', digestEvery: 2 });
    const campaign = await createCampaign(db(), { targets: [target] });
    for (let i = 0; i < 6; i++) await confirmedAction(db(), campaign, { name: `Twin ${i}`, email: `twin-${i}@example.net` }, { now: h.clock() });
    const second = createDeliveryWorker({ db: db(), dialect: h.t.database.dialect, clock: h.clock, mailer: h.mailer, mail: TEST_MAIL, logger: false });
    await Promise.all([h.worker.runOnce(), second.runOnce()]);
    const digests = (await h.outbox(campaign.id)).filter((r) => r.kind === 'digest');
    expect(digests).toHaveLength(3);
    expect(h.receivedBy(target.email!)).toHaveLength(3);
    const listed = h.receivedBy(target.email!).flatMap((m) => m.text.match(/Twin \d/g) ?? []);
    expect(listed.toSorted()).toEqual(['Twin 0', 'Twin 1', 'Twin 2', 'Twin 3', 'Twin 4', 'Twin 5']);
  });
});
