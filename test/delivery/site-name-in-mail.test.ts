import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { confirmedAction, createCampaign, testTarget } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { DATABASES } from '../support/databases.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp.js';

/*
 * The organisation's daily copy says what the letters were sent through: the site's name
 * as an administrator set it, not the software's. The From address stays MAIL_FROM's.
 */
describe.each(DATABASES)('delivery (%s): the site name in emails', (kind) => {
  let t: TestApp;
  let smtp: SmtpCapture;
  const clock = testClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startTestApp(kind, { clock, demo: false, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Urgent Actions <actions@example.org>' } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('names the site in the copy digest once it is set', async () => {
    const stored = t.placard.site.stored();
    await t.placard.site.update('tests', { ...stored, name: 'Workers’ Voice', tagline: '', logoMediaId: '', footer: '', contactEmail: '' });
    const campaign = await createCampaign(t.database.db, { targets: [testTarget()], copyTo: ['copies@example.org'] });
    await confirmedAction(
      t.database.db,
      campaign,
      { name: 'Oisín Kelly', signAs: 'Oisín', email: 'oisin@example.net', city: 'Dublin', country: 'IE' },
      { now: clock() },
    );
    clock.advance(24 * 60 + 1);
    await t.placard.jobs.delivery.runOnce();
    const [copy] = smtp.messages.filter((m) => m.envelope.to.includes('copies@example.org'));
    expect(copy?.text).toContain('sent through Workers’ Voice');
    expect(copy?.text).not.toContain('Placard');
    expect(copy?.from).toEqual({ name: 'Urgent Actions', address: 'actions@example.org' });
  });
});

describe.each(DATABASES)('delivery (%s): the From name without one in MAIL_FROM', (kind) => {
  let t: TestApp;
  let smtp: SmtpCapture;
  const clock = testClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startTestApp(kind, { clock, demo: false, env: { SMTP_URL: smtp.url, MAIL_FROM: 'actions@example.org' } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('sends as the site, under the name an administrator gives it, never as the software', async () => {
    const campaign = await createCampaign(t.database.db, { targets: [testTarget()], copyTo: ['copies@example.org'] });
    const supporter = { name: 'Oisín Kelly', signAs: 'Oisín', email: 'oisin@example.net', city: 'Dublin', country: 'IE' } as const;
    await confirmedAction(t.database.db, campaign, supporter, { now: clock() });
    clock.advance(24 * 60 + 1);
    await t.placard.jobs.delivery.runOnce();
    expect(smtp.messages.find((m) => m.envelope.to.includes('copies@example.org'))?.from).toEqual({ name: 'Placard', address: 'actions@example.org' });

    const stored = t.placard.site.stored();
    await t.placard.site.update('tests', { ...stored, name: 'Workers’ Voice', tagline: '', logoMediaId: '', footer: '', contactEmail: '' });
    await confirmedAction(t.database.db, campaign, { ...supporter, email: 'oisin2@example.net' }, { now: clock() });
    clock.advance(24 * 60 + 1);
    await t.placard.jobs.delivery.runOnce();
    const copies = smtp.messages.filter((m) => m.envelope.to.includes('copies@example.org'));
    expect(copies).toHaveLength(2);
    expect(copies[1]?.from).toEqual({ name: 'Workers’ Voice', address: 'actions@example.org' });
  });
});
