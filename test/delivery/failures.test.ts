import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryWorker } from '../../src/jobs/delivery-worker.js';
import { LEASE_SECONDS } from '../../src/services/delivery/deliver-due.js';
import { claimDue } from '../../src/store/outbox/outbox-claim.store.js';
import { confirmedAction, createCampaign, TEST_MAIL, testTarget } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { startDeliveryHarness, type DeliveryHarness } from '../support/delivery.js';

/*
 * Nothing is lost when mail cannot go: temporary failures retry under the same
 * Message-ID, permanent ones are recorded for the coordinator, an SMTP outage delays
 * letters without losing one, and a worker that dies mid-send leaves its letters to others.
 */

describe.each(DATABASES)('delivery (%s): letters survive failures', (kind) => {
  let h: DeliveryHarness;
  const db = () => h.t.database.db;

  beforeAll(async () => {
    h = await startDeliveryHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('retries a temporary refusal a minute later under the same Message-ID', async () => {
    const target = testTarget();
    let refusals = 1;
    h.verdicts.set(target.email!, () => (refusals-- > 0 ? 'temporary' : false));
    const campaign = await createCampaign(db(), { targets: [target] });
    await confirmedAction(db(), campaign, { name: 'Retry Person', email: 'retry@example.net' }, { now: h.clock() });

    expect(await h.worker.runOnce()).toMatchObject({ sent: 0, retried: 1 });
    const [queued] = await h.outbox(campaign.id);
    expect(queued).toMatchObject({ status: 'queued', attempts: 1, lease_owner: null });
    expect(queued?.last_error).toMatch(/450/);
    expect(queued?.last_error).not.toContain(target.email);
    expect(h.receivedBy(target.email!)).toEqual([]);

    h.clock.advance(1);
    expect(await h.worker.runOnce()).toMatchObject({ sent: 1 });
    const [letter] = h.receivedBy(target.email!);
    expect(letter?.messageId).toBe(queued?.message_id);
    expect((await h.outbox(campaign.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('records a refused recipient as bounced and a refused message as failed, without retrying', async () => {
    const gone = testTarget();
    const fine = testTarget();
    h.verdicts.set(gone.email!, 'permanent');
    const campaign = await createCampaign(db(), { targets: [gone, fine] });
    await confirmedAction(db(), campaign, { name: 'Bounce Person', email: 'bounce@example.net' }, { now: h.clock() });

    expect(await h.worker.runOnce()).toMatchObject({ sent: 1, failed: 1 });
    const rows = await h.outbox(campaign.id);
    const byTarget = new Map(rows.map((r) => [r.recipient, r]));
    expect(byTarget.get(gone.email!)).toMatchObject({ status: 'bounced', attempts: 1 });
    expect(byTarget.get(gone.email!)?.last_error).toMatch(/550/);
    expect(byTarget.get(fine.email!)).toMatchObject({ status: 'sent' });
    h.clock.advance(60);
    await h.worker.runOnce();
    expect(h.receivedBy(gone.email!)).toEqual([]);
    expect((await h.outbox(campaign.id)).find((r) => r.recipient === gone.email)?.attempts).toBe(1);
  });

  it('gives up on a recipient that stays unreachable for 48 hours', async () => {
    const target = testTarget();
    h.verdicts.set(target.email!, 'temporary');
    const campaign = await createCampaign(db(), { targets: [target] });
    await confirmedAction(db(), campaign, { name: 'Patient Person', email: 'patient@example.net' }, { now: h.clock() });
    for (let hour = 0; hour < 60; hour++) {
      await h.worker.runOnce();
      h.clock.advance(60);
    }
    const [row] = await h.outbox(campaign.id);
    expect(row?.status).toBe('failed');
    expect(row?.last_error).toMatch(/gave up after 48 hours/);
    expect(row?.attempts).toBeGreaterThanOrEqual(10);
  });

  it('an SMTP outage delays letters and loses none: they arrive when the server returns', async () => {
    const targets = [testTarget(), testTarget()];
    const campaign = await createCampaign(db(), { targets });
    await h.smtp.stop();
    for (let i = 0; i < 5; i++) await confirmedAction(db(), campaign, { name: `Outage ${i}`, email: `outage-${i}@example.net` }, { now: h.clock() });
    h.clock.advance(1);
    const during = await h.worker.runOnce();
    expect(during).toMatchObject({ sent: 0, retried: 10 });
    expect((await h.outbox(campaign.id)).every((r) => r.status === 'queued')).toBe(true);

    await h.smtp.start();
    h.clock.advance(1);
    await h.worker.runOnce();
    const rows = await h.outbox(campaign.id);
    expect(rows.map((r) => r.status)).toEqual(Array(10).fill('sent'));
    const received = new Set(targets.flatMap((t) => h.receivedBy(t.email!).map((m) => m.messageId)));
    expect(received).toEqual(new Set(rows.map((r) => r.message_id)));
  });

  it('a worker that died holding letters leaves them to another once its lease lapses', async () => {
    const target = testTarget();
    const campaign = await createCampaign(db(), { targets: [target] });
    await confirmedAction(db(), campaign, { name: 'Lease Person', email: 'lease@example.net' }, { now: h.clock() });
    const [held] = await claimDue(db(), h.t.database.dialect, { owner: 'dead-worker', now: h.clock(), leaseSeconds: LEASE_SECONDS, limit: 100 });
    expect(held?.campaign_id).toBe(campaign.id);

    await h.worker.runOnce();
    expect(h.receivedBy(target.email!)).toEqual([]);
    h.clock.advance(LEASE_SECONDS / 60 + 1);
    await h.worker.runOnce();
    expect(h.receivedBy(target.email!).map((m) => m.messageId)).toEqual([held?.message_id]);
    expect((await h.outbox(campaign.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a restarted worker takes over a dead one’s letters: at once on SQLite, after the lease on PostgreSQL', async () => {
    const target = testTarget();
    const campaign = await createCampaign(db(), { targets: [target] });
    await confirmedAction(db(), campaign, { name: 'Restart Person', email: 'restart@example.net' }, { now: h.clock() });
    await claimDue(db(), h.t.database.dialect, { owner: 'killed-process', now: h.clock(), leaseSeconds: LEASE_SECONDS, limit: 100 });

    const restarted = createDeliveryWorker({
      db: db(),
      dialect: h.t.database.dialect,
      clock: h.clock,
      mailer: h.mailer,
      mail: TEST_MAIL,
      logger: false,
      intervalMs: 20,
    });
    restarted.start();
    try {
      if (kind === 'sqlite') {
        await expect.poll(() => h.receivedBy(target.email!).length, { timeout: 5_000, interval: 20 }).toBe(1);
      } else {
        // The dead worker's lease holds: for 300 ms, fifteen rounds of the restarted worker, nothing goes.
        await new Promise((r) => setTimeout(r, 300));
        expect(h.receivedBy(target.email!)).toEqual([]);
        h.clock.advance(LEASE_SECONDS / 60 + 1);
        await expect.poll(() => h.receivedBy(target.email!).length, { timeout: 5_000, interval: 20 }).toBe(1);
      }
    } finally {
      await restarted.stop();
    }
    expect((await h.outbox(campaign.id))[0]?.status).toBe('sent');
  });
});
