import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleType } from '../../src/domain/articles/article.js';
import { CACHE_TAG_KINDS, parseCacheTag, type CacheTag, type CacheTagKind } from '../../src/domain/cache/cache-tags.js';
import { createArticle } from '../../src/services/articles/create-article.js';
import { createUser } from '../../src/services/accounts/users.js';
import { applyWorkflow } from '../../src/services/articles/workflow.js';
import { postOutcome } from '../../src/services/campaigns/outcomes.js';
import { createSection } from '../../src/services/sections/create-section.js';
import { getContributorBySlug, getTopicBySlug } from '../../src/store/sections/section.store.js';
import { DATABASES } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

/*
 * A page cached with a tag that no service announces is never refreshed: /sections was
 * cached under `sections`, which nothing announced (docs/decisions/0015). This suite
 * renders every kind of public page, reads the tags the page cache stored with each,
 * then makes real changes through the services (a section, a campaign's outcome, an
 * article) and checks that every kind of tag was announced and dropped a page that
 * depends on it.
 */

/** GET routes that are not cached public pages: each belongs to one person, or is not a page. */
const NOT_CACHED = new Set([
  '/assets/*',
  '/media/:name',
  '/health',
  '/ready',
  '/metrics',
  '/preview/:token',
  '/confirm/:token',
  '/your-data/:token',
  '/campaigns/:slug/challenge',
  // Each query answered afresh, never kept (docs/decisions/0026).
  '/search',
  // ActivityPub, answered by Fedify (docs/federation.md): JSON for servers, not pages.
  '/.well-known/webfinger',
  '/ap/*',
]);

/** Pages no link leads to (a form's answer redirects there): reached from an address of the page named. */
const UNLINKED: Readonly<Record<string, { from: string; address: (from: string) => string }>> = {
  '/campaigns/:slug/thanks/:which': { from: '/campaigns/:slug', address: (from) => `${from}/thanks/email` },
  // "/campaigns/x/ru" → "/campaigns/x/thanks/email/ru"
  '/campaigns/:slug/thanks/:which/:language': { from: '/campaigns/:slug/:language', address: (from) => from.replace(/\/([^/]+)$/, '/thanks/email/$1') },
  // The monthly sitemaps are named by the sitemap index's <loc>, not by a link.
  '/sitemaps/:name': { from: '/sitemap.xml', address: () => '/sitemaps/2012-08.xml' },
};

/** One address of each route is enough to meet every kind of tag; feeds, the costliest pages, make more slow. */
const PER_ROUTE = 1;

