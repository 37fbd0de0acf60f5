import { tags } from '../../../domain/cache/cache-tags.js';
import type { SiteIdentityService } from '../../../services/site/site-identity.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { VNode } from 'preact';
import type { ActionCounts } from '../../../domain/campaigns/action.js';
import { sectionLabel } from '../../../domain/articles/byline.js';
import { BadQuery } from '../../../domain/errors.js';
import { countrySlug } from '../../../domain/geo/countries.js';
import { pagePath, parsePage } from '../../../domain/listing/pagination.js';
import { nameCollator } from '../../../domain/text/slug.js';
import {
  archiveMonths,
  articlePage,
  movedArticleSlug,
  contributorCounts,
  countryCounts,
  topicCounts,
  frontPage,
  listingPage,
  listingSubject,
  listSections,
  publishedLanguageCounts,
  type ListingKind,
} from '../../../services/articles/read-articles.js';
import { publicTranslations } from '../../../services/articles/translations.js';
import { imageSize, socialImage, type SocialImage } from '../../../services/media/social-image.js';
import type { MediaFiles } from '../../../store/media/media-files.js';
import { endonym } from '../../../domain/articles/translations.js';
import { articleAlternates } from './translations.view.js';
import type { DB } from '../../../store/db/schema.js';
import type { PageCache } from '../../cache/page-cache.js';
import { canonicalPath, pageCacheKey, servePublicPage } from '../../cache/serve-page.js';
import { Layout } from '../../views/layout.view.js';
import { articlePath, listingPath } from '../../views/format.js';
import { catalogues, type Messages } from '../../../i18n/messages.js';
import { countryLabel } from '../../views/components.view.js';
import { renderDocument } from '../../views/render.js';
import { ArticlePage } from './article-page.view.js';
import { articleHead } from './article-meta.view.js';
import { FrontPage } from './front-page.view.js';
import { IndexPage, ListingPage } from './listing-page.view.js';
import { sectionHome } from '../../../services/sections/section-page.js';
import { SectionIntro } from '../sections/section-home.view.js';
import { copyOrigin } from '../../../services/syndication/copy-origin.js';

/** What the public article routes need. */
export interface ArticleRouteDeps {
  readonly db: Kysely<DB>;
  readonly cache: PageCache;
  readonly site: SiteIdentityService;
  readonly publicUrl: string;
  readonly stylesheet: string;
  /** Media files: an older lead image gets its 1200 px rendition for link previews on first need. */
  readonly media?: MediaFiles;
  /** The live counter of a campaign an article calls to (web/public/campaigns). */
  readonly actionCounts?: (campaignId: number) => Promise<ActionCounts>;
  /** Where an imported site's address now lives: WordPress's short links (`/?p=123`) arrive at the front page. */
  readonly movedTo?: (url: string) => Promise<string | undefined>;
}

// The query parameters of WordPress's short links, which name a post on the front page's address.
const SHORT_LINK = /[?&](p|page_id|attachment_id)=\d+(&|$)/;

