import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../src/domain/campaigns/campaign.js';
import { createArticle } from '../../src/services/articles/create-article.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { articleInput } from '../support/articles.js';
import { confirmationsTo, counterOn, confirmPathFor, createCampaign, postForm, supporterForm } from '../support/campaigns.js';
import { testClock } from '../support/clock.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';

/*
 * Once an administrator names the site, the words around the movement's own text name it
 * too: "Send the letter through Workers’ Voice", never through the software.
 */
describe.each(DATABASES)('http (%s): the site’s name in the words readers and supporters read', (kind) => {
  let t: TestApp;
  let campaign: Campaign;
  let protective: Campaign;
  let articlePath: string;
  const clock = testClock('2026-03-02T10:00:00.000Z');
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const campaignPath = () => `/campaigns/${campaign.slug}`;

  beforeAll(async () => {
    t = await startTestApp(kind, { demo: false, clock });
    campaign = await createCampaign(t.database.db, { title: 'Free the Aktau lawyers' });
    protective = await createCampaign(t.database.db, { identityMode: 'protective', title: 'Protect the Almaty witnesses' });
    const article = await createArticle(
      { db: t.database.db, changes: t.changes },
      articleInput({ title: 'Lawyers arrested in Aktau', campaignId: campaign.id, publishedAt: '2026-03-01T12:00:00.000Z' }),
    );
    articlePath = `/articles/${article.slug}`;
  });
  afterAll(async () => t?.close());

  it('says Placard until the site is named', async () => {
    expect(page((await get(articlePath)).body).text('.call-to-action .act-now a')).toBe('Send the letter through Placard, from your own email, or by phone');
    const action = page((await get(campaignPath())).body);
    expect(action.text('#send-heading')).toBe('1. Send the letter through Placard');
  });

  it('names the site on the front page, an article calling to a campaign, the campaign page, feeds, the confirmation email and the pages after it', async () => {
    const stored = t.placard.site.stored();
    await t.placard.site.update('tests', { ...stored, name: 'Workers’ Voice', tagline: '', logoMediaId: '', footer: '', contactEmail: '' });

    const front = await get('/');
    expect(front.body).toContain('Lawyers arrested in Aktau');
    expect(front.body).not.toContain('Placard');

    const article = await get(articlePath);
    expect(article.body).not.toContain('Placard');
    expect(page(article.body).text('.call-to-action .act-now a')).toBe('Send the letter through Workers’ Voice, from your own email, or by phone');

    const action = await get(campaignPath());
    expect(action.body).not.toContain('Placard');
    const actionPage = page(action.body);
    expect(actionPage.text('#send-heading')).toBe('1. Send the letter through Workers’ Voice');
    const protectivePage = await get(`/campaigns/${protective.slug}`);
    expect(protectivePage.body).not.toContain('Placard');
    expect(page(protectivePage.body).text('#own-mail .notice')).toBe(
      'The officials will see your email address and the name you sign with. To stay unknown to them, send the letter through Workers’ Voice instead.',
    );

    for (const feed of ['/feed.xml', '/feed.atom', '/feed.json']) expect((await get(feed)).body, feed).not.toContain('Placard');

    const form = supporterForm();
    expect((await postForm(t, `${campaignPath()}/act`, form)).statusCode).toBe(303);
    const [email] = await confirmationsTo(t, form.email!);
    expect(email?.body).toBeDefined();
    expect(`${email?.subject}\n${email?.body}`).not.toContain('Placard');

    const confirmPath = await confirmPathFor(t, form.email!);
    const confirmed = await postForm(t, confirmPath, {});
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).not.toContain('Placard');
    expect(confirmed.body).toContain('Your letter is on its way: Workers’ Voice delivers it to each official over their office hours.');

    const counted = await get(campaignPath());
    expect(counted.body).not.toContain('Placard');
    expect(counterOn(counted.body).total).toBe('1 person has sent the letter through Workers’ Voice');

    const dataLink = /https?:\/\/[^\s/]+(\/your-data\/[A-Za-z0-9_-]+)/.exec(email?.body ?? '')?.[1];
    expect(dataLink).toBeDefined();
    const data = await get(dataLink!);
    expect(data.statusCode).toBe(200);
    expect(data.body).not.toContain('Placard');
    expect(data.body).toContain('This is everything Workers’ Voice holds about you.');
  });
});
