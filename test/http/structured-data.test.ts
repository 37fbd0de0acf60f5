import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../src/services/articles/create-article.js';
import { insertUpload } from '../../src/store/media/media.store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { articleInput } from '../support/articles.js';
import { createCampaign, DEMO_SLUG } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { page } from '../support/html.js';

/*
 * What a search engine and a link preview read of a page (docs/decisions/0027): the
 * NewsArticle JSON-LD of the demo's lead and of its Russian translation, Open Graph and
 * Twitter card tags with a 1200 px image that Placard itself serves (made on first need
 * for media stored before that width was a rendition), and a campaign page's tags and
 * WebPage with its CommunicateAction.
 */

const SITE = 'https://news.example.org';
const LEAD = 'stop-state-brutality-in-kazakhstan';
const LEAD_RU = 'stop-state-brutality-in-kazakhstan-ru';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(DATABASES)('http (%s): structured data and link previews', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const html = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, url).toBe(200);
    return res.body;
  };
  /** The page's JSON-LD, parsed: there is one script of it. */
  const jsonLd = (body: string): Json => {
    const scripts = page(body).all('script[type="application/ld+json"]');
    expect(scripts).toHaveLength(1);
    return JSON.parse(scripts[0]!.rawText) as Json;
  };
  /** The content of each `<meta property|name=…>` with that name, in order. */
  const meta = (body: string, name: string) =>
    page(body)
      .all(`head meta[property="${name}"], head meta[name="${name}"]`)
      .map((m) => m.attr('content'));
  /** An image this site serves, by absolute address: its type and size as sharp reads the bytes. */
  const served = async (url: string) => {
    expect(url.startsWith(`${SITE}/media/`), url).toBe(true);
    const res = await get(url.slice(SITE.length));
    expect(res.statusCode, url).toBe(200);
    const info = await sharp(res.rawPayload).metadata();
    return { type: res.headers['content-type'], width: info.width, height: info.height, format: info.format };
  };
  const row = (slug: string) =>
    t.database.db.selectFrom('articles').select(['id', 'published_at', 'last_update_at', 'image_id']).where('slug', '=', slug).executeTakeFirstOrThrow();

  it('describes the demo’s lead as a NewsArticle with its image, authors, publisher, dates and translation', async () => {
    // The site's logo, as an administrator sets it: the publisher's logo in the JSON-LD.
    const logo = (await row(LEAD)).image_id!;
    await t.placard.site.update('tests', { ...t.placard.site.stored(), tagline: '', footer: '', contactEmail: '', logoMediaId: String(logo) });
    const body = await html(`/articles/${LEAD}`);
    const data = jsonLd(body);
    const { published_at, last_update_at } = await row(LEAD);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      url: `${SITE}/articles/${LEAD}`,
      headline: 'Stop state brutality in Kazakhstan!',
      inLanguage: 'en',
      datePublished: published_at,
      dateModified: last_update_at ?? published_at,
    });
    // A collective byline: the section's reporters, an organisation within the section.
    expect(data.author).toEqual([
      {
        '@type': 'Organization',
        name: 'Socialist Party (CWI England and Wales) Reporters',
        parentOrganization: { '@type': 'Organization', name: 'Socialist Party', url: `${SITE}/sections/socialist-party-england-wales` },
      },
    ]);
    const site = t.placard.site.current();
    expect(data.publisher).toMatchObject({
      '@type': 'Organization',
      name: site.name,
      logo: { '@type': 'ImageObject', url: `${SITE}${site.logo!.src}`, width: 960, height: 540 },
    });
    expect(data.workTranslation).toEqual([
      { '@type': 'NewsArticle', url: `${SITE}/articles/${LEAD_RU}`, headline: 'Остановить государственное насилие в Казахстане!', inLanguage: 'ru' },
    ]);
    expect(data.translationOfWork).toBeUndefined();
    // The image: its largest rendition, absolute, with the size the file really has.
    const [image] = data.image as Json[];
    expect(image).toMatchObject({ '@type': 'ImageObject', width: 1200, height: 675 });
    expect(await served(image!.url)).toMatchObject({ width: 1200, height: 675 });
  });

  it('gives the Russian translation its language, its original and Open Graph locales', async () => {
    const body = await html(`/articles/${LEAD_RU}`);
    const data = jsonLd(body);
    expect(data).toMatchObject({ '@type': 'NewsArticle', inLanguage: 'ru', headline: 'Остановить государственное насилие в Казахстане!' });
    expect(data.translationOfWork).toEqual({
      '@type': 'NewsArticle',
      url: `${SITE}/articles/${LEAD}`,
      headline: 'Stop state brutality in Kazakhstan!',
      inLanguage: 'en',
    });
    expect(data.workTranslation).toBeUndefined();
    expect(data.author[0].name).toBe('Репортёры Socialist Party (CWI England and Wales)');
    expect(meta(body, 'og:locale')).toEqual(['ru_RU']);
    expect(meta(body, 'og:locale:alternate')).toEqual(['en_US']);
    expect(meta(await html(`/articles/${LEAD}`), 'og:locale:alternate')).toEqual(['ru_RU']);
  });

  it('previews the article with a 1200 px image that Placard serves, made once', async () => {
    const body = await html(`/articles/${LEAD}`);
    expect(meta(body, 'og:type')).toEqual(['article']);
    expect(meta(body, 'og:site_name')).toEqual([t.placard.site.current().name]);
    expect(meta(body, 'og:url')).toEqual([`${SITE}/articles/${LEAD}`]);
    expect(meta(body, 'twitter:card')).toEqual(['summary_large_image']);
    const [image] = meta(body, 'og:image');
    expect(meta(body, 'twitter:image')).toEqual([image]);
    expect(meta(body, 'og:image:width')).toEqual(['1200']);
    expect(meta(body, 'og:image:height')).toEqual(['675']);
    expect(meta(body, 'og:image:alt')).toEqual(['Illustration standing in for the photograph: protesters with placards outside a hotel']);
    // The demo's image is an SVG, which previews do not show: drawn as a PNG 1200 px wide.
    expect(await served(image!)).toEqual({ type: 'image/png', width: 1200, height: 675, format: 'png' });
    // Rendered once: the translation's page (same image) and a second render reuse it.
    expect(meta(await html(`/articles/${LEAD_RU}`), 'og:image')).toEqual([image]);
    t.cache.clear();
    expect(meta(await html(`/articles/${LEAD}`), 'og:image')).toEqual([image]);
    const variants = await t.database.db
      .selectFrom('media_variants')
      .select('path')
      .where('media_id', '=', (await row(LEAD)).image_id!)
      .execute();
    expect(variants.map((v) => `${SITE}${v.path}`)).toEqual([image]);
  });

  it('gives a photo stored before 1200 px was a rendition that width from its widest one, on first need', async () => {
    // A JPEG stored with the old widths only (1600 px the widest), as uploads used to be.
    const photo = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#a03020' } })
      .jpeg()
      .toBuffer();
    await t.placard.media.put('old-photo-1600.jpg', photo);
    const mediaId = await t.database.db.transaction().execute((trx) =>
      insertUpload(
        trx,
        {
          path: '/media/old-photo-1600.jpg',
          mime: 'image/jpeg',
          width: 1600,
          height: 1000,
          alt: 'Dockers on the quay',
          caption: null,
          credit: null,
          uploadedBy: null,
          originalName: null,
          sha256: 'x',
        },
        [{ width: 1600, height: 1000, format: 'jpeg', path: '/media/old-photo-1600.jpg', bytes: photo.length }],
        '2012-08-01T00:00:00.000Z',
      ),
    );
    const { slug } = await createArticle(
      { db: t.database.db, changes: t.changes },
      articleInput({ title: 'Dockers walk out', image: { mediaId, caption: null, credit: null } }),
    );
    const body = await html(`/articles/${slug}`);
    const [image] = meta(body, 'og:image');
    expect(await served(image!)).toEqual({ type: 'image/jpeg', width: 1200, height: 750, format: 'jpeg' });
    expect(meta(body, 'og:image:type')).toEqual(['image/jpeg']);
    // The structured data names the largest rendition, the original 1600 px.
    expect((jsonLd(body).image as Json[])[0]).toEqual({ '@type': 'ImageObject', url: `${SITE}/media/old-photo-1600.jpg`, width: 1600, height: 1000 });
    // A contributor is a Person whose address is their listing, which answers.
    expect(jsonLd(body).author).toEqual([{ '@type': 'Person', name: 'Oisín Kelly', url: `${SITE}/contributors/ois%C3%ADn-kelly` }]);
    expect((await get('/contributors/ois%C3%ADn-kelly')).statusCode).toBe(200);
  });

  it('names where an article first appeared, and authors with the sections they write for', async () => {
    const based = await t.database.db
      .selectFrom('articles')
      .innerJoin('publications as p', 'p.id', 'articles.provenance_publication_id')
      .select(['articles.slug', 'p.name', 'p.url'])
      .where('articles.status', '=', 'published')
      .orderBy('articles.id')
      .executeTakeFirstOrThrow();
    expect(jsonLd(await html(`/articles/${based.slug}`)).isBasedOn).toEqual({
      '@type': 'CreativeWork',
      ...(based.url ? { url: based.url } : {}),
      publisher: { '@type': 'Organization', name: based.name, ...(based.url ? { url: based.url } : {}) },
    });
    const credited = await t.database.db
      .selectFrom('article_contributors as ac')
      .innerJoin('articles as a', 'a.id', 'ac.article_id')
      .innerJoin('contributors as c', 'c.id', 'ac.contributor_id')
      .innerJoin('sections as s', 's.id', 'ac.section_id')
      .select(['a.slug', 'c.name', 's.name as section', 's.slug as section_slug'])
      .where('a.status', '=', 'published')
      .orderBy('a.id')
      .executeTakeFirstOrThrow();
    expect(jsonLd(await html(`/articles/${credited.slug}`)).author).toContainEqual(
      expect.objectContaining({
        '@type': 'Person',
        name: credited.name,
        affiliation: { '@type': 'Organization', name: credited.section, url: `${SITE}/sections/${credited.section_slug}` },
      }),
    );
  });

  it('describes a campaign page as a WebPage offering to write to its officials, in each of its languages', async () => {
    const body = await html(`/campaigns/${DEMO_SLUG}`);
    const title = page(body).text('h1');
    expect(meta(body, 'og:type')).toEqual(['website']);
    expect(meta(body, 'og:title')).toEqual([title]);
    expect(meta(body, 'og:url')).toEqual([`${SITE}/campaigns/${DEMO_SLUG}`]);
    expect(meta(body, 'og:locale')).toEqual(['en_US']);
    expect(meta(body, 'og:locale:alternate')).toEqual(['ru_RU']);
    expect(meta(body, 'twitter:card')).toEqual(['summary']);
    const data = jsonLd(body);
    expect(data).toMatchObject({ '@context': 'https://schema.org', '@type': 'WebPage', url: `${SITE}/campaigns/${DEMO_SLUG}`, name: title, inLanguage: 'en' });
    expect(data.potentialAction).toMatchObject({
      '@type': 'CommunicateAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${SITE}/campaigns/${DEMO_SLUG}`, inLanguage: 'en' },
    });
    const targets = await t.database.db
      .selectFrom('campaign_targets as ct')
      .innerJoin('campaigns as c', 'c.id', 'ct.campaign_id')
      .select(['ct.title'])
      .where('c.slug', '=', DEMO_SLUG)
      .orderBy('ct.position')
      .execute();
    expect((data.potentialAction.recipient as Json[]).map((r) => r.jobTitle)).toEqual(targets.map((r) => r.title));
    expect(data.workTranslation).toEqual([{ '@type': 'WebPage', url: `${SITE}/campaigns/${DEMO_SLUG}/ru`, inLanguage: 'ru' }]);

    const ru = await html(`/campaigns/${DEMO_SLUG}/ru`);
    expect(meta(ru, 'og:locale')).toEqual(['ru_RU']);
    expect(meta(ru, 'og:title')).toEqual([page(ru).text('h1')]);
    const ruData = jsonLd(ru);
    expect(ruData).toMatchObject({ inLanguage: 'ru', potentialAction: { '@type': 'CommunicateAction', inLanguage: 'ru' } });
    expect(ruData.translationOfWork).toEqual({ '@type': 'WebPage', url: `${SITE}/campaigns/${DEMO_SLUG}`, inLanguage: 'en' });
  });

  it('offers no action on a closed campaign’s page, and lists its page in the sitemap of pages', async () => {
    const closed = await createCampaign(t.database.db, { slug: 'a-closed-campaign', closedAt: '2026-02-01T00:00:00.000Z' });
    const data = jsonLd(await html(`/campaigns/${closed.slug}`));
    expect(data).toMatchObject({ '@type': 'WebPage', name: closed.title, description: closed.summary });
    expect(data.potentialAction).toBeUndefined();
    // Its page stays, with its outcomes: search engines still find it.
    expect((await get('/sitemaps/pages.xml')).body).toContain(`<loc>${SITE}/campaigns/${closed.slug}</loc>`);
  });
});
