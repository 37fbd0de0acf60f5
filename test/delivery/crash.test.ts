import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_SIZE, LEASE_SECONDS, deliverDue } from '../../src/services/delivery/deliver-due.js';
import type { Mailer } from '../../src/services/mail/mailer.js';
import { enqueueMessage } from '../../src/store/outbox/outbox.store.js';
import { TEST_MAIL } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { startDeliveryHarness, type DeliveryHarness } from '../support/delivery.js';

const MESSAGES = 40;
const CRASH_AFTER = 17;

/**
 * A worker's send lane that dies mid-batch: its mailer sends the first `after` messages
 * through the real SMTP server, and the last of them never returns (gone between the
 * server's reply and the "sent" mark); nothing starts after it. Sends already under way
 * in the other lanes finish, as they would up to the instant a process dies.
 */
function dyingMailer(real: Mailer, after: number): Mailer & { readonly dead: () => boolean } {
  let sends = 0;
  const never = new Promise<never>(() => {});
  return {
    description: real.description,
    dead: () => sends >= after,
    async send(message) {
      if (sends >= after) return never;
      const n = ++sends;
      await real.send(message);
      if (n === after) return never;
    },
    close: () => real.close(),
  };
}

describe.each(DATABASES)('delivery (%s): a worker that crashes mid-batch', (kind) => {
  let h: DeliveryHarness;
  beforeAll(async () => {
    h = await startDeliveryHarness(kind);
  });
  afterAll(async () => h?.close());

  it('has its sent messages marked one by one, so the next worker sends at most one again', async () => {
    expect(MESSAGES).toBeLessThan(BATCH_SIZE); // one batch, claimed whole by the first worker
    const now = h.clock().toISOString();
    await h.t.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < MESSAGES; i++) {
        await enqueueMessage(
          trx,
          { kind: 'confirmation', recipient: `crash-${i}@example.net`, subject: `Message ${i}`, body: 'Please confirm.' },
          { now, domain: TEST_MAIL.domain },
        );
      }
    });
    const deps = { db: h.t.database.db, dialect: h.t.database.dialect, clock: h.clock, mail: TEST_MAIL };
    const dying = dyingMailer(h.mailer, CRASH_AFTER);
    void deliverDue({ ...deps, mailer: dying, owner: 'worker-that-dies' });
    await expect.poll(() => h.smtp.messages.length, { timeout: 10_000 }).toBe(CRASH_AFTER);
    expect(dying.dead()).toBe(true);
    const sentRows = () =>
      h.t.database.db
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'sent')
        .execute()
        .then((r) => r.length);
    // Every message the server took is marked, except the one whose mark the crash cut off.
    await expect.poll(sentRows).toBe(CRASH_AFTER - 1);

    // The dead worker's lease lapses and a new worker takes over.
    h.clock.advance(LEASE_SECONDS / 60 + 1);
    for (let round = 0; round < 5; round++) {
      const batch = await deliverDue({ ...deps, mailer: h.mailer, owner: 'worker-after' });
      if (batch.claimed === 0) break;
    }
    expect(await sentRows()).toBe(MESSAGES);

    const arrivals = new Map<string, number>();
    for (const m of h.smtp.messages) arrivals.set(m.messageId, (arrivals.get(m.messageId) ?? 0) + 1);
    expect(arrivals.size).toBe(MESSAGES);
    expect(Math.max(...arrivals.values())).toBeLessThanOrEqual(2);
    expect([...arrivals.values()].filter((n) => n === 2)).toHaveLength(1);
    // The marks' commits skip the fsync for themselves only: submissions still wait for the disk.
    if (kind === 'sqlite') expect((await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(h.t.database.db)).rows).toEqual([{ synchronous: 2 }]);
  });
});
