import { articleSectionZone } from '../../../services/time/section-zones.js';
import type { FastifyInstance } from 'fastify';
import { NotFound } from '../../../domain/errors.js';
import { articleForEditing } from '../../../services/articles/admin-articles.js';
import { articleRevisions, compareRevisions, restoreRevision } from '../../../services/articles/revisions.js';
import { messagesOf, renderAdmin } from '../auth.plugin.js';
import { idParam, sendPrivateHtml, staffOf } from '../kit.js';
import type { ArticleAdminDeps } from './editor-response.js';
import { RevisionDiffPage } from './revisions.view.js';

function version(raw: unknown): number | undefined {
  return typeof raw === 'string' && /^[0-9]{1,9}$/.test(raw) ? Number(raw) : undefined;
}

/** The diff between any two revisions, and restoring one. */
export function registerRevisionRoutes(app: FastifyInstance, deps: ArticleAdminDeps): void {
  app.get<{ Params: { id: string } }>('/articles/:id/revisions', { config: { policy: 'articles.read' } }, async (request, reply) => {
    const user = staffOf(request);
    const id = idParam(request.params.id, 'The article');
    const query = request.query as Record<string, unknown>;
    const revisions = await articleRevisions(deps, user, id);
    // Without a choice, the newest revision against the one before it.
    const to = version(query.to) ?? revisions[0]?.version;
    const from = version(query.from) ?? revisions[1]?.version ?? to;
    if (from === undefined || to === undefined) throw new NotFound('A revision');
    const comparison = await compareRevisions(deps, user, id, { from, to });
    const { canEdit } = await articleForEditing(deps.db, user, id);
    const body = <RevisionDiffPage id={id} comparison={comparison} revisions={revisions} canRestore={canEdit} csrf={request.csrfToken} />;
    return sendPrivateHtml(
      reply,
      200,
      renderAdmin(request, deps.stylesheet, messagesOf(request).t('admin.revisions.page-title', { title: comparison.title }), body, {
        zone: await articleSectionZone(deps.db, id),
      }),
    );
  });

  app.post<{ Params: { id: string; version: string } }>(
    '/articles/:id/revisions/:version/restore',
    { config: { policy: 'articles.write' } },
    async (request, reply) => {
      const id = idParam(request.params.id, 'The article');
      const wanted = version(request.params.version);
      if (wanted === undefined) throw new NotFound('That revision');
      await restoreRevision(deps, staffOf(request), id, wanted);
      return reply.redirect(`/admin/articles/${id}/edit?notice=restored`, 303);
    },
  );
}