const routeRegex = (pattern: string) => new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/:[A-Za-z]+/g, '[^/?#]+')}(\\?page=[0-9]+)?$`);

/** Every public page the crawl reached from the front page and the other routes without parameters, with the tags the cache stored it under, by route. */
async function crawl(t: TestApp): Promise<{ pages: Map<string, readonly CacheTag[]>; routes: Map<string, string[]> }> {
  const patterns = [...new Set(t.allRoutes.filter((r) => r.method === 'GET' && !r.url.startsWith('/admin') && !NOT_CACHED.has(r.url)).map((r) => r.url))];
  const matchers = patterns.map((pattern) => ({ pattern, regex: routeRegex(pattern) }));
  const pages = new Map<string, readonly CacheTag[]>();
  const routes = new Map<string, string[]>(patterns.map((p) => [p, []]));
  // A route without parameters is its own address, linked or not (/topics and /contributors are not).
  const queue = ['/', ...patterns.filter((p) => !p.includes(':') && p !== '/')];
  const seen = new Set(queue);
  const visit = async (url: string, pattern: string) => {
    routes.get(pattern)!.push(url);
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    const cached = t.cache.get(url);
    expect(cached, `${url} was not cached`).toBeDefined();
    pages.set(url, [...cached!.tags]);
    for (const [, link] of res.body.matchAll(/href="(\/[^"#]*)"/g)) {
      const href = link!.replace(/&amp;/g, '&');
      if (seen.has(href)) continue;
      seen.add(href);
      queue.push(href);
    }
  };
  while (queue.length > 0) {
    const url = queue.shift()!;
    const route = matchers.find((m) => m.regex.test(url));
    if (route && routes.get(route.pattern)!.length < PER_ROUTE) await visit(url, route.pattern);
  }
  for (const [pattern, { from, address }] of Object.entries(UNLINKED)) {
    for (const url of routes.get(from) ?? []) await visit(address(url), pattern);
  }
  return { pages, routes };
}

const kindOf = (tag: CacheTag): CacheTagKind => parseCacheTag(tag).kind;
const subjectOf = (pages: Map<string, readonly CacheTag[]>, kind: CacheTagKind): string => {
  for (const tags of pages.values()) for (const tag of tags) if (kindOf(tag) === kind) return parseCacheTag(tag).subject!;
  throw new Error(`no page depends on a ${kind} tag`);
};

describe.each(DATABASES)('http (%s): every tag a page depends on is announced by a service', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('renders every kind of public page, and real changes drop a page of every kind of tag', async () => {
    const { pages, routes } = await crawl(t);
    for (const [pattern, urls] of routes)
      expect(urls, `no link led to a page of ${pattern}: add it to the crawl, or to NOT_CACHED if it is no public page`).not.toEqual([]);

    const announced: CacheTag[] = [];
    const stop = t.changes.subscribe((tags) => announced.push(...tags));
    try {
      // A new section: the index of sections lists it.
      await createSection(
        { db: t.database.db, changes: t.changes },
        { slug: 'sotsialisticheskoe-dvizhenie', name: 'Socialist Movement Kazakhstan', shortLabel: 'SMK', country: 'KZ', languages: ['ru'], website: null },
      );
      // A coordinator posts what came of the campaign: its pages and the article calling to it.
      const coordinator = { email: 'coordinator@example.org', name: 'Coordinator', role: 'coordinator' as const, sectionSlugs: [] };
      const userId = await createUser(
        { db: t.database.db, clock: t.actions.clock, commonPasswords: () => new Set() },
        { ...coordinator, password: 'a long and unguessable passphrase' },
      );
      const staff = { ...coordinator, id: userId, sectionIds: [], contributorId: null, totpEnabled: false };
      await postOutcome(t.actions, staff, Number(subjectOf(pages, 'campaign')), { occurredOn: '2012-09-03', title: 'Charges dropped', body: '' });
      // An article published in the listings the crawl rendered: each of them shows it.
      const topic = await getTopicBySlug(t.database.db, subjectOf(pages, 'topic'));
      const contributor = await getContributorBySlug(t.database.db, subjectOf(pages, 'contributor'));
      await createArticle(
        { db: t.database.db, changes: t.changes },
        {
          title: 'Charges against Socialist Movement Kazakhstan activists dropped',
          language: 'en',
          type: subjectOf(pages, 'type') as ArticleType,
          status: 'published',
          standfirst: 'The campaign won.',
          bodyMarkdown: 'The campaign won.',
          kickerOverride: null,
          countries: [subjectOf(pages, 'country')],
          topics: [topic.name],
          sectionSlugs: [subjectOf(pages, 'section')],
          credits: [{ name: contributor.name, sectionSlug: null, role: null }],
          collective: null,
          collectiveSectionSlug: null,
          provenance: null,
          publishedAt: `${subjectOf(pages, 'month')}-15T12:00:00.000Z`,
          updates: [],
          campaignId: null,
          featured: false,
          image: null,
        },
      );
      // The demo's lead gets a public update: its Russian translation's page says so.
      const editor = { email: 'editor@example.org', name: 'Editor', role: 'editor' as const, sectionSlugs: [] };
      const editorId = await createUser(
        { db: t.database.db, clock: t.actions.clock, commonPasswords: () => new Set() },
        { ...editor, password: 'another long and unguessable passphrase' },
      );
      const lead = await t.database.db.selectFrom('articles').select('id').where('slug', '=', 'stop-state-brutality-in-kazakhstan').executeTakeFirstOrThrow();
      await applyWorkflow(
        { db: t.database.db, clock: t.actions.clock, changes: t.changes },
        { ...editor, id: editorId, sectionIds: [], contributorId: null, totpEnabled: false },
        lead.id,
        { action: 'update', note: 'Natalya Sokolova’s appeal was heard.' },
      );
    } finally {
      stop();
    }

    // The site's identity is on every page: changed last, on its own, so that it does not
    // drop the pages the other kinds must drop by themselves.
    const heardKinds = new Set(announced.map(kindOf));
    for (const kind of CACHE_TAG_KINDS.filter((k) => k !== 'site')) {
      expect(heardKinds.has(kind), `no service call in this test announced a "${kind}" tag`).toBe(true);
      const dropped = [...pages].filter(([url, tags]) => tags.some((tag) => kindOf(tag) === kind && announced.includes(tag)) && !t.cache.has(url));
      expect(dropped, `no page depending on a "${kind}" tag was dropped by its announcement`).not.toEqual([]);
    }
    for (const [url, tags] of pages) {
      for (const tag of tags)
        if (kindOf(tag) !== 'site') expect(heardKinds.has(kindOf(tag)), `${url} depends on ${tag}, whose kind nothing announces`).toBe(true);
    }
    for (const url of pages.keys()) await t.app.inject({ method: 'GET', url });
    const cachedBefore = [...pages.keys()].filter((url) => t.cache.has(url));
    expect(cachedBefore).not.toEqual([]);
    const siteAnnounced: CacheTag[] = [];
    const stopSite = t.changes.subscribe((tags) => siteAnnounced.push(...tags));
    const { stored } = t.placard.site;
    await t.placard.site.update('tests', {
      ...stored(),
      name: 'Workers’ News',
      tagline: '',
      logoMediaId: '',
      footer: '',
      contactEmail: '',
    });
    stopSite();
    expect(siteAnnounced.map(kindOf)).toContain('site');
    expect(
      cachedBefore.filter((url) => t.cache.has(url)),
      'a page kept after the site identity changed',
    ).toEqual([]);
    // The bug this suite was written for: /sections shows the new section at once.
    expect((await t.app.inject({ method: 'GET', url: '/sections' })).body).toContain('Socialist Movement Kazakhstan');
  });
});
