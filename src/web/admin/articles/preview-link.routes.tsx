import type { FastifyInstance } from 'fastify';
import { ValidationFailed } from '../../../domain/errors.js';
import { articleForEditing } from '../../../services/articles/admin-articles.js';
import { createPreviewLink, previewByToken, revokeArticlePreviewLink } from '../../../services/articles/preview-links.js';
import { ArticlePage } from '../../public/articles/article-page.view.js';
import { Layout } from '../../views/layout.view.js';
import { renderDocument } from '../../views/render.js';
import { idParam, sendPrivateHtml, staffOf } from '../kit.js';
import { sendEditor, type ArticleAdminDeps } from './editor-response.js';

/** Creating and revoking preview links in the editor, and the page a link opens. */
export function registerPreviewLinkRoutes(app: FastifyInstance, deps: ArticleAdminDeps): void {
  app.post<{ Params: { id: string } }>('/admin/articles/:id/preview-links', { config: { policy: 'articles.write' } }, async (request, reply) => {
    const user = staffOf(request);
    const id = idParam(request.params.id, 'The article');
    const raw = (request.body as Record<string, unknown>).days;
    const days = typeof raw === 'string' && /^[0-9]{1,3}$/.test(raw.trim()) ? Number(raw) : NaN;
    try {
      const link = await createPreviewLink(deps, user, id, days);
      const article = await articleForEditing(deps.db, user, id);
      return sendEditor(request, reply, deps, 200, { article, createdLink: { url: `${deps.publicUrl}/preview/${link.token}`, expiresAt: link.expiresAt } });
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const article = await articleForEditing(deps.db, user, id);
      return sendEditor(request, reply, deps, 422, { article, linkError: error.errors[0]?.message });
    }
  });

  app.post<{ Params: { id: string } }>('/admin/articles/:id/preview-links/revoke', { config: { policy: 'articles.write' } }, async (request, reply) => {
    const id = idParam(request.params.id, 'The article');
    const link = (request.body as Record<string, unknown>).link;
    await revokeArticlePreviewLink(deps, staffOf(request), id, typeof link === 'string' ? link : '');
    return reply.redirect(`/admin/articles/${id}/edit?notice=revoked`, 303);
  });

  // Not under /admin and open to anyone with the link; the policy is declared all the same,
  // so the route is visibly a deliberate exception. Never cached, never indexed.
  app.get<{ Params: { token: string } }>('/preview/:token', { config: { policy: 'public' } }, async (request, reply) => {
    const { article, campaign } = await previewByToken(deps, request.params.token);
    const html = renderDocument(
      <Layout
        title={`Preview: ${article.title}`}
        siteName={deps.siteName}
        stylesheet={deps.stylesheet}
        lang={article.language}
        head={<meta name="robots" content="noindex, nofollow" />}
      >
        <p class="preview-banner" role="note">
          Preview: this is not published, and may change before it is.
        </p>
        <ArticlePage article={article} campaign={campaign} />
      </Layout>,
    );
    return sendPrivateHtml(reply.header('x-robots-tag', 'noindex, nofollow'), 200, html);
  });
}
