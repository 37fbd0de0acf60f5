import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedAction, confirmPathFor, counterOn, createCampaign, postForm, supporterForm } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { DATABASES } from '../support/databases.js';

/*
 * A protective campaign's public counter: a snapshot taken on the quarter hour, and no
 * country named with fewer than ten supporters, so one confirmation cannot be tied to
 * one person's moment of activity. Times run on a test clock.
 */

describe.each(DATABASES)('http (%s): public counts of a protective campaign', (kind) => {
  let t: TestApp;
  const clock = testClock('2026-03-02T09:50:00.000Z');
  beforeAll(async () => {
    t = await startTestApp(kind, { clock, demo: false });
  });
  afterAll(async () => t?.close());

  /** The campaign page's counter, as a supporter reads it. */
  const counter = async (slug: string) => counterOn((await t.app.inject({ method: 'GET', url: `/campaigns/${slug}` })).body);

  it('names only countries with ten supporters or more, and shows the others together', async () => {
    clock.set('2026-03-02T09:50:00.000Z');
    const campaign = await createCampaign(t.database.db, { identityMode: 'protective' });
    const act = (country: string, i: number) =>
      confirmedAction(t.database.db, campaign, { name: `Person ${country} ${i}`, email: `count-${country}-${i}@example.net`, country }, { now: clock() });
    for (let i = 0; i < 10; i++) await act('IE', i);
    for (let i = 0; i < 3; i++) await act('KZ', i);
    await act('DE', 0);
    clock.set('2026-03-02T10:05:00.000Z');
    expect(await counter(campaign.slug)).toEqual({
      total: '14 people have sent the letter through Placard',
      selfReported: expect.any(String),
      byCountry: [
        ['Ireland', '10', '0'],
        ['Other countries', '4', '0'],
      ],
      asOf: expect.stringMatching(/^Counted at 10:00 UTC on 2 March 2026\. /),
    });
  });

  it('publishes a confirmation with the next quarter-hour snapshot, not the moment it is made', async () => {
    clock.set('2026-03-02T09:50:00.000Z');
    const campaign = await createCampaign(t.database.db, { identityMode: 'protective' });
    for (let i = 0; i < 10; i++)
      await confirmedAction(t.database.db, campaign, { name: `Early ${i}`, email: `early-${campaign.id}-${i}@example.net`, country: 'IE' }, { now: clock() });

    // A second before 10:15 the page shows the 10:00 snapshot, and a confirmation now does not change it.
    clock.set('2026-03-02T10:14:59.000Z');
    expect((await counter(campaign.slug)).total).toBe('10 people have sent the letter through Placard');
    const form = supporterForm({ country: 'IE' });
    expect((await postForm(t, `/campaigns/${campaign.slug}/act`, form, { ip: '198.51.100.77' })).statusCode).toBe(303);
    expect((await postForm(t, await confirmPathFor(t, form.email!), {})).statusCode).toBe(200);
    const confirmed = await t.database.db
      .selectFrom('actions')
      .select('status')
      .where('campaign_id', '=', campaign.id)
      .where('status', '=', 'confirmed')
      .execute();
    expect(confirmed).toHaveLength(11);
    // The confirmation re-renders the page (its announcement), which still shows the snapshot.
    for (let i = 0; i < 5; i++) {
      expect(await counter(campaign.slug)).toMatchObject({ total: '10 people have sent the letter through Placard', byCountry: [['Ireland', '10', '0']] });
    }

    // At 10:15 the next snapshot is published: the page is re-rendered by itself.
    clock.set('2026-03-02T10:15:00.000Z');
    await expect
      .poll(async () => (await counter(campaign.slug)).total, { timeout: 5000, interval: 100 })
      .toBe('11 people have sent the letter through Placard');
    expect(await counter(campaign.slug)).toMatchObject({
      byCountry: [['Ireland', '11', '0']],
      asOf: expect.stringMatching(/^Counted at 10:15 UTC on 2 March 2026\. /),
    });
  });

  it('keeps live counts, every country named, for a named campaign', async () => {
    clock.set('2026-03-02T10:20:00.000Z');
    const campaign = await createCampaign(t.database.db, { identityMode: 'named' });
    await confirmedAction(t.database.db, campaign, { name: 'Named Person', email: `named-${campaign.id}@example.net`, country: 'DE' }, { now: clock() });
    expect(await counter(campaign.slug)).toMatchObject({
      total: '1 person has sent the letter through Placard',
      byCountry: [['Germany', '1', '0']],
      asOf: null,
    });
  });
});
