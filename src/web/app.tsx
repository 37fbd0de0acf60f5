import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { ContentChanges } from '../services/shared/content-changes.js';
import type { SiteIdentityService } from '../services/site/site-identity.js';
import type { Database } from '../store/db/database.js';
import { registerArticleRoutes } from './public/articles/article.routes.js';
import { registerPreviewRoutes } from './public/articles/preview.routes.js';
import type { AssetManifest } from './assets/asset-manifest.js';
import { registerAssetRoutes } from './assets/asset.routes.js';
import type { PageCache } from './cache/page-cache.js';
import { registerFeedRoutes } from './public/feeds/feed.routes.js';
import { registerSitemapRoutes } from './public/sitemaps/sitemap.routes.js';
import { registerSearchRoutes } from './public/search/search.routes.js';
import { frameworkErrorHandler, registerErrorHandling, type HtmlErrorRenderer } from './errors/error-handler.js';
import { registerInputGuard } from './input/input-guard.hook.js';
import { ErrorPage } from './errors/error-page.view.js';
import { registerSecurityHeaders } from './security-headers.js';
import { DEFAULT_SESSION_LIMITS } from '../services/accounts/sessions.js';
import type { Clock } from '../services/shared/clock.js';
import { registerAdmin, type DeclaredRoute } from './admin/admin.plugin.js';
import type { MediaFiles } from '../store/media/media-files.js';
import { registerOperationsRoutes } from './http/operations.routes.js';
import type { Metrics } from '../services/shared/metrics.js';
import { checkReadiness } from '../services/shared/readiness.js';
import { registerMediaRoutes } from './public/media/media.routes.js';
import { registerCampaignRoutes } from './public/campaigns/campaign.routes.js';
import { registerSupporterDataRoutes } from './public/supporters/supporter-data.routes.js';
import type { ActionDeps } from '../services/campaigns/action-deps.js';
import type { MarkdownRenderer } from '../services/articles/markdown-pool.js';
import { Layout } from './views/layout.view.js';
import { articlePath } from './views/format.js';
import { importedArticleAt } from '../services/import/old-addresses.js';
import type { ImportJobs } from '../services/import/import-jobs.js';
import type { PlacardFederation } from './public/federation/federation.js';
import { registerFederationRoutes } from './public/federation/federation.hook.js';
import { renderDocument } from './views/render.js';

/** Everything the web app is built from; the composition root (cli/compose.ts) makes these, once. */
export interface AppDeps {
  readonly config: Config;
  readonly database: Database;
  readonly changes: ContentChanges;
  readonly assets: AssetManifest;
  readonly media: MediaFiles;
  readonly logger?: Logger | false;
  /** The site's name, logo, footer and default language, held in memory and refreshed on change. */
  readonly site: SiteIdentityService;
  /** The time; tests move it to expire sessions and publish scheduled articles. */
  readonly clock: Clock;
  /** The common-password list, read on first use. */
  readonly commonPasswords: () => ReadonlySet<string>;
  /** Renders article bodies in worker threads; its owner closes it. */
  readonly markdown: MarkdownRenderer;
  /** The campaign use cases' dependencies (with the server secret, batcher, counter, lookup). */
  readonly actions: ActionDeps;
  /** Rendered public pages; the composition root subscribes it to the content changes. */
  readonly cache: PageCache;
  /** This node's Prometheus metrics, served at /metrics. */
  readonly metrics: Metrics;
  /** True once the node is shutting down (`/ready` then answers 503). */
  readonly draining: () => boolean;
  /** Imports started from the admin, run in the background (services/import/import-jobs.ts). */
  readonly imports: ImportJobs;
  /** The ActivityPub actors and their routes (docs/decisions/0036). */
  readonly federation: () => Promise<PlacardFederation>;
}

/** The web app and the routes it registered, which tests walk. */
export interface PlacardApp {
  readonly app: FastifyInstance;
  /** Every route that declared a policy, filled as routes register. */
  readonly routes: readonly DeclaredRoute[];
  /** Every route of the app, as registered: the hostile-input suite walks them all. */
  readonly allRoutes: readonly { readonly method: string; readonly url: string }[];
}

// The titles of public error pages by status (the admin's own codes keep their titles).
const ERROR_TITLE_KEYS: Readonly<Record<number, string>> = {
  400: 'public.errorPage.title400',
  403: 'public.errorPage.title403',
  404: 'public.errorPage.title404',
  409: 'public.errorPage.title409',
  410: 'public.errorPage.title410',
  413: 'public.errorPage.title413',
  414: 'public.errorPage.title414',
  415: 'public.errorPage.title415',
  422: 'public.errorPage.title422',
  500: 'public.errorPage.title500',
};
/** How many distinct error pages are kept drawn (each a few kilobytes). */
const ERROR_PAGES_KEPT = 256;
const PUBLIC_ERROR_CODES = new Set([
  'not_found',
  'validation_failed',
  'bad_query',
  'bad_request',
  'conflict',
  'forbidden',
  'gone',
  'text_too_complex',
  'internal',
]);

