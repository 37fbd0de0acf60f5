import { tags } from '../../../domain/cache/cache-tags.js';
import type { SiteIdentityService } from '../../../services/site/site-identity.js';
import type { Clock } from '../../../services/shared/clock.js';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { feedArticles, listingSubject, type ListingKind, type ListingSubject } from '../../../services/articles/read-articles.js';
import type { DB } from '../../../store/db/schema.js';
import type { MediaFiles } from '../../../store/media/media-files.js';
import type { PageCache } from '../../cache/page-cache.js';
import { servePublicPage } from '../../cache/serve-page.js';
import { feedEntry, leadEnclosure } from './feed-entry.js';
import { atom1, jsonFeed, rss2, type FeedDocument } from './feed-formats.js';

const FORMATS = {
  'feed.xml': { type: 'application/rss+xml; charset=utf-8', write: rss2 },
  'feed.atom': { type: 'application/atom+xml; charset=utf-8', write: atom1 },
  'feed.json': { type: 'application/feed+json; charset=utf-8', write: jsonFeed },
} as const;
type FeedFile = keyof typeof FORMATS;

/** The listings that have feeds: every one but the archive's months, which no longer change. */
const FEED_LISTINGS = ['countries', 'topics', 'sections', 'contributors', 'types', 'languages'] as const satisfies readonly ListingKind[];

/** What the feed routes need. */
export interface FeedRouteDeps {
  readonly db: Kysely<DB>;
  readonly cache: PageCache;
  readonly site: SiteIdentityService;
  readonly publicUrl: string;
  /** Where lead images are read from, to give enclosures their length. */
  readonly media: MediaFiles;
  /** The time a feed is rendered: its Last-Modified. */
  readonly clock: Clock;
}

/**
 * RSS 2.0, Atom and JSON Feed for the whole site and for every listing. Items carry the
 * whole article with its call to action, so targets' addresses reach feed readers too.
 */
export function registerFeedRoutes(app: FastifyInstance, deps: FeedRouteDeps): void {
  const build = async (file: FeedFile, path: string, kind: ListingKind | null, slug: string) => {
    // Taken before reading: a change after this instant renders a newer feed with a later date.
    const renderedAt = deps.clock();
    const siteName = deps.site.current().name;
    const subject: Pick<ListingSubject, 'filter' | 'tag' | 'heading'> = kind
      ? await listingSubject(deps.db, kind, slug)
      : { filter: {}, tag: tags.front, heading: siteName };
    const articles = await feedArticles(deps.db, subject);
    const base = deps.publicUrl;
    const items = [];
    for (const { article, campaign } of articles) {
      const enclosure = await leadEnclosure(article.image, deps.media, base);
      items.push(feedEntry({ article, campaign, enclosure }, { m: deps.site.messages(article.language), baseUrl: base }));
    }
    const changes = items.map((i) => (i.updated ?? i.published).getTime());
    const feed: FeedDocument = {
      title: kind ? `${subject.heading} · ${siteName}` : siteName,
      link: `${base}${path || '/'}`,
      // A per-language listing speaks its language; every other feed mixes languages under the site's.
      language: subject.filter.language ?? deps.site.defaultLanguage(),
      updated: new Date(Math.max(0, ...changes)),
      links: { rss: `${base}${path}/feed.xml`, atom: `${base}${path}/feed.atom`, json: `${base}${path}/feed.json` },
      items,
    };
    // Items carry their campaign's call to action: a campaign's change refreshes the feeds that show it.
    const campaignTags = articles.flatMap(({ campaign }) => (campaign ? [tags.campaign(campaign.id)] : []));
    return { html: FORMATS[file].write(feed), tags: [subject.tag, ...new Set(campaignTags)], type: FORMATS[file].type, lastModified: renderedAt };
  };

  for (const file of Object.keys(FORMATS) as FeedFile[]) {
    app.get(`/${file}`, (request, reply) => servePublicPage(deps.cache, request, reply, () => build(file, '', null, '')));
    for (const kind of FEED_LISTINGS) {
      app.get<{ Params: { slug: string } }>(`/${kind}/:slug/${file}`, (request, reply) =>
        servePublicPage(deps.cache, request, reply, () => build(file, `/${kind}/${encodeURIComponent(request.params.slug)}`, kind, request.params.slug)),
      );
    }
  }
}
