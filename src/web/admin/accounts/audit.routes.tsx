import type { FastifyInstance } from 'fastify';
import { BadQuery } from '../../../domain/errors.js';
import { parsePage } from '../../../domain/listing/pagination.js';
import { readAuditLog } from '../../../services/audit/read-audit.js';
import { messagesOf, renderAdmin } from '../auth.plugin.js';
import { AuditLogPage } from './audit.view.js';
import { sendPrivateHtml } from '../kit.js';
import type { AccountsAdminDeps } from './accounts-deps.js';

/**
 * The audit log viewer. It has a GET route and nothing else: no route, service or store
 * function can change or remove an entry (a test holds this).
 */
export function registerAuditRoutes(app: FastifyInstance, deps: AccountsAdminDeps): void {
  app.get('/audit', { config: { policy: 'audit.read' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const parsed = parsePage(query.page);
    if (!parsed.ok) throw new BadQuery('page', parsed.message);
    const action = query.action === undefined || query.action === '' ? undefined : query.action;
    if (action !== undefined && (typeof action !== 'string' || !/^[a-z0-9-]{1,64}$/.test(action))) {
      throw new BadQuery('action', 'The action must be one of those the filter offers.');
    }
    const log = await readAuditLog(deps.db, { page: parsed.page, action });
    return sendPrivateHtml(
      reply,
      200,
      renderAdmin(request, deps.stylesheet, messagesOf(request).t('admin.nav.audit'), <AuditLogPage log={log} page={parsed.page} action={action} />),
    );
  });
}
