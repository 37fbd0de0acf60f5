import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { tags } from '../../../domain/cache/cache-tags.js';
import { newsLanguage, sitemapAlternates } from '../../../domain/sitemaps/sitemaps.js';
import type { Clock } from '../../../services/shared/clock.js';
import type { SiteIdentityService } from '../../../services/site/site-identity.js';
import { monthSitemap, newsSitemap, pagesSitemap, sitemapIndex, type ArticleSitemap, type SitemapArticle } from '../../../services/sitemaps/sitemaps.js';
import type { DB } from '../../../store/db/schema.js';
import type { PageCache } from '../../cache/page-cache.js';
import { pageCacheKey, servePublicPage, type Rendered } from '../../cache/serve-page.js';
import { articlePath, listingPath } from '../../views/format.js';
import { campaignLanguagePath, languageAlternates } from '../campaigns/campaign-languages.view.js';
import { pageLanguages } from '../../../domain/campaigns/campaign-languages.js';
import { sitemapIndexXml, urlsetXml, type UrlEntry } from './sitemap-xml.js';

const XML = 'application/xml; charset=utf-8';
const NEWS_PATH = '/sitemaps/news.xml';
const PAGES_PATH = '/sitemaps/pages.xml';

/** What robots.txt and the sitemaps need. */
export interface SitemapRouteDeps {
  readonly db: Kysely<DB>;
  readonly cache: PageCache;
  readonly site: SiteIdentityService;
  readonly publicUrl: string;
  /** The news sitemap reaches back 48 hours from now. */
  readonly clock: Clock;
}

/**
 * The paths no crawler should read: the admin, preview links, confirmation links and
 * supporters' data links. The last three are private to whoever holds the link and
 * already answer `noindex`; this keeps well-behaved crawlers from spending requests on them.
 */
export const ROBOTS_DISALLOWED = ['/admin', '/preview', '/confirm', '/your-data'] as const;

/**
 * robots.txt, the sitemap index (/sitemap.xml) and the sitemaps it names: one per month
 * of articles, the Google News sitemap of the last 48 hours, and the sitemap of pages
 * (front page, sections, campaigns). Each is a cached public page under the tags of what
 * it lists, so a publish, update or withdrawal shows in them at once (docs/decisions/0027).
 */
export function registerSitemapRoutes(app: FastifyInstance, deps: SitemapRouteDeps): void {
  const { db, cache, publicUrl } = deps;
  const url = (path: string) => publicUrl + path;

  app.get('/robots.txt', (request, reply) =>
    servePublicPage(cache, request, reply, async () => ({
      html: ['User-agent: *', ...ROBOTS_DISALLOWED.map((path) => `Disallow: ${path}`), '', `Sitemap: ${url('/sitemap.xml')}`, ''].join('\n'),
      tags: [],
      type: 'text/plain; charset=utf-8',
    })),
  );

  const articleEntries = (sitemap: ArticleSitemap, news: boolean): UrlEntry[] =>
    sitemap.articles.map((a: SitemapArticle) => {
      const group = a.group ? sitemap.groups.get(a.group) : undefined;
      const alternates = group
        ? sitemapAlternates(a, group.members, group.originalId).map((x) => ({ hreflang: x.hreflang, href: url(articlePath(x.slug)) }))
        : [];
      return {
        loc: url(articlePath(a.slug)),
        lastmod: a.lastUpdateAt ?? a.publishedAt,
        alternates,
        news: news ? { publication: deps.site.current().name, language: newsLanguage(a.language), publishedAt: a.publishedAt, title: a.title } : undefined,
      };
    });
  // The translation groups shown: publishing or withdrawing a translation changes the others' alternates.
  const groupTags = (sitemap: ArticleSitemap) => [...sitemap.groups.keys()].map((g) => tags.translations(g));

  // The news sitemap changes with time as well as with content: when its oldest article
  // turns 48 hours old nothing is announced, so the cached file (and the index, which
  // names it only while it lists something) is dropped on the first request after that.
  const expiries = new Map<string, number>();
  const serveExpiring = (
    request: FastifyRequest,
    reply: FastifyReply,
    path: string,
    render: () => Promise<{ rendered: Rendered; expiresAt: number | null }>,
  ): Promise<FastifyReply> => {
    const key = pageCacheKey(path);
    const expiresAt = expiries.get(key);
    if (expiresAt !== undefined && deps.clock().getTime() >= expiresAt) {
      expiries.delete(key);
      cache.forget(key);
    }
    return servePublicPage(cache, request, reply, async () => {
      const { rendered, expiresAt: next } = await render();
      if (next === null) expiries.delete(key);
      else expiries.set(key, next);
      return rendered;
    });
  };

  app.get('/sitemap.xml', (request, reply) =>
    serveExpiring(request, reply, '/sitemap.xml', async () => {
      const [files, news] = await Promise.all([sitemapIndex(db), newsSitemap(db, deps.clock())]);
      // An empty urlset is not a valid sitemap (the schema wants one <url> at least): the
      // news sitemap is named only while it lists an article.
      const entries = [
        { loc: url(PAGES_PATH) },
        ...(news.articles.length > 0 ? [{ loc: url(NEWS_PATH) }] : []),
        ...files.map((f) => ({ loc: url(`/sitemaps/${f.name}.xml`), lastmod: f.lastmod })),
      ];
      // Every publish, update and withdrawal announces `archive` (the months and their lastmod) and `front` (the news).
      return { rendered: { html: sitemapIndexXml(entries), tags: [tags.archive, tags.front], type: XML }, expiresAt: news.expiresAt };
    }),
  );

  app.get(NEWS_PATH, (request, reply) =>
    serveExpiring(request, reply, NEWS_PATH, async () => {
      const sitemap = await newsSitemap(db, deps.clock());
      return {
        rendered: { html: urlsetXml(articleEntries(sitemap, true)), tags: [tags.front, ...groupTags(sitemap)], type: XML },
        expiresAt: sitemap.expiresAt,
      };
    }),
  );

  app.get(PAGES_PATH, (request, reply) =>
    servePublicPage(cache, request, reply, async () => {
      const { sections, campaigns } = await pagesSitemap(db);
      const entries: UrlEntry[] = [
        { loc: url('/') },
        { loc: url('/sections') },
        ...sections.map((slug) => ({ loc: url(listingPath('sections', slug)) })),
        ...campaigns.flatMap(({ campaign, modifiedAt }) => {
          const alternates = languageAlternates(campaign, publicUrl) ?? [];
          return pageLanguages(campaign).map((language) => ({ loc: url(campaignLanguagePath(campaign, language)), lastmod: modifiedAt, alternates }));
        }),
      ];
      return { html: urlsetXml(entries), tags: [tags.sections, tags.campaigns], type: XML };
    }),
  );

  app.get<{ Params: { name: string } }>('/sitemaps/:name', (request, reply) =>
    servePublicPage(cache, request, reply, async () => {
      const name = request.params.name.endsWith('.xml') ? request.params.name.slice(0, -4) : '';
      const sitemap = await monthSitemap(db, name);
      return { html: urlsetXml(articleEntries(sitemap, false)), tags: [tags.month(sitemap.month), ...groupTags(sitemap)], type: XML };
    }),
  );
}
