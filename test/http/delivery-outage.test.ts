import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { startDeliveryHarness, type DeliveryHarness } from '../support/delivery.js';
import { campaignIdOf, DEMO_SLUG, postForm, supporterForm } from '../support/campaigns.js';

/*
 * The outage test, through the public forms: while the SMTP server is down,
 * supporters keep acting and confirming with the usual answers; when it returns, every
 * confirmation email and every letter arrives, each under the Message-ID it was queued with.
 */
describe.each(DATABASES)('http (%s): an SMTP outage', (kind) => {
  let h: DeliveryHarness;
  beforeAll(async () => {
    h = await startDeliveryHarness(kind, { demo: true });
    // Letters to the demo's targets leave at once, at any hour, for this test.
    await h.t.database.db.updateTable('campaign_targets').set({ pace_per_hour: 100_000, office_hours: 'Sun-Sat 00:00-24:00' }).execute();
  });
  afterAll(async () => h?.close());

  it('keeps answering supporters while mail is down, and delivers everything when it returns', async () => {
    const campaignId = await campaignIdOf(h.t, DEMO_SLUG);
    await h.smtp.stop();
    const forms = Array.from({ length: 6 }, (_, i) => supporterForm({ email: `outage-${kind}-${i}@example.net` }));
    for (const [i, form] of forms.entries()) {
      const res = await postForm(h.t, `/campaigns/${DEMO_SLUG}/act`, form, { ip: `203.0.113.${i + 1}` });
      expect(res.statusCode).toBe(303);
    }
    expect(await h.worker.runOnce()).toMatchObject({ sent: 0, retried: 6 });

    await h.smtp.start();
    h.clock.advance(2);
    await h.worker.runOnce();
    const links = forms.map((form) => {
      const mail = h.receivedBy(form.email as string).at(-1);
      const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
      expect(token, `a confirmation email to ${form.email}`).toBeDefined();
      return `/confirm/${token}`;
    });

    // Down again while they confirm: confirming still works, the letters wait.
    await h.smtp.stop();
    for (const link of links) expect((await postForm(h.t, link, {})).statusCode).toBe(200);
    expect(await h.worker.runOnce()).toMatchObject({ sent: 0 });

    await h.smtp.start();
    h.clock.advance(2);
    await h.worker.runOnce();
    const letters = await h.t.database.db
      .selectFrom('outbox')
      .select(['message_id', 'status', 'recipient'])
      .where('campaign_id', '=', campaignId)
      .where('kind', '=', 'letter')
      .execute();
    expect(letters).toHaveLength(forms.length * 3);
    expect(letters.every((l) => l.status === 'sent')).toBe(true);
    const received = new Set(h.smtp.messages.map((m) => m.messageId));
    expect(letters.filter((l) => !received.has(l.message_id))).toEqual([]);
  });
});
