import { tags } from '../../../domain/cache/cache-tags.js';
import type { SiteIdentityService } from '../../../services/site/site-identity.js';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { MessagesContext } from '../../views/messages-context.js';
import { bylineText } from '../../../domain/articles/byline.js';
import { feedArticles, listingSubject, type ListingKind } from '../../../services/articles/read-articles.js';
import type { DB } from '../../../store/db/schema.js';
import { CallToAction } from '../articles/article-page.view.js';
import type { PageCache } from '../../cache/page-cache.js';
import { servePublicPage } from '../../cache/serve-page.js';
import { articlePath } from '../../views/format.js';
import { atom1, jsonFeed, rss2, type FeedDocument } from './feed-formats.js';

const FORMATS = {
  'feed.xml': { type: 'application/rss+xml; charset=utf-8', write: rss2 },
  'feed.atom': { type: 'application/atom+xml; charset=utf-8', write: atom1 },
  'feed.json': { type: 'application/feed+json; charset=utf-8', write: jsonFeed },
} as const;
type FeedFile = keyof typeof FORMATS;

/** What the feed routes need. */
export interface FeedRouteDeps {
  readonly db: Kysely<DB>;
  readonly cache: PageCache;
  readonly site: SiteIdentityService;
  readonly publicUrl: string;
}

/**
 * RSS 2.0, Atom and JSON Feed for the whole site and for every listing. Items carry the
 * whole article with its call to action, so targets' addresses reach feed readers too.
 */
export function registerFeedRoutes(app: FastifyInstance, deps: FeedRouteDeps): void {
  const build = async (file: FeedFile, path: string, title: string, kind: ListingKind | null, slug: string) => {
    const subject = kind ? await listingSubject(deps.db, kind, slug) : { filter: {}, tag: tags.front, heading: deps.site.current().name };
    const articles = await feedArticles(deps.db, subject);
    // A feed has no language of its own: the site's, for the call to action's words.
    const m = deps.site.messages();
    const base = deps.publicUrl;
    const feed: FeedDocument = {
      title: kind ? `${subject.heading} · ${title}` : title,
      link: `${base}${path || '/'}`,
      language: m.language,
      updated: articles[0] ? new Date(articles[0].article.lastUpdateAt ?? articles[0].article.publishedAt) : new Date(0),
      links: { rss: `${base}${path}/feed.xml`, atom: `${base}${path}/feed.atom`, json: `${base}${path}/feed.json` },
      items: articles.map(({ article, campaign }) => {
        const url = base + articlePath(article.slug);
        const cta = campaign ? renderToString(h(MessagesContext.Provider, { value: m }, <CallToAction campaign={campaign} baseUrl={base} />)) : '';
        return {
          id: url,
          link: url,
          title: article.kicker ? `${article.kicker}: ${article.title}` : article.title,
          summary: article.standfirst,
          contentHtml: article.bodyHtml + cta,
          author: bylineText(article.byline),
          published: new Date(article.publishedAt),
          updated: new Date(article.lastUpdateAt ?? article.publishedAt),
        };
      }),
    };
    // Items carry their campaign's call to action: a campaign's change refreshes the feeds that show it.
    const campaignTags = articles.flatMap(({ campaign }) => (campaign ? [tags.campaign(campaign.id)] : []));
    return { html: FORMATS[file].write(feed), tags: [subject.tag, ...new Set(campaignTags)], type: FORMATS[file].type };
  };

  for (const file of Object.keys(FORMATS) as FeedFile[]) {
    app.get(`/${file}`, (request, reply) => servePublicPage(deps.cache, request, reply, () => build(file, '', deps.site.current().name, null, '')));
    for (const kind of ['countries', 'topics', 'sections', 'contributors', 'types', 'languages'] as const) {
      app.get<{ Params: { slug: string } }>(`/${kind}/:slug/${file}`, (request, reply) =>
        servePublicPage(deps.cache, request, reply, () =>
          build(file, `/${kind}/${encodeURIComponent(request.params.slug)}`, deps.site.current().name, kind, request.params.slug),
        ),
      );
    }
  }
}
