import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { BadQuery } from '../../../domain/errors.js';
import { parsePage } from '../../../domain/listing/pagination.js';
import { describeMailRoute, OUTBOX_STATUSES, readOutbox, readOutboxMessage } from '../../../services/mail/outbox-admin.js';
import type { Clock } from '../../../services/shared/clock.js';
import type { DB } from '../../../store/db/schema.js';
import { idParam, sendPrivateHtml, staffOf } from '../kit.js';
import { messagesOf, renderAdmin } from '../auth.plugin.js';
import { OutboxMessagePage, OutboxPage } from './outbox.view.js';

/** What the outbox pages need: the database, the time (for the audit log), where mail goes. */
export interface OutboxAdminDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly stylesheet: string;
  readonly mail: { readonly smtpUrl: string | null; readonly outboxDir: string };
}

/** The administrators' view of the outbox: where mail goes, the latest messages, one message in full. */
export function registerOutboxAdminRoutes(app: FastifyInstance, deps: OutboxAdminDeps): void {
  app.get('/outbox', { config: { policy: 'settings.manage' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const parsed = parsePage(query.page);
    if (!parsed.ok) throw new BadQuery('page', parsed.message);
    const raw = query.status === '' ? undefined : query.status;
    const status = OUTBOX_STATUSES.find((s) => s === raw);
    if (raw !== undefined && !status) throw new BadQuery('status', `The status must be one of ${OUTBOX_STATUSES.join(', ')}.`);
    const list = await readOutbox(deps, staffOf(request), { status, page: parsed.page });
    const body = <OutboxPage route={describeMailRoute(deps.mail)} {...list} page={parsed.page} status={status} />;
    return sendPrivateHtml(reply, 200, renderAdmin(request, deps.stylesheet, messagesOf(request).t('admin.nav.outbox'), body));
  });

  app.get<{ Params: { id: string } }>('/outbox/:id', { config: { policy: 'settings.manage' } }, async (request, reply) => {
    const message = await readOutboxMessage(deps, staffOf(request), idParam(request.params.id, 'The message'));
    return sendPrivateHtml(
      reply,
      200,
      renderAdmin(
        request,
        deps.stylesheet,
        messagesOf(request).t('admin.outbox.page-title', { subject: message.subject }),
        <OutboxMessagePage message={message} />,
      ),
    );
  });
}
