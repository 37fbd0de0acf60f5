import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRetentionJob } from '../../src/jobs/retention.js';
import { createContentChanges } from '../../src/services/shared/content-changes.js';
import { openDatabase, type Database } from '../../src/store/db/database.js';
import { migrate } from '../../src/store/migrations/migrate.js';
import { insertSection } from '../../src/store/sections/section.store.js';
import { DATABASES, scratchDatabase, type ScratchDatabase } from '../support/databases.js';
import { createAction, createCampaign, createConsent, createSupporter, type TestSupporter } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';

describe.each(DATABASES)('db (%s): supporters’ data after a campaign closes', (kind) => {
  let scratch: ScratchDatabase;
  let database: Database;
  const clock = testClock('2026-06-01T03:00:00.000Z');
  const changes = createContentChanges();
  const announced: string[] = [];
  changes.subscribe((tags) => announced.push(...tags));
  const people: Record<string, TestSupporter> = {};
  const campaigns: Record<string, number> = {};

  async function erased(): Promise<string[]> {
    const rows = await database.db.selectFrom('supporters').select(['id', 'erased_at', 'email']).execute();
    return Object.entries(people)
      .filter(([, p]) => rows.find((r) => r.id === p.id)?.erased_at)
      .map(([key]) => key)
      .sort();
  }

  async function confirmedCount(campaignId: number): Promise<number> {
    const row = await database.db
      .selectFrom('actions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('campaign_id', '=', campaignId)
      .where('status', '=', 'confirmed')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    database = openDatabase(scratch.config);
    await migrate(database);
    const db = database.db;
    await insertSection(db, {
      slug: 'cwi',
      name: 'Committee for a Workers’ International',
      shortLabel: 'CWI',
      country: 'GB',
      languages: ['en'],
      website: null,
    });
    // Closed 151 days before the clock: past a 90-day retention. Closed 31 days before: not yet.
    campaigns.old = (await createCampaign(db, { closedAt: '2026-01-01T00:00:00.000Z', sectionSlug: 'cwi' })).id;
    campaigns.recent = (await createCampaign(db, { closedAt: '2026-05-01T00:00:00.000Z' })).id;
    campaigns.open = (await createCampaign(db, { status: 'active' })).id;
    for (const key of ['silent', 'updates', 'news', 'withdrawn', 'unconfirmed', 'alsoRecent', 'alsoOpen', 'otherConsent', 'onlyRecent']) {
      people[key] = await createSupporter(db, { name: `Person ${key}`, email: `${key.toLowerCase()}@example.net` });
    }
    for (const key of ['silent', 'updates', 'news', 'withdrawn', 'unconfirmed', 'alsoRecent', 'alsoOpen', 'otherConsent'])
      await createAction(db, people[key]!, campaigns.old);
    await createAction(db, people.alsoRecent!, campaigns.recent, { method: 'call', letter: null });
    await createAction(db, people.onlyRecent!, campaigns.recent);
    await createAction(db, people.alsoOpen!, campaigns.open);
    await createConsent(db, people.updates!.id, 'campaign_updates', { campaignId: campaigns.old });
    await createConsent(db, people.news!.id, 'section_news', { sectionSlug: 'cwi', campaignId: campaigns.old });
    await createConsent(db, people.withdrawn!.id, 'campaign_updates', { campaignId: campaigns.old, withdrawnAt: '2026-02-01T00:00:00.000Z' });
    await createConsent(db, people.unconfirmed!.id, 'campaign_updates', { campaignId: campaigns.old, confirmed: false });
    // A consent to follow-up on another campaign is still a consent to be contacted.
    await createConsent(db, people.otherConsent!.id, 'campaign_updates', { campaignId: campaigns.recent });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.dispose();
  });

  it('erases, 90 days after closing, only the participants who did not consent and act nowhere newer; counts stay', async () => {
    const job = createRetentionJob({ db: database.db, clock, retentionDays: 90, logger: false, changes });
    const before = await confirmedCount(campaigns.old!);
    const result = await job.runOnce();
    expect(result).toEqual({ campaigns: [campaigns.old], erased: 3 });
    expect(await erased()).toEqual(['silent', 'unconfirmed', 'withdrawn']);
    expect(await confirmedCount(campaigns.old!)).toBe(before);
    const silent = await database.db.selectFrom('supporters').selectAll().where('id', '=', people.silent!.id).executeTakeFirstOrThrow();
    expect(silent).toMatchObject({ email: null, name: null, city: null, country: 'IE', erased_at: clock().toISOString() });
    expect(await database.db.selectFrom('consents').select('id').where('supporter_id', 'in', [people.withdrawn!.id, people.unconfirmed!.id]).execute()).toEqual(
      [],
    );
    const marks = await database.db
      .selectFrom('campaigns')
      .select(['id', 'data_erased_at'])
      .where('id', 'in', Object.values(campaigns))
      .orderBy('id')
      .execute();
    expect(marks).toEqual([
      { id: campaigns.old, data_erased_at: clock().toISOString() },
      { id: campaigns.recent, data_erased_at: null },
      { id: campaigns.open, data_erased_at: null },
    ]);
    expect(announced).toContain(`campaign:${campaigns.old}`);
  });

  it('changes nothing when run again', async () => {
    const job = createRetentionJob({ db: database.db, clock, retentionDays: 90, logger: false });
    clock.advance(60 * 24);
    expect(await job.runOnce()).toEqual({ campaigns: [], erased: 0 });
    expect(await erased()).toEqual(['silent', 'unconfirmed', 'withdrawn']);
  });

  it('deals with a later campaign once its own window has passed, from a started job', async () => {
    clock.set('2026-08-01T03:00:00.000Z');
    const job = createRetentionJob({ db: database.db, clock, retentionDays: 90, logger: false });
    job.start();
    await job.stop();
    // Retention of the recent campaign ran: those who acted on both are now past every window.
    expect(await erased()).toEqual(['alsoRecent', 'onlyRecent', 'silent', 'unconfirmed', 'withdrawn']);
    const kept = await database.db
      .selectFrom('supporters')
      .select(['email'])
      .where('id', 'in', [people.updates!.id, people.news!.id, people.alsoOpen!.id, people.otherConsent!.id])
      .orderBy('id')
      .execute();
    expect(kept.map((k) => k.email)).toEqual(['updates@example.net', 'news@example.net', 'alsoopen@example.net', 'otherconsent@example.net']);
  });

  it('follows the configured number of days', async () => {
    const { id: closed } = await createCampaign(database.db, { closedAt: '2026-07-25T00:00:00.000Z' });
    const late = await createSupporter(database.db, { email: 'late@example.net' });
    await createAction(database.db, late, closed);
    expect((await createRetentionJob({ db: database.db, clock, retentionDays: 90, logger: false }).runOnce()).campaigns).toEqual([]);
    expect(await createRetentionJob({ db: database.db, clock, retentionDays: 7, logger: false }).runOnce()).toEqual({ campaigns: [closed], erased: 1 });
  });
});
