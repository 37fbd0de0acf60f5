import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSection } from '../../src/store/sections/section.store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { campaignForm, createAction, createCampaign, createConsent, createSupporter, testTarget } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { auditLogRows as rows, type Client, createStaff, signInAs } from '../support/staff.js';

describe.each(DATABASES)('http (%s): the audit log records what coordinators do', (kind) => {
  let t: TestApp;
  let admin: Client;
  let coordinator: Client;
  const clock = testClock('2026-03-02T10:00:00.000Z');
  const logged = async () => rows((await admin.get('/admin/audit')).body);

  beforeAll(async () => {
    t = await startTestApp(kind, { clock, demo: false });
    await insertSection(t.database.db, {
      slug: 'cwi',
      name: 'Committee for a Workers’ International',
      shortLabel: 'CWI',
      country: 'GB',
      languages: ['en'],
      website: null,
    });
    admin = await signInAs(t, await createStaff(t, 'administrator', { name: 'Ada Admin' }));
    coordinator = await signInAs(t, await createStaff(t, 'coordinator', { name: 'Cora Coordinator' }));
  });
  afterAll(async () => t?.close());

  it('records creating a campaign and every change of its status', async () => {
    const created = await coordinator.post('/admin/campaigns/new', campaignForm({ title: 'Free Natalya Sokolova' }));
    expect(created.statusCode).toBe(303);
    const id = Number(/\/admin\/campaigns\/(\d+)/.exec(String(created.headers.location))![1]);
    for (const to of ['active', 'paused', 'active', 'closed']) expect((await coordinator.post(`/admin/campaigns/${id}/status`, { to })).statusCode).toBe(303);
    const seen = (await logged()).slice(0, 5).reverse();
    expect(seen.map((r) => r.action)).toEqual([
      'campaign-created',
      'campaign-status-changed',
      'campaign-status-changed',
      'campaign-status-changed',
      'campaign-status-changed',
    ]);
    expect(seen.every((r) => r.actor === 'Cora Coordinator')).toBe(true);
    expect(seen[0]!.summary).toBe('Created the draft campaign “Free Natalya Sokolova”');
    expect(seen.slice(1).map((r) => r.summary)).toEqual([
      '“Free Natalya Sokolova”: draft → active',
      '“Free Natalya Sokolova”: active → paused',
      '“Free Natalya Sokolova”: paused → active',
      '“Free Natalya Sokolova”: active → closed',
    ]);
    // A refused change leaves no entry.
    expect((await coordinator.post(`/admin/campaigns/${id}/status`, { to: 'active' })).statusCode).toBe(422);
    expect((await logged())[0]!.summary).toBe('“Free Natalya Sokolova”: active → closed');
  });

  it('records an outcome with the number of people emailed, never who', async () => {
    const { id } = await createCampaign(t.database.db, { title: 'Outcome campaign', status: 'active', targets: [testTarget()] });
    const supporter = await createSupporter(t.database.db, { email: 'listening@example.net' });
    await createAction(t.database.db, supporter, id, {});
    await createConsent(t.database.db, supporter.id, 'campaign_updates', { campaignId: id });
    const res = await coordinator.post(`/admin/campaigns/${id}/outcomes`, { occurredOn: '2026-03-01', title: 'Released!', body: 'She is free.' });
    expect(res.statusCode).toBe(303);
    const [entry] = await logged();
    expect(entry).toEqual({
      at: clock().toISOString(),
      actor: 'Cora Coordinator',
      action: 'outcome-posted',
      summary: '“Outcome campaign”: posted the outcome “Released!” (2026-03-01), emailed to 1 supporter',
    });
  });

  it('records releasing and discarding held submissions, without the supporter’s address', async () => {
    const { id } = await createCampaign(t.database.db, { title: 'Held campaign', status: 'active', targets: [testTarget()] });
    const held = async (email: string) => {
      const actionId = await createAction(t.database.db, await createSupporter(t.database.db, { email, country: 'KZ' }), id, { status: 'held' });
      return String(actionId);
    };
    const [first, second] = [await held('held-one@example.net'), await held('held-two@example.net')];
    expect((await coordinator.post(`/admin/campaigns/${id}/held`, { actionId: first, decision: 'release' })).statusCode).toBe(303);
    expect((await coordinator.post(`/admin/campaigns/${id}/held`, { actionId: second, decision: 'discard' })).statusCode).toBe(303);
    // Deciding again changes nothing and writes nothing.
    expect((await coordinator.post(`/admin/campaigns/${id}/held`, { actionId: second, decision: 'discard' })).statusCode).toBe(303);
    const [discarded, released, before] = await logged();
    expect(released).toEqual({
      at: clock().toISOString(),
      actor: 'Cora Coordinator',
      action: 'held-released',
      summary: `“Held campaign”: released held submission ${first} (placard, KZ)`,
    });
    expect(discarded).toEqual({
      at: clock().toISOString(),
      actor: 'Cora Coordinator',
      action: 'held-discarded',
      summary: `“Held campaign”: discarded held submission ${second} (placard, KZ)`,
    });
    expect(before!.action).not.toMatch(/^held-/);
    const all = await t.database.db.selectFrom('audit_log').select('summary').execute();
    expect(JSON.stringify(all)).not.toContain('@example.net');
  });
});