/** Builds the Fastify app: security headers, assets, public pages, admin, error pages. Listens on nothing. */
export async function buildApp(deps: AppDeps): Promise<PlacardApp> {
  const { site } = deps;
  const stylesheet = deps.assets.url('site.css');
  // Public error pages speak the site's language; a deliberate error's own message stays as it was raised.
  const drawError = (status: number, heading: string, message: string, code: string, detailKey: string | undefined) => {
    const m = site.messages();
    const title = PUBLIC_ERROR_CODES.has(code) && ERROR_TITLE_KEYS[status] ? m.t(ERROR_TITLE_KEYS[status]) : heading;
    const text = detailKey ? m.t(detailKey) : message;
    return renderDocument(
      <Layout title={title} site={site.current()} stylesheet={stylesheet}>
        <ErrorPage heading={title} message={text} />
      </Layout>,
      m,
    );
  };
  // An error page depends only on its status, code and words until the site's identity
  // changes: each is drawn once, so that a crawler's thousands of invented addresses cost a
  // lookup each rather than a render (docs/benchmarks.md, the crawl). Words that echo the
  // request could make endless variants, so at most ERROR_PAGES_KEPT are kept.
  let errorPages = { identity: site.current(), pages: new Map<string, string>() };
  const renderError: HtmlErrorRenderer = (status, heading, message, context) => {
    if (errorPages.identity !== site.current()) errorPages = { identity: site.current(), pages: new Map() };
    const key = JSON.stringify([status, context.code, heading, message, context.detailKey ?? null]);
    let html = errorPages.pages.get(key);
    if (html === undefined) {
      html = drawError(status, heading, message, context.code, context.detailKey);
      if (errorPages.pages.size < ERROR_PAGES_KEPT) errorPages.pages.set(key, html);
    }
    return html;
  };
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    // A trailing slash is the same page; slugs in any script can be long once percent-encoded.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // Behind a reverse proxy, rate limits must count the client, not the proxy (TRUST_PROXY).
    trustProxy: typeof deps.config.trustProxy === 'number' ? hopsTrusted(deps.config.trustProxy) : deps.config.trustProxy,
    // No per-request log lines: they would record readers' and supporters' IP addresses.
    logController: new LogController({ disableRequestLogging: true }),
    // A malformed address is answered by Placard's own error page, with the security headers.
    frameworkErrors: frameworkErrorHandler(renderError),
  }) as unknown as FastifyInstance;
  const allRoutes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) allRoutes.push({ method, url: route.url });
  });
  const { clock, cache, actions } = deps;

  registerSecurityHeaders(app);
  const movedTo = async (url: string) => {
    const slug = await importedArticleAt(deps.database.db, url);
    return slug ? articlePath(slug) : undefined;
  };
  registerErrorHandling(app, renderError, { movedTo });
  // First after the error handler, so its hook counts every route's answers.
  registerOperationsRoutes(app, {
    metrics: deps.metrics,
    readiness: () => checkReadiness(deps.database.db),
    draining: deps.draining,
    metricsAllow: deps.config.metricsAllow,
  });

  registerInputGuard(app);
  registerAssetRoutes(app, deps.assets);
  registerFederationRoutes(app, { db: deps.database.db, federation: deps.federation, publicUrl: deps.config.publicUrl });
  registerMediaRoutes(app, deps.media);
  const limits = { ...DEFAULT_SESSION_LIMITS, idleMinutes: deps.config.sessionIdleMinutes };
  const db = deps.database.db;
  const accountDeps = {
    db,
    dialect: deps.database.dialect,
    secret: actions.secret,
    clock,
    limits,
    commonPasswords: deps.commonPasswords,
    publicUrl: deps.config.publicUrl,
    stylesheet,
  };
  // The admin first: it checks that only its own routes declare a staff policy.
  const routes = await registerAdmin(app, {
    auth: {
      db,
      clock,
      limits,
      publicUrl: deps.config.publicUrl,
      stylesheet,
      siteName: () => site.current().name,
      siteLanguage: () => site.defaultLanguage(),
      siteTimeZone: () => site.current().defaultTimeZone,
    },
    accounts: accountDeps,
    media: { db, media: deps.media, clock, changes: deps.changes, stylesheet },
    articles: {
      db,
      dialect: deps.database.dialect,
      clock,
      changes: deps.changes,
      stylesheet,
      script: deps.assets.url('editor.js'),
      publicUrl: deps.config.publicUrl,
      markdown: deps.markdown,
    },
    exports: { db, clock, stylesheet },
    campaigns: { ...actions, stylesheet },
    outbox: { db, clock, stylesheet, mail: deps.config.mail },
    sections: { db, clock, changes: deps.changes, stylesheet, defaultTimeZone: () => site.current().defaultTimeZone },
    site: { db, site, stylesheet },
    imports: { db, jobs: deps.imports, stylesheet },
    syndication: {
      db,
      clock,
      changes: deps.changes,
      media: deps.media,
      stylesheet,
      remote: async () => {
        const federation = await deps.federation();
        return { lookup: (a) => federation.lookupActor(a), follow: (u) => federation.followRemote(u), unfollow: (u) => federation.unfollowRemote(u) };
      },
    },
  });
  registerPreviewRoutes(app, { db, clock, site, stylesheet });
  await registerCampaignRoutes(app, { actions, cache, site, stylesheet, script: deps.assets.url('action.js') });
  registerArticleRoutes(app, {
    db: deps.database.db,
    cache,
    site,
    publicUrl: deps.config.publicUrl,
    stylesheet,
    media: deps.media,
    actionCounts: (campaignId) => actions.counter.counts(campaignId),
    movedTo,
  });
  registerFeedRoutes(app, { db: deps.database.db, cache, site, publicUrl: deps.config.publicUrl, media: deps.media, clock });
  registerSitemapRoutes(app, { db: deps.database.db, cache, site, publicUrl: deps.config.publicUrl, clock });
  registerSearchRoutes(app, { db, dialect: deps.database.dialect, clock, site, stylesheet, publicUrl: deps.config.publicUrl });
  await registerSupporterDataRoutes(app, {
    db,
    clock,
    changes: deps.changes,
    site,
    stylesheet,
    publicUrl: deps.config.publicUrl,
    secret: actions.secret,
  });
  return { app, routes, allRoutes };
}

/** Trusts the nearest `hops` proxies' X-Forwarded-For entries and no further. */
function hopsTrusted(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}
