import type { FastifyInstance } from 'fastify';
import { ValidationFailed } from '../../../domain/errors.js';
import { articleForEditing } from '../../../services/articles/admin-articles.js';
import { createPreviewLink, revokeArticlePreviewLink } from '../../../services/articles/preview-links.js';
import { messagesOf } from '../auth.plugin.js';
import { fieldErrorText, idParam, staffOf } from '../kit.js';
import { sendEditor, type ArticleAdminDeps } from './editor-response.js';

/** Creating and revoking preview links in the editor; the page a link opens is public (web/public/articles/preview.routes.tsx). */
export function registerPreviewLinkRoutes(app: FastifyInstance, deps: ArticleAdminDeps): void {
  app.post<{ Params: { id: string } }>('/articles/:id/preview-links', { config: { policy: 'articles.write' } }, async (request, reply) => {
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
      return sendEditor(request, reply, deps, 422, { article, linkError: error.errors[0] && fieldErrorText(error.errors[0], messagesOf(request)) });
    }
  });

  app.post<{ Params: { id: string } }>('/articles/:id/preview-links/revoke', { config: { policy: 'articles.write' } }, async (request, reply) => {
    const id = idParam(request.params.id, 'The article');
    const link = (request.body as Record<string, unknown>).link;
    await revokeArticlePreviewLink(deps, staffOf(request), id, typeof link === 'string' ? link : '');
    return reply.redirect(`/admin/articles/${id}/edit?notice=revoked`, 303);
  });
}
