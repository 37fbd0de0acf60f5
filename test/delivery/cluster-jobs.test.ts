import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/services/articles/create-article.js';
import { CLUSTER_LOCKS } from '../../src/services/shared/once-per-cluster.js';
import { LOCK_CLASS, lockId } from '../../src/store/db/cluster-lock.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { articleInput } from '../support/articles.js';
import { createMessage } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { scratchDatabase, type ScratchDatabase } from '../support/databases.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp.js';

/*
 * Three Placards on one PostgreSQL database, each with its own jobs and its own SMTP
 * connection to one real mail server, as three nodes behind a load balancer: they send
 * the outbox together without sending any message twice, and the jobs that must run
 * once per installation (scheduled publishing, retention, digests) run on one node at a time.
 */
describe('cluster jobs (postgres): three nodes on one database', () => {
  let shared: ScratchDatabase;
  let smtp: SmtpCapture;
  let nodes: TestApp[] = [];
  const clock = testClock('2026-03-02T09:00:00.000Z');
  beforeAll(async () => {
    shared = await scratchDatabase('postgres');
    smtp = await startSmtpCapture();
    const env = { SMTP_URL: smtp.url, MAIL_FROM: 'Urgent Actions <actions@example.org>' };
    nodes.push(await startTestApp('postgres', { shared, clock, demo: false, intakeWorker: false, env }));
    nodes.push(...(await Promise.all([1, 2].map(() => startTestApp('postgres', { shared, clock, demo: false, intakeWorker: false, env })))));
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    nodes = [];
    await smtp?.close();
    await shared?.dispose();
  });

  /** A connection of someone else holding one of the installation's locks. */
  async function holding(lock: string): Promise<{ release(): Promise<void> }> {
    const client = new pg.Client({ connectionString: (shared.config as { url: string }).url });
    await client.connect();
    await client.query('select pg_advisory_lock($1, $2)', [LOCK_CLASS, lockId(lock)]);
    return {
      async release() {
        await client.query('select pg_advisory_unlock($1, $2)', [LOCK_CLASS, lockId(lock)]);
        await client.end();
      },
    };
  }

  it('sends every message of the outbox exactly once while three nodes send at the same moment', async () => {
    const db = nodes[0]!.database.db;
    const count = 240;
    for (let i = 0; i < count; i++) {
      await createMessage(db, { kind: 'confirmation', recipient: `supporter-${i}@example.net`, subject: `Confirm ${i}`, body: `Message ${i}` });
    }
    const rounds = await Promise.all(nodes.map((node) => node.placard.jobs.delivery.runOnce()));
    expect(rounds.reduce((sum, r) => sum + r.sent, 0)).toBe(count);
    expect(smtp.messages).toHaveLength(count);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(count);
    expect(new Set(smtp.messages.map((m) => m.to)).size).toBe(count);
    const rows = await db.selectFrom('outbox').select(['status', 'attempts']).execute();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    // A second round at once on every node finds nothing left to send.
    const again = await Promise.all(nodes.map((node) => node.placard.jobs.delivery.runOnce()));
    expect(again.map((r) => r.sent)).toEqual([0, 0, 0]);
    expect(smtp.messages).toHaveLength(count);
  });

  it('publishes a scheduled article on one node only, and on none while another holds the job', async () => {
    const [a] = nodes;
    const due = new Date(clock().getTime() + 60_000).toISOString();
    const { id } = await createArticle(
      { db: a!.database.db, changes: a!.changes },
      articleInput({ title: 'Budget day protest', status: 'scheduled', publishedAt: due }),
    );
    clock.advance(2);

    const other = await holding(CLUSTER_LOCKS.scheduledPublishing);
    try {
      expect(await Promise.all(nodes.map((node) => node.placard.jobs.scheduledPublishing.runDue()))).toEqual([[], [], []]);
      const row = await a!.database.db.selectFrom('articles').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.status).toBe('scheduled');
    } finally {
      await other.release();
    }
    const runs = await Promise.all(nodes.map((node) => node.placard.jobs.scheduledPublishing.runDue()));
    expect(runs.flat()).toEqual([id]);
    const audits = await a!.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', String(id))
      .where('action', '=', 'article-published')
      .execute();
    expect(audits).toHaveLength(1);
  });

  it('leaves retention and digests to the node holding their locks', async () => {
    const retention = await holding(CLUSTER_LOCKS.retention);
    const digests = await holding(CLUSTER_LOCKS.digests);
    try {
      // Nothing is due either way; the point is that no node waits for the lock: each run returns at once.
      const started = performance.now();
      expect(await Promise.all(nodes.map((node) => node.placard.jobs.retention.runOnce()))).toEqual(Array(3).fill({ campaigns: [], erased: 0 }));
      expect((await Promise.all(nodes.map((node) => node.placard.jobs.delivery.runOnce()))).map((r) => r.digests)).toEqual([0, 0, 0]);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await retention.release();
      await digests.release();
    }
  });
});
