import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionInput } from '../../src/domain/campaigns/action.js';
import { createRetentionJob } from '../../src/jobs/retention.js';
import { INTAKE_MAX_ATTEMPTS, processIntake } from '../../src/services/campaigns/process-intake.js';
import { supporterDataToken } from '../../src/services/campaigns/supporter-token.js';
import { loadServerSecret } from '../../src/services/settings/server-secret.js';
import { claimIntake } from '../../src/store/campaigns/intake.store.js';
import type { Json } from '../../src/store/db/json.js';
import { actionsOf, campaignIdOf, confirmationsTo, confirmPathFor, DEMO_SLUG, headersButDate, postForm, supporterForm } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';

const ACT = `/campaigns/${DEMO_SLUG}/act`;
const REPORT = `/campaigns/${DEMO_SLUG}/self-report`;

/*
 * No membership oracle: the forms answer once the submission is durably in the intake,
 * before anything about the address is looked at; a worker carries it out afterwards.
 * These tests run without the background worker, and process the intake by hand, to see
 * both sides of that line.
 */
describe.each(DATABASES)('http (%s): the action intake', (kind) => {
  let t: TestApp;
  const clock = testClock('2026-03-02T10:00:00.000Z');
  let ip = 0;
  const nextIp = () => `198.18.0.${++ip}`;
  beforeAll(async () => {
    t = await startTestApp(kind, { clock, intakeWorker: false });
  });
  afterAll(async () => t?.close());

  const post = (url: string, form: Record<string, string>, options: { headers?: Record<string, string> } = {}) =>
    postForm(t, url, form, { ip: nextIp(), drain: false, ...options });
  const intake = () => t.database.db.selectFrom('action_intake').selectAll().orderBy('id').execute();
  const supporterOf = (email: string) => t.database.db.selectFrom('supporters').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();

  it('answers before deciding anything, keeping the whole form in one intake row until it is processed', async () => {
    const form = supporterForm({ consent_campaign: 'yes' });
    const before = (await actionsOf(t, DEMO_SLUG)).length;
    const res = await post(ACT, form);
    expect(res.statusCode).toBe(303);
    // Acknowledged: durable in the intake, and nothing else yet.
    const [row] = await intake();
    expect(row).toMatchObject({ form: 'act', email: form.email!.toLowerCase(), created_at: '2026-03-02T10:00:00.000Z', lease_owner: null });
    expect(JSON.parse(row!.payload)).toEqual({
      name: form.name,
      email: form.email!.toLowerCase(),
      country: 'IE',
      city: 'Dublin',
      letter: form.letter,
      signAs: 'Ada',
      consentCampaign: true,
      consentNews: false,
      language: 'en',
    });
    expect(row!.ip_key).not.toContain('198.18');
    expect(await supporterOf(form.email!)).toBeUndefined();
    expect((await actionsOf(t, DEMO_SLUG)).length).toBe(before);

    clock.advance(1);
    try {
      const round = await processIntake(t.actions, 'worker-a');
      expect(round).toMatchObject({ claimed: 1, outcomes: { pending: 1 }, failed: [], dropped: [] });
    } finally {
      clock.set('2026-03-02T10:00:00.000Z');
    }
    // Carried out as of when it was acknowledged, and the intake's copy of the address is gone.
    expect(await intake()).toEqual([]);
    const action = (await actionsOf(t, DEMO_SLUG)).at(-1);
    expect(action).toMatchObject({ status: 'pending', created_at: '2026-03-02T10:00:00.000Z', expires_at: '2026-03-09T10:00:00.000Z' });
    expect(await confirmationsTo(t, form.email!)).toHaveLength(1);
  });

  it('answers a known and an unknown address with the same bytes and the same single write', async () => {
    const known = supporterForm();
    await post(ACT, known);
    await processIntake(t.actions, 'worker-a');
    const again = await post(ACT, known);
    const stranger = await post(ACT, supporterForm());
    expect(again.statusCode).toBe(stranger.statusCode);
    expect(headersButDate(again)).toEqual(headersButDate(stranger));
    expect(again.rawPayload.equals(stranger.rawPayload)).toBe(true);
    // The same row for both: nothing in the intake says which one acted before.
    const rows = await intake();
    expect(rows.map((r) => Object.keys(r).sort())).toEqual([Object.keys(rows[0]!).sort(), Object.keys(rows[0]!).sort()]);
    expect(rows.map((r) => [r.form, r.proof_of_work, r.attempts, r.lease_owner])).toEqual([
      ['act', 0, 0, null],
      ['act', 0, 0, null],
    ]);
    const round = await processIntake(t.actions, 'worker-a');
    expect(round.outcomes).toEqual({ duplicate: 1, pending: 1 });
    expect(await confirmationsTo(t, known.email!)).toHaveLength(1);
  });

  it('loses nothing when the worker dies after claiming, and doubles nothing when the request is sent again', async () => {
    const form = supporterForm();
    const key = crypto.randomUUID();
    await post(ACT, form, { headers: { 'idempotency-key': key } });
    // A worker claims the row and dies before committing: the row stays, leased.
    const claimed = await claimIntake(t.database.db, t.database.dialect, { owner: 'dead-worker', now: clock(), leaseSeconds: 60, limit: 10 });
    expect(claimed).toHaveLength(1);
    // The supporter, who saw no answer, sends it again.
    await post(ACT, form, { headers: { 'idempotency-key': key } });
    expect((await processIntake(t.actions, 'worker-b')).outcomes).toEqual({ pending: 1 });
    expect(await intake()).toHaveLength(1);
    // Once the dead worker's lease lapses, its row is processed — and replays.
    clock.advance(2);
    try {
      expect((await processIntake(t.actions, 'worker-b')).outcomes).toEqual({ replayed: 1 });
    } finally {
      clock.set('2026-03-02T10:00:00.000Z');
    }
    expect(await intake()).toEqual([]);
    const supporter = await supporterOf(form.email!);
    expect((await actionsOf(t, DEMO_SLUG)).filter((a) => a.supporter_id === supporter!.id)).toHaveLength(1);
    expect(await confirmationsTo(t, form.email!)).toHaveLength(1);
  });

  it('counts "I called" and "I wrote myself" from one address once per campaign, and each report without an address', async () => {
    const before = (await actionsOf(t, DEMO_SLUG)).length;
    const email = `reporter-${Date.now()}@example.net`;
    await post(REPORT, { method: 'call', country: 'CL', email });
    await post(REPORT, { method: 'own_mail', country: 'CL', email: email.toUpperCase() });
    await post(REPORT, { method: 'call', country: 'CL', email });
    await post(REPORT, { method: 'call', country: 'NG' });
    await post(REPORT, { method: 'call', country: 'NG' });
    expect((await processIntake(t.actions, 'worker-a')).outcomes).toEqual({ confirmed: 3, duplicate: 2 });
    const rows = (await actionsOf(t, DEMO_SLUG)).slice(before);
    expect(rows.map((r) => [r.method, r.status, r.country])).toEqual([
      ['call', 'confirmed', 'CL'],
      ['call', 'confirmed', 'NG'],
      ['call', 'confirmed', 'NG'],
    ]);
    // The address itself is kept nowhere: only a keyed hash beside the report.
    expect(await supporterOf(email)).toBeUndefined();
    const stored = await t.database.db.selectFrom('actions').select('reporter_key').where('id', '=', rows[0]!.id).executeTakeFirstOrThrow();
    expect(stored.reporter_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('keeps a consent ticked on a repeated report, and confirms it by email, without counting the report again', async () => {
    const before = (await actionsOf(t, DEMO_SLUG)).length;
    const email = `caller-then-writer-${Date.now()}@example.net`;
    await post(REPORT, { method: 'call', country: 'SE', email });
    await processIntake(t.actions, 'worker-a');
    await post(REPORT, { method: 'own_mail', country: 'SE', email, consent_campaign: 'yes' });
    expect((await processIntake(t.actions, 'worker-a')).outcomes).toEqual({ duplicate: 1 });
    const rows = (await actionsOf(t, DEMO_SLUG)).slice(before);
    expect(rows.map((r) => [r.method, r.status, r.country])).toEqual([['call', 'confirmed', 'SE']]);
    const supporter = await supporterOf(email);
    expect(rows[0]!.supporter_id).toBe(supporter!.id);
    expect(await confirmationsTo(t, email)).toHaveLength(1);
    const done = await postForm(t, await confirmPathFor(t, email), {}, { drain: false });
    expect(page(done.body).text('section.confirm p')).toMatch(/^Your address is confirmed/);
    const consent = await t.database.db
      .selectFrom('consents')
      .select(['scope', 'confirmed_at'])
      .where('supporter_id', '=', supporter!.id)
      .executeTakeFirstOrThrow();
    expect(consent).toEqual({ scope: 'campaign_updates', confirmed_at: '2026-03-02T10:00:00.000Z' });
    // A third report, the consent confirmed already: nothing more.
    await post(REPORT, { method: 'call', country: 'SE', email, consent_campaign: 'yes' });
    expect((await processIntake(t.actions, 'worker-a')).outcomes).toEqual({ duplicate: 1 });
    expect(await confirmationsTo(t, email)).toHaveLength(1);
    expect((await actionsOf(t, DEMO_SLUG)).length).toBe(before + 1);
  });

  it('erases a supporter’s submission still waiting in the intake with the rest of their data', async () => {
    const form = supporterForm();
    await post(ACT, form);
    await processIntake(t.actions, 'worker-a');
    const supporter = await supporterOf(form.email!);
    await post(ACT, { ...form, letter: 'Sent again while erasing' });
    expect(await intake()).toHaveLength(1);
    const token = supporterDataToken(await loadServerSecret(t.database.db), supporter!.id);
    const erased = await postForm(t, `/your-data/${token}/erase`, { confirm: 'yes' }, { drain: false });
    expect(erased.statusCode).toBeLessThan(400);
    expect(await intake()).toEqual([]);
    await processIntake(t.actions, 'worker-a');
    expect(await supporterOf(form.email!)).toBeUndefined();
  });

  it('drops a submission that keeps failing, and keeps none past the retention period', async () => {
    const campaignId = await campaignIdOf(t, DEMO_SLUG);
    // A row no worker can carry out (it cannot come from the form, which checks its input;
    // nor from the store, whose type for the column admits only encoded input).
    await t.database.db
      .insertInto('action_intake')
      .values({
        campaign_id: campaignId,
        form: 'act',
        email: 'broken@example.net',
        payload: '{' as Json<ActionInput>,
        ip_key: 'k',
        created_at: clock().toISOString(),
      })
      .execute();
    try {
      for (let attempt = 1; attempt <= INTAKE_MAX_ATTEMPTS; attempt++) {
        const round = await processIntake(t.actions, 'worker-a');
        expect(round.claimed).toBe(1);
        if (attempt < INTAKE_MAX_ATTEMPTS) expect(round.failed).toHaveLength(1);
        else expect(round.dropped).toHaveLength(1);
        // Tried again once its lease lapses.
        expect((await processIntake(t.actions, 'worker-a')).claimed).toBe(0);
        clock.advance(2);
      }
      expect(await intake()).toEqual([]);

      await post(ACT, supporterForm());
      clock.advance(t.config.supporterRetentionDays * 24 * 60 + 1);
      await createRetentionJob({ db: t.database.db, clock, retentionDays: t.config.supporterRetentionDays }).runOnce();
      expect(await intake()).toEqual([]);
    } finally {
      clock.set('2026-03-02T10:00:00.000Z');
    }
  });
});

describe.each(DATABASES)('http (%s): the intake worker', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('carries a submission out within moments of the answer, woken by it', async () => {
    const form = supporterForm();
    const res = await postForm(t, ACT, form, { ip: '198.18.1.1', drain: false });
    expect(res.statusCode).toBe(303);
    // Well under the poll interval (1 s): the submission itself woke the worker.
    await expect.poll(async () => (await confirmationsTo(t, form.email!)).length, { timeout: 900, interval: 20 }).toBe(1);
    expect(await t.database.db.selectFrom('action_intake').select('id').execute()).toEqual([]);
  });
});
