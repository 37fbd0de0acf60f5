import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../src/domain/campaigns/campaign.js';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { migrate } from '../../src/store/migrations/migrate.js';
import { claimDue, markFailed, markRetry, markSent } from '../../src/store/outbox/outbox-claim.store.js';
import { enqueueMessage } from '../../src/store/outbox/outbox.store.js';
import { deleteExpiredPending } from '../../src/store/outbox/pending-expiry.store.js';
import { createCampaign, pendingAction, TEST_MAIL } from '../support/campaigns.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';

const T0 = new Date('2026-03-02T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe.each(DATABASES)('db (%s): the outbox is claimed with leases', (kind) => {
  let scratch: ScratchDatabase;
  let database: Database;
  // A second connection, as a second worker process (or node) would have.
  let other: Database;
  let campaign: Campaign;

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    database = openDatabase(scratch.config);
    await migrate(database);
    other = openDatabase(scratch.config);
    campaign = await createCampaign(database.db);
  });
  afterAll(async () => {
    await other?.close();
    await database?.close();
    await scratch?.dispose();
  });

  const enqueue = (n: number, options: { campaignId?: number; notBefore?: Date } = {}) =>
    database.db.transaction().execute(async (trx) => {
      const ids: number[] = [];
      for (let i = 0; i < n; i++) {
        ids.push(
          await enqueueMessage(
            trx,
            {
              kind: 'letter',
              campaignId: options.campaignId ?? campaign.id,
              recipient: `target-${i}@gov.example.kz`,
              subject: 'Release her',
              body: 'Please.',
              notBefore: (options.notBefore ?? T0).toISOString(),
            },
            { now: T0.toISOString(), domain: TEST_MAIL.domain },
          ),
        );
      }
      return ids;
    });

  const row = (id: number) => database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const drain = async () => {
    // Leaves nothing due at T0 for the next test.
    await database.db.updateTable('outbox').set({ status: 'sent' }).where('status', '=', 'queued').execute();
  };

  it('never hands the same message to two workers claiming at once', async () => {
    // Eight claimers on two connections (pools), five rows at a time, make the claims
    // overlap: without SKIP LOCKED, PostgreSQL hands some rows out twice here.
    const ids = await enqueue(200);
    const claimers = [database, other, database, other, database, other, database, other].map((db, i) => ({ db, owner: `worker-${i}` }));
    const got = new Map<string, number[]>();
    await Promise.all(
      claimers.map(async ({ db, owner }) => {
        for (;;) {
          const rows = await claimDue(db.db, db.dialect, { owner, now: T0, leaseSeconds: 60, limit: 5 });
          if (rows.length === 0) return;
          got.set(owner, [...(got.get(owner) ?? []), ...rows.map((r) => r.id)]);
        }
      }),
    );
    const all = [...got.values()].flat();
    expect(all.toSorted((a, b) => a - b)).toEqual(ids);
    for (const [owner, claimed] of got) {
      for (const id of claimed) expect((await row(id)).lease_owner).toBe(owner);
    }
    // Claimed rows stay in the table, queued and leased, with the attempt counted.
    expect(await row(ids[0]!)).toMatchObject({ status: 'queued', attempts: 1, lease_until: at(60).toISOString() });
    await drain();
  });

  it('claims a message again once its lease has lapsed, and only the new owner may mark it', async () => {
    const [id] = await enqueue(1);
    const [first] = await claimDue(database.db, database.dialect, { owner: 'crashed', now: T0, leaseSeconds: 60, limit: 10 });
    expect(first?.id).toBe(id);
    expect(await claimDue(other.db, other.dialect, { owner: 'second', now: at(59), leaseSeconds: 60, limit: 10 })).toEqual([]);
    const [again] = await claimDue(other.db, other.dialect, { owner: 'second', now: at(61), leaseSeconds: 60, limit: 10 });
    expect(again).toMatchObject({ id, attempts: 2, lease_owner: 'second', message_id: first?.message_id });
    expect(await markSent(database.db, first!, at(62))).toBe(false);
    expect(await markSent(other.db, again!, at(62))).toBe(true);
    expect(await row(id!)).toMatchObject({ status: 'sent', sent_at: at(62).toISOString(), lease_owner: null, lease_until: null });
  });

  it('leaves a paused campaign’s messages alone until delivery resumes', async () => {
    const paused = await createCampaign(database.db);
    const [id] = await enqueue(1, { campaignId: paused.id });
    await database.db.updateTable('campaigns').set({ delivery_paused: 1 }).where('id', '=', paused.id).execute();
    expect(await claimDue(database.db, database.dialect, { owner: 'w', now: T0, leaseSeconds: 60, limit: 10 })).toEqual([]);
    await database.db.updateTable('campaigns').set({ delivery_paused: 0 }).where('id', '=', paused.id).execute();
    expect((await claimDue(database.db, database.dialect, { owner: 'w', now: T0, leaseSeconds: 60, limit: 10 })).map((r) => r.id)).toEqual([id]);
    await drain();
  });

  it('waits for a message’s not_before, and retries at the time it is given, counting attempts', async () => {
    const [id] = await enqueue(1, { notBefore: at(600) });
    expect(await claimDue(database.db, database.dialect, { owner: 'w', now: at(599), leaseSeconds: 60, limit: 10 })).toEqual([]);
    const [claim] = await claimDue(database.db, database.dialect, { owner: 'w', now: at(600), leaseSeconds: 60, limit: 10 });
    expect(await markRetry(database.db, claim!, { notBefore: at(900), error: 'SMTP 450 busy' })).toBe(true);
    expect(await row(id!)).toMatchObject({ status: 'queued', attempts: 1, not_before: at(900).toISOString(), last_error: 'SMTP 450 busy', lease_owner: null });
    expect(await claimDue(database.db, database.dialect, { owner: 'w', now: at(899), leaseSeconds: 60, limit: 10 })).toEqual([]);
    const [retry] = await claimDue(database.db, database.dialect, { owner: 'w', now: at(900), leaseSeconds: 60, limit: 10 });
    expect(retry?.attempts).toBe(2);
    expect(await markFailed(database.db, retry!, { status: 'bounced', error: 'SMTP RCPT TO 550' })).toBe(true);
    expect(await row(id!)).toMatchObject({ status: 'bounced', attempts: 2, last_error: 'SMTP RCPT TO 550' });
    // Nothing more happens to a finished message, whoever holds an old claim.
    expect(await markRetry(database.db, retry!, { notBefore: at(1000), error: 'late' })).toBe(false);
    expect(await claimDue(database.db, database.dialect, { owner: 'w', now: at(5000), leaseSeconds: 60, limit: 10 })).toEqual([]);
  });

  it('deletes unconfirmed actions past their expiry, with their confirmation email', async () => {
    const expired = await pendingAction(database.db, campaign, { now: T0, expiresAt: at(60), email: 'late@example.net' });
    const waiting = await pendingAction(database.db, campaign, { now: T0, expiresAt: at(3600), email: 'soon@example.net' });
    expect(await deleteExpiredPending(database.db, at(61))).toBe(1);
    const actions = await database.db.selectFrom('actions').select('id').where('id', 'in', [expired, waiting]).execute();
    expect(actions.map((a) => a.id)).toEqual([waiting]);
    const mail = await database.db.selectFrom('outbox').select(['action_id']).where('action_id', 'in', [expired, waiting]).execute();
    expect(mail.map((m) => m.action_id)).toEqual([waiting]);
  });
});
