import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../../src/domain/accounts/staff.js';
import { issueSetupToken } from '../../src/services/accounts/setup.js';
import { createArticle } from '../../src/services/articles/create-article.js';
import { changeCampaignStatus } from '../../src/services/campaigns/campaign-admin.js';
import { catalogues } from '../../src/i18n/messages.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { articleInput } from '../support/articles.js';
import { campaignIdOf, confirmedAction, counterOn, createSupporter, DEMO_SLUG } from '../support/campaigns.js';
import { scratchDatabase, type ScratchDatabase } from '../support/databases.js';
import { page } from '../support/html.js';
import { Client, createStaff, signInAs } from '../support/staff.js';
import { testClock } from '../support/clock.js';
import { findCampaign } from '../../src/store/campaigns/campaign.store.js';
import { LISTENER_APPLICATION_NAME } from '../../src/store/db/notifications.js';

/*
 * Two Placards on one PostgreSQL database, as two nodes behind a load balancer: what a
 * member of staff changes through one is what readers of the other see within a second,
 * and nothing one node keeps or does at its start breaks what the other relies on.
 */
describe('cluster (postgres): two nodes on one database', () => {
  let shared: ScratchDatabase;
  let a: TestApp;
  let b: TestApp;
  const clock = testClock();
  beforeAll(async () => {
    shared = await scratchDatabase('postgres');
    a = await startTestApp('postgres', { shared, clock });
    b = await startTestApp('postgres', { shared, clock });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await shared?.dispose();
  });

  const get = (t: TestApp, url: string) => t.app.inject({ method: 'GET', url });
  const titles = async (t: TestApp, url: string) => page((await get(t, url)).body).texts('main .teaser-title a, main .lead-title a');

  it('shows an article published on one node in the other node’s next response', async () => {
    expect(await titles(b, '/countries/kazakhstan')).not.toContain('Kuramshin sentenced');
    expect(b.cache.has('/countries/kazakhstan')).toBe(true);
    await createArticle(
      { db: a.database.db, changes: a.changes },
      articleInput({ title: 'Kuramshin sentenced', countries: ['KZ'], publishedAt: '2012-08-29T09:00:00.000Z' }),
    );
    await expect.poll(() => titles(b, '/countries/kazakhstan'), { timeout: 1000, interval: 25 }).toContain('Kuramshin sentenced');
  });

  it('shows a campaign paused on one node as paused on the other within a second', async () => {
    const paused = catalogues().for('en').t('public.campaign.paused');
    const notices = async () => page((await get(b, `/campaigns/${DEMO_SLUG}`)).body).texts('p.notice[role=status]');
    expect(await notices()).not.toContain(paused);
    const account = await createStaff(a, 'administrator');
    const admin: StaffUser = {
      id: account.id,
      email: account.email,
      name: 'Admin',
      role: 'administrator',
      sectionIds: [],
      contributorId: null,
      totpEnabled: false,
    };
    const id = await campaignIdOf(a, DEMO_SLUG);
    await changeCampaignStatus(a.actions, admin, { id, to: 'paused' }, { messages: catalogues().for('en') });
    await expect.poll(notices, { timeout: 1000, interval: 25 }).toContain(paused);
    await changeCampaignStatus(a.actions, admin, { id, to: 'active' }, { messages: catalogues().for('en') });
    await expect.poll(notices, { timeout: 1000, interval: 25 }).not.toContain(paused);
  });

  it('counts an action confirmed through one node on the other node’s counter within a second', async () => {
    const id = await campaignIdOf(a, DEMO_SLUG);
    const total = async () => counterOn((await get(b, `/campaigns/${DEMO_SLUG}`)).body).total;
    const before = await total();
    const campaign = (await findCampaign(a.database.db, id))!;
    // The demo campaign is protective: its counter shows the actions before the last quarter hour.
    await confirmedAction(a.database.db, campaign, { name: 'Fay', email: 'fay@example.org' }, { now: new Date(clock().getTime() - 20 * 60_000) });
    a.actions.counter.changed(id);
    await expect.poll(total, { timeout: 1000, interval: 25 }).not.toBe(before);
  });

  it('shows the site’s new name on the other node’s pages within a second', async () => {
    const name = async () => page((await get(b, '/')).body).text('a.site-name');
    expect(await name()).not.toBe('Workers’ Voice');
    const stored = a.placard.site.stored();
    await a.placard.site.update('tests', { ...stored, name: 'Workers’ Voice', tagline: '', logoMediaId: '', footer: '', contactEmail: '' });
    await expect.poll(name, { timeout: 1000, interval: 25 }).toBe('Workers’ Voice');
    expect(b.placard.site.current().name).toBe('Workers’ Voice');
    // A page rendered while B was reading the identity again is not kept with the old name.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await name()).toBe('Workers’ Voice');
  });

  it('counts one address’s requests to data links together, whichever node they reach', async () => {
    const fay = await createSupporter(a.database.db);
    const nodes = [a, b];
    for (let i = 0; i < 30; i++) {
      const res = await new Client(nodes[i % 2]!, '203.0.113.50').get(`/your-data/${randomBytes(32).toString('base64url')}`);
      expect(res.statusCode).toBe(404);
    }
    expect((await new Client(a, '203.0.113.50').get(`/your-data/${fay.token}`)).statusCode).toBe(429);
    expect((await new Client(b, '203.0.113.50').get(`/your-data/${fay.token}`)).statusCode).toBe(429);
    expect((await new Client(b, '203.0.113.51').get(`/your-data/${fay.token}`)).statusCode).toBe(200);
  });

  it('empties a node’s caches when its connection to the other nodes’ changes is lost, and hears them again after', async () => {
    await get(b, '/');
    expect(b.cache.has('/')).toBe(true);
    const admin = new pg.Client({ connectionString: (shared.config as { url: string }).url });
    await admin.connect();
    const listeners = async () =>
      Number(
        (
          await admin.query<{ n: string }>('select count(*) as n from pg_stat_activity where application_name = $1 and datname = current_database()', [
            LISTENER_APPLICATION_NAME,
          ])
        ).rows[0]!.n,
      );
    try {
      expect(await listeners()).toBe(2);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = current_database()', [
        LISTENER_APPLICATION_NAME,
      ]);
      await expect.poll(() => b.cache.has('/'), { timeout: 1000, interval: 25 }).toBe(false);
      // Listening again, each node with a connection of its own: the next publish on A reaches B's cache.
      await expect.poll(listeners, { timeout: 5000, interval: 50 }).toBe(2);
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await get(b, '/');
    expect(b.cache.has('/')).toBe(true);
    await createArticle(
      { db: a.database.db, changes: a.changes },
      articleInput({ title: 'After the outage', countries: ['KZ'], publishedAt: '2012-08-30T09:00:00.000Z' }),
    );
    await expect.poll(() => b.cache.has('/'), { timeout: 1000, interval: 25 }).toBe(false);
  });

  it('keeps a session made through one node valid on the other', async () => {
    const account = await createStaff(a, 'editor');
    const onA = await signInAs(a, account);
    const onB = new Client(b);
    for (const [name, value] of onA.cookies) onB.cookies.set(name, value);
    const home = await onB.get('/admin');
    expect(home.statusCode).toBe(200);
    expect(page(home.body).text('h1')).toContain('Welcome');
    // Signing out through B (a form with A's CSRF cookie) ends the session on A too.
    expect((await onB.post('/admin/sign-out', {})).statusCode).toBe(303);
    const after = await onA.get('/admin');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/admin\/sign-in/);
  });
});

describe('cluster (postgres): the first administrator’s link', () => {
  let shared: ScratchDatabase;
  let a: TestApp;
  let b: TestApp | undefined;
  beforeAll(async () => {
    shared = await scratchDatabase('postgres');
    a = await startTestApp('postgres', { shared });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await shared?.dispose();
  });

  it('keeps working on every node when another node starts', async () => {
    // As `serve` does on each start.
    const first = await issueSetupToken({ db: a.database.db, clock: () => new Date() });
    b = await startTestApp('postgres', { shared });
    const second = await issueSetupToken({ db: b.database.db, clock: () => new Date() });
    expect(second).not.toBe(first);
    for (const node of [a, b]) {
      expect((await new Client(node).get(`/admin/setup/${first}`)).statusCode).toBe(200);
      expect((await new Client(node).get(`/admin/setup/${second}`)).statusCode).toBe(200);
    }
    const made = await new Client(b).post(`/admin/setup/${first}`, { name: 'Ada', email: 'ada@example.org', password: 'a long and unusual passphrase' });
    expect(made.statusCode).toBe(303);
    // Once the first administrator exists, no link makes another.
    expect((await new Client(a).get(`/admin/setup/${second}`)).statusCode).toBe(410);
  });
});