/** Registers the front page, article pages, listings, indexes and the archive. */
export function registerArticleRoutes(app: FastifyInstance, deps: ArticleRouteDeps): void {
  const { db, cache } = deps;
  // Pages with no language of their own (the front page, listings, indexes) speak the site's.
  const site = (): Messages => deps.site.messages();
  // A link preview's image; a file that cannot be read or drawn leaves the page without one rather than failing it.
  const previewImage = async (src: string | undefined, warn: (error: unknown) => void): Promise<SocialImage | null> => {
    if (!src || !deps.media) return null;
    try {
      return await socialImage({ db, media: deps.media }, src);
    } catch (error) {
      warn(error);
      return null;
    }
  };
  const logoSize = async () => {
    const logo = deps.site.current().logo;
    return logo ? imageSize(db, logo.src) : null;
  };
  const month = (m: Messages, yearMonth: string) => m.date(`${yearMonth}-01T00:00:00Z`, 'month');
  const page = (
    title: string,
    body: VNode,
    extra: {
      description?: string;
      head?: VNode;
      jsonLd?: unknown;
      lang?: string;
      path?: string;
      /** The canonical address when it is not this site's path (a republished article's source). */
      canonical?: string;
      feed?: string;
      alternates?: readonly { hreflang: string; href: string }[];
    } = {},
  ) =>
    renderDocument(
      <Layout
        title={title}
        site={deps.site.current()}
        stylesheet={deps.stylesheet}
        description={extra.description}
        head={extra.head}
        jsonLd={extra.jsonLd}
        feed={extra.feed}
        canonical={extra.canonical ?? (extra.path ? deps.publicUrl + extra.path : undefined)}
        alternates={extra.alternates}
      >
        {body}
      </Layout>,
      deps.site.messages(extra.lang),
    );

  app.get('/', async (request, reply) => {
    if (deps.movedTo && SHORT_LINK.test(request.url)) {
      const target = await deps.movedTo(request.url);
      if (target) return reply.header('cache-control', 'public, max-age=3600').redirect(target, 301);
    }
    return servePublicPage(cache, request, reply, async () => {
      const data = await frontPage(db);
      return { html: page(deps.site.current().name, <FrontPage {...data} site={deps.site.current()} />, { path: '/', feed: '/feed' }), tags: [tags.front] };
    });
  });

  app.get<{ Params: { slug: string } }>('/articles/:slug', async (request, reply) => {
    // Only a cache miss can be an old address: pages of live articles are served from memory.
    if (!cache.has(pageCacheKey(canonicalPath(request)))) {
      const moved = await movedArticleSlug(db, request.params.slug);
      if (moved) return reply.header('cache-control', 'public, max-age=3600').redirect(articlePath(moved), 301);
    }
    return servePublicPage(cache, request, reply, async ({ path }) => {
      const found = await articlePage(db, request.params.slug);
      const { campaign } = found;
      // A republished article names its source as where it first appeared, and is canonical there.
      const origin = await copyOrigin(db, found.article.id);
      const article = origin
        ? { ...found.article, provenance: { publication: { slug: '', name: origin.sourceName, url: origin.sourceUrl }, note: null, url: origin.url } }
        : found.article;
      const counts = campaign && deps.actionCounts ? await deps.actionCounts(campaign.id) : null;
      const translations = await publicTranslations(db, article.id);
      const meta = articleHead(article, origin?.url ?? deps.publicUrl + path, deps.site.current(), deps.publicUrl, {
        translations,
        card: await previewImage(article.image?.src, (error) => request.log.warn({ err: error, slug: article.slug }, 'no link preview image')),
        logoSize: await logoSize(),
      });
      return {
        html: page(article.title, <ArticlePage article={article} campaign={campaign} counts={counts} translations={translations} />, {
          description: article.standfirst,
          head: meta.head,
          jsonLd: meta.jsonLd,
          lang: article.language,
          path,
          canonical: origin?.url,
          alternates: articleAlternates(translations, article, deps.publicUrl),
        }),
        tags: [
          tags.article(article.slug),
          ...(campaign ? [tags.campaign(campaign.id)] : []),
          ...(translations.groupId ? [tags.translations(translations.groupId)] : []),
        ],
      };
    });
  });

  const listing = (kind: ListingKind, slugOf: (params: Record<string, string>) => string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = parsePage((request.query as Record<string, unknown>).page);
    if (!parsed.ok) throw new BadQuery('page', parsed.message);
    // One address per page: `?page=1` is the listing itself, `?page=02` is `?page=2`.
    if (!parsed.canonical) return reply.header('cache-control', 'public, max-age=3600').redirect(pagePath(canonicalPath(request), parsed.page), 301);
    return servePublicPage(
      cache,
      request,
      reply,
      async ({ path: basePath }) => {
        const slug = slugOf(request.params as Record<string, string>);
        const subject = await listingSubject(db, kind, slug);
        // A section's page is its home: its profile above its articles, in its own language.
        const home = kind === 'sections' ? await sectionHome(db, slug) : null;
        const result = await listingPage(db, subject, parsed.page);
        const m = deps.site.messages(home?.section.languages[0]);
        const heading = kind === 'archive' ? month(m, subject.heading) : subject.heading;
        const title = parsed.page > 1 ? m.t('public.listing.titlePage', { heading, page: parsed.page }) : heading;
        const body = (
          <ListingPage
            heading={heading}
            intro={subject.intro}
            lead={home ? <SectionIntro home={home} feed={`${basePath}/feed`} /> : null}
            items={result.items}
            basePath={basePath}
            page={parsed.page}
            pages={result.pages}
            total={result.total}
          />
        );
        const feed = kind === 'archive' ? undefined : `${basePath}/feed`;
        const tagsShown = [subject.tag, ...(home?.campaigns.map((c) => tags.campaign(c.id)) ?? [])];
        return { html: page(title, body, { path: pagePath(basePath, parsed.page), feed, lang: home?.section.languages[0] }), tags: tagsShown };
      },
      { page: parsed.page },
    );
  };
  for (const kind of ['countries', 'topics', 'sections', 'contributors', 'types', 'languages'] as const) {
    app.get(
      `/${kind}/:slug`,
      listing(kind, (p) => p.slug ?? ''),
    );
  }
  app.get(
    '/archive/:year/:month',
    listing('archive', (p) => `${p.year}-${p.month}`),
  );

  app.get('/countries', (request, reply) =>
    servePublicPage(cache, request, reply, async () => {
      const m = site();
      const counts = (await countryCounts(db)).map((c) => ({ ...c, name: countryLabel(m, c.country) })).sort((a, b) => nameCollator.compare(a.name, b.name));
      const entries = counts.map((c) => ({ href: listingPath('countries', countrySlug(c.country)), label: c.name, note: `(${m.number(c.count)})` }));
      const heading = m.t('public.nav.countries');
      return { html: page(heading, <IndexPage heading={heading} entries={entries} />, { path: '/countries' }), tags: [tags.front] };
    }),
  );
  app.get('/sections', (request, reply) =>
    servePublicPage(cache, request, reply, async () => {
      const sections = (await listSections(db)).sort((a, b) => nameCollator.compare(a.name, b.name));
      const entries = sections.map((s) => ({ href: listingPath('sections', s.slug), label: sectionLabel(s) }));
      const heading = site().t('public.nav.sections');
      return { html: page(heading, <IndexPage heading={heading} entries={entries} />, { path: '/sections' }), tags: [tags.sections] };
    }),
  );
  // Names sort with a collator so "Oisín" sits beside "Oisin" and "Ödön" with the O's.
  for (const [path, headingKey, kind, load] of [
    ['/contributors', 'public.index.contributors', 'contributors', contributorCounts],
    ['/topics', 'public.index.topics', 'topics', topicCounts],
  ] as const) {
    app.get(path, (request, reply) =>
      servePublicPage(cache, request, reply, async () => {
        const m = site();
        const heading = m.t(headingKey);
        const rows = (await load(db)).sort((a, b) => nameCollator.compare(a.name, b.name));
        const entries = rows.map((r) => ({ href: listingPath(kind, r.slug), label: r.name, note: `(${m.number(r.count)})` }));
        return { html: page(heading, <IndexPage heading={heading} entries={entries} />, { path }), tags: [tags.front] };
      }),
    );
  }
  // Listings by language are paths, not `?language=`: one canonical address per page, cached
  // and tagged like every other listing (docs/decisions/0022).
  app.get('/languages', (request, reply) =>
    servePublicPage(cache, request, reply, async () => {
      const heading = catalogues().for(undefined).t('public.translations.languages');
      const rows = (await publishedLanguageCounts(db)).map((l) => ({ ...l, name: endonym(l.language) })).sort((a, b) => nameCollator.compare(a.name, b.name));
      const entries = rows.map((r) => ({ href: `/languages/${encodeURIComponent(r.language)}`, label: r.name, note: `(${r.count})` }));
      return { html: page(heading, <IndexPage heading={heading} entries={entries} />, { path: '/languages' }), tags: [tags.front] };
    }),
  );
  app.get('/archive', (request, reply) =>
    servePublicPage(cache, request, reply, async () => {
      const m = site();
      const months = await archiveMonths(db);
      const entries = months.map((a) => ({ href: `/archive/${a.month.replace('-', '/')}`, label: month(m, a.month), note: `(${m.number(a.count)})` }));
      const heading = m.t('public.nav.archive');
      return { html: page(heading, <IndexPage heading={heading} entries={entries} />, { path: '/archive' }), tags: [tags.archive] };
    }),
  );
}
