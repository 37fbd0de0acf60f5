import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDeps } from '../../src/services/campaigns/campaign-deps.js';
import { discardHeldAction, listHeldActions, releaseHeldAction } from '../../src/services/campaigns/held-actions.js';
import { solveChallenge, type Challenge } from '../../src/services/campaigns/proof-of-work.js';
import { loadServerSecret } from '../../src/services/settings/server-secret.js';
import { actionsOf, campaignIdOf, confirmationsTo, DEMO_SLUG, postForm, supporterForm } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { createStaff } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';

const ACT = `/campaigns/${DEMO_SLUG}/act`;

describe.each(DATABASES)('http (%s): rate limits and held submissions', (kind) => {
  let t: TestApp;
  let deps: CampaignDeps;
  let coordinator: { id: number; name: string };
  let campaignId: number;
  const clock = testClock('2026-03-02T10:00:00.000Z');
  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    campaignId = await campaignIdOf(t, DEMO_SLUG);
    deps = {
      db: t.database.db,
      dialect: t.database.dialect,
      clock,
      changes: t.changes,
      publicUrl: t.config.publicUrl,
      mail: { fromName: 'Placard', fromAddress: 'placard@example.org', domain: 'example.org' },
      secret: await loadServerSecret(t.database.db),
      retentionDays: 90,
    };
    coordinator = { id: (await createStaff(t, 'coordinator', { name: 'Cora Coordinator' })).id, name: 'Cora Coordinator' };
  });
  afterAll(async () => t?.close());

  /** A proof of work as assets/action.js finds it. */
  const proof = async () => {
    const challenge = (await t.app.inject({ method: 'GET', url: `/campaigns/${DEMO_SLUG}/challenge` })).json() as Challenge;
    return { pow_challenge: challenge.challenge, pow_nonce: solveChallenge(challenge) };
  };
  const statusesFrom = async (emails: readonly string[]) => {
    const rows = await t.database.db
      .selectFrom('actions')
      .innerJoin('supporters', 'supporters.id', 'actions.supporter_id')
      .select(['supporters.email', 'actions.status', 'actions.held_reason', 'actions.proof_of_work'])
      .where(
        'supporters.email',
        'in',
        emails.map((e) => e.toLowerCase()),
      )
      .orderBy('actions.id')
      .execute();
    return rows;
  };

  it('holds the third submission in five minutes from an address without proof of work, answering as for the rest', async () => {
    const forms = [supporterForm(), supporterForm(), supporterForm()];
    const answers = [];
    for (const form of forms) answers.push(await postForm(t, ACT, form, { ip: '198.51.100.20' }));
    for (const res of answers) expect(res.rawPayload.equals(answers[0]!.rawPayload) && res.headers.location === answers[0]!.headers.location).toBe(true);
    const rows = await statusesFrom(forms.map((f) => f.email!));
    expect(rows.map((r) => r.status)).toEqual(['pending', 'pending', 'held']);
    expect(rows[2]?.held_reason).toBe('More than 2 submissions in 5 minutes from one address without proof of work');
    // Held: no confirmation email, so nothing can be confirmed or delivered.
    expect(await confirmationsTo(t, forms[2]!.email!)).toEqual([]);
    // Five minutes later the address may act again.
    clock.advance(6);
    try {
      const later = supporterForm();
      await postForm(t, ACT, later, { ip: '198.51.100.20' });
      expect((await statusesFrom([later.email!]))[0]?.status).toBe('pending');
    } finally {
      clock.set('2026-03-02T10:00:00.000Z');
    }
  });

  it('allows five with a proof of work, holds the sixth, and refuses a forged proof the looser limit', async () => {
    const forms = Array.from({ length: 6 }, () => supporterForm());
    for (const form of forms) expect((await postForm(t, ACT, { ...form, ...(await proof()) }, { ip: '198.51.100.30' })).statusCode).toBe(303);
    const rows = await statusesFrom(forms.map((f) => f.email!));
    expect(rows.map((r) => r.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending', 'held']);
    expect(rows.map((r) => r.proof_of_work)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(rows[5]?.held_reason).toBe('More than 5 submissions in 5 minutes from one address');

    const forged = Array.from({ length: 3 }, () => supporterForm());
    const { pow_challenge } = await proof();
    for (const form of forged) await postForm(t, ACT, { ...form, pow_challenge, pow_nonce: '0' }, { ip: '198.51.100.31' });
    expect((await statusesFrom(forged.map((f) => f.email!))).map((r) => [r.status, r.proof_of_work])).toEqual([
      ['pending', 0],
      ['pending', 0],
      ['held', 0],
    ]);
  });

  it('counts IPv6 addresses of one /64 together, and another /64 apart', async () => {
    const forms = Array.from({ length: 4 }, () => supporterForm());
    await postForm(t, ACT, forms[0]!, { ip: '2001:db8:1:2::5' });
    await postForm(t, ACT, forms[1]!, { ip: '2001:db8:1:2:ffff:eeee:dddd:cccc' });
    await postForm(t, ACT, forms[2]!, { ip: '2001:0db8:0001:0002:0:0:0:9' });
    await postForm(t, ACT, forms[3]!, { ip: '2001:db8:1:3::5' });
    expect((await statusesFrom(forms.map((f) => f.email!))).map((r) => r.status)).toEqual(['pending', 'pending', 'held', 'pending']);
  });

  it('lets a coordinator release a held letter (the supporter still confirms) or discard one', async () => {
    const forms = Array.from({ length: 4 }, () => supporterForm());
    for (const form of forms) await postForm(t, ACT, form, { ip: '198.51.100.40' });
    const listed = await listHeldActions(t.database.db, campaignId);
    const mine = (await statusesFrom(forms.map((f) => f.email!))).map((r) => r.status);
    expect(mine).toEqual(['pending', 'pending', 'held', 'held']);
    const [third, fourth] = listed.slice(-2);
    expect(third).toMatchObject({ method: 'placard', country: 'IE', proofOfWork: false });
    expect(JSON.stringify(listed)).not.toContain('@');

    // Another campaign's id does not reach it.
    expect(await releaseHeldAction(deps, coordinator, { actionId: third!.id, campaignId: campaignId + 1000 })).toBe(false);
    expect(await releaseHeldAction(deps, coordinator, { actionId: third!.id, campaignId })).toBe(true);
    expect(await releaseHeldAction(deps, coordinator, { actionId: third!.id, campaignId })).toBe(false);
    expect(await discardHeldAction(deps, coordinator, { actionId: fourth!.id, campaignId })).toBe(true);
    expect(await discardHeldAction(deps, coordinator, { actionId: fourth!.id, campaignId })).toBe(false);
    expect((await statusesFrom(forms.map((f) => f.email!))).map((r) => r.status)).toEqual(['pending', 'pending', 'pending', 'discarded']);
    expect((await listHeldActions(t.database.db, campaignId)).map((h) => h.id)).not.toContain(third!.id);
    // The released one gets its confirmation email now; the discarded one never does.
    expect(await confirmationsTo(t, forms[2]!.email!)).toHaveLength(1);
    expect(await confirmationsTo(t, forms[3]!.email!)).toHaveLength(0);
  });

  it('holds self-reports by the same rule and counts a released one at once', async () => {
    const ip = '198.51.100.50';
    for (let i = 0; i < 3; i++) await postForm(t, `/campaigns/${DEMO_SLUG}/self-report`, { method: 'call', country: 'AT' }, { ip });
    const calls = (await actionsOf(t, DEMO_SLUG)).filter((a) => a.country === 'AT' && a.method === 'call');
    expect(calls.map((a) => a.status)).toEqual(['confirmed', 'confirmed', 'held']);
    expect(await releaseHeldAction(deps, coordinator, { actionId: calls[2]!.id, campaignId })).toBe(true);
    const after = (await actionsOf(t, DEMO_SLUG)).filter((a) => a.country === 'AT' && a.method === 'call');
    expect(after.map((a) => a.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
  });
});
