import type { FastifyInstance } from 'fastify';
import type { SiteIdentityService } from '../../../services/site/site-identity.js';
import type { Kysely } from 'kysely';
import { previewByToken } from '../../../services/articles/preview-links.js';
import type { Clock } from '../../../services/shared/clock.js';
import type { DB } from '../../../store/db/schema.js';
import { sendPrivateHtml } from '../../http/private-html.js';
import { Layout } from '../../views/layout.view.js';
import { renderDocument } from '../../views/render.js';
import { ArticlePage } from './article-page.view.js';

/** What the preview page needs. */
export interface PreviewRouteDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly site: SiteIdentityService;
  readonly stylesheet: string;
}

/**
 * The page a preview link opens (the editor makes the links, web/admin/articles/): an
 * article as it would be published, to anyone with the link, while it is live.
 */
export function registerPreviewRoutes(app: FastifyInstance, deps: PreviewRouteDeps): void {
  // Not under /admin and open to anyone with the link; the policy is declared all the same,
  // so the route is visibly a deliberate exception. Never cached, never indexed.
  app.get<{ Params: { token: string } }>('/preview/:token', { config: { policy: 'public' } }, async (request, reply) => {
    const { article, campaign } = await previewByToken(deps, request.params.token);
    const m = deps.site.messages(article.language);
    const html = renderDocument(
      <Layout
        title={m.t('public.preview.title', { title: article.title })}
        site={deps.site.current()}
        stylesheet={deps.stylesheet}
        head={<meta name="robots" content="noindex, nofollow" />}
      >
        <p class="preview-banner" role="note">
          {m.t('public.preview.banner')}
        </p>
        <ArticlePage article={article} campaign={campaign} />
      </Layout>,
      m,
    );
    return sendPrivateHtml(reply.header('x-robots-tag', 'noindex, nofollow'), 200, html);
  });
}
