import { Readability } from '@mozilla/readability';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telHref, type Campaign } from '../../src/domain/campaigns/campaign.js';
import { createArticle } from '../../src/services/articles/create-article.js';
import { findCampaign } from '../../src/store/campaigns/campaign.store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { articleInput } from '../support/articles.js';
import { campaignIdOf, createCampaign, DEMO_SLUG, testTarget } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { page, type HtmlElement } from '../support/html.js';

/*
 * Firefox's Reader View is Mozilla's Readability; Safari's Reader follows close
 * heuristics. Whatever a reader keeps of an article calling to a campaign must hold the
 * call to action whole: the officials, their addresses and numbers as links, the copy
 * addresses and the way to the campaign page (docs/decisions/0029).
 */

/** The article as Firefox's Reader View shows it: Readability on the served page, at its own address. */
function readerView(html: string, url: string): { title: string; content: HtmlElement } {
  const parsed = new Readability(new JSDOM(html, { url }).window.document).parse();
  if (!parsed?.content) throw new Error(`Readability found no article at ${url}`);
  return { title: parsed.title ?? '', content: page(parsed.content) };
}

/** What a reader must find of a campaign's call to action in the reader view. */
function expectCallToAction(content: HtmlElement, campaign: Campaign, words: { heading: string; copyTo: string; campaignUrl: string }): void {
  expect(content.texts('h2, h3')).toContain(words.heading);
  const text = content.text();
  const links = content.links();
  for (const target of campaign.targets) {
    expect(text, target.title).toContain(target.title);
    if (target.name) expect(text, target.title).toContain(target.name);
    if (target.email) expect(links, target.title).toContainEqual({ text: target.email, href: `mailto:${target.email}` });
    if (target.phone) expect(links.map((link) => link.href)).toContain(telHref(target.phone));
  }
  expect(campaign.copyTo.length).toBeGreaterThan(0);
  const copies = content.all('p').find((p) => p.text().startsWith(words.copyTo));
  expect(copies?.links(), words.copyTo).toEqual(campaign.copyTo.map((address) => ({ text: address, href: `mailto:${address}` })));
  expect(links.map((link) => link.href)).toContain(words.campaignUrl);
}

describe.each(DATABASES)('http (%s): reader views keep the call to action', (kind) => {
  let t: TestApp;
  let demo: Campaign;
  let generated: Campaign;
  let generatedSlug: string;
  let shortSlug: string;
  const site = 'https://news.example.org';
  const read = async (path: string) => {
    const res = await t.app.inject({ method: 'GET', url: path });
    expect(res.statusCode, path).toBe(200);
    return readerView(res.body, site + path);
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    demo = (await findCampaign(t.database.db, await campaignIdOf(t, DEMO_SLUG)))!;
    generated = await createCampaign(t.database.db, {
      title: 'Free the Aktau lawyers',
      copyTo: ['aktau-campaign@example.org', 'solidarity@example.net'],
      targets: [
        testTarget({ title: 'Prosecutor General', name: 'Berik Asylov', email: 'prosecutor@gov.example.kz', phone: '+7 7172 71 25 00' }),
        testTarget({ title: 'Minister of Labour', name: 'Svetlana Zhakupova', email: 'labour@gov.example.kz', phone: '+7 (7172) 74-29-30' }),
        testTarget({ title: 'Akim of Mangistau Region', name: null, email: 'akimat@mangystau.example.kz', phone: null }),
      ],
    });
    const article = await createArticle(
      { db: t.database.db, changes: t.changes },
      articleInput({
        title: 'Lawyers arrested in Aktau',
        campaignId: generated.id,
        bodyMarkdown: [
          'Two lawyers who defended the sacked oil workers of Zhanaozen were arrested in Aktau on Monday, their offices searched and their files taken.',
          'Their colleagues say the arrests are meant to leave the workers, who still face trial, without anyone to defend them in court.',
          '## What you can do',
          'Protests from abroad have freed prisoners in Kazakhstan before: write to the officials below, politely, and send a copy to the campaign.',
        ].join('\n\n'),
      }),
    );
    generatedSlug = article.slug;
    // A news item of one line: the call to action is most of what the page says.
    shortSlug = (await createArticle({ db: t.database.db, changes: t.changes }, articleInput({ title: 'Aktau lawyers arrested', campaignId: generated.id })))
      .slug;
  });
  afterAll(async () => t?.close());

  it('keeps the demo article’s protests block with every official, address and number', async () => {
    const reader = await read(`/articles/${DEMO_SLUG}`);
    expect(reader.title).toBe('Stop state brutality in Kazakhstan!');
    // The article itself is still what the reader shows.
    expect(reader.content.text()).toContain('Victory to the sacked and striking oil workers!');
    expectCallToAction(reader.content, demo, {
      heading: 'Please send protests to:',
      copyTo: 'Please send copies of all protests to',
      campaignUrl: `${site}/campaigns/${DEMO_SLUG}`,
    });
    expect(reader.content.text()).toContain('Head of the Supreme Court of Kazakhstan – Alina Bulatovna Rakhimbekova');
    // Nothing of the page's frame comes along.
    expect(reader.content.text()).not.toContain('Filed under');
    expect(reader.content.links().map((link) => link.href)).not.toContain(`${site}/types/news`);
  });

  it('keeps the Russian translation’s call to action, in Russian', async () => {
    const reader = await read(`/articles/${DEMO_SLUG}-ru`);
    expect(reader.title).toBe('Остановить государственное насилие в Казахстане!');
    expect(reader.content.text()).toContain('Наталья Соколова');
    expectCallToAction(reader.content, demo, {
      heading: 'Пожалуйста, направляйте протесты:',
      copyTo: 'Пожалуйста, направляйте копии всех протестов по адресу',
      campaignUrl: `${site}/campaigns/${DEMO_SLUG}`,
    });
    expect(reader.content.texts('a')).toContain('Отправьте письмо через Placard, со своей почты или позвоните');
  });

  it('keeps the call to action of any article calling to a campaign, long or short', async () => {
    for (const slug of [generatedSlug, shortSlug]) {
      const reader = await read(`/articles/${slug}`);
      expectCallToAction(reader.content, generated, {
        heading: 'Please send protests to:',
        copyTo: 'Please send copies of all protests to',
        campaignUrl: `${site}/campaigns/${generated.slug}`,
      });
    }
    const long = await read(`/articles/${generatedSlug}`);
    expect(long.content.texts('h2')).toEqual(['What you can do', 'Please send protests to:']);
    expect(long.content.text()).toContain('Their colleagues say the arrests are meant to leave the workers');
    const short = await read(`/articles/${shortSlug}`);
    expect(short.content.text()).toContain('Disposable income is falling.');
  });
});
