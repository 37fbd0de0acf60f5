import { campaignSectionZone } from '../../../services/time/section-zones.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationFailed } from '../../../domain/errors.js';
import { campaignForStaff, changeCampaignStatus, setCampaignDelivery } from '../../../services/campaigns/campaign-admin.js';
import { campaignDashboard } from '../../../services/campaigns/campaign-stats.js';
import { discardHeldAction, releaseHeldAction } from '../../../services/campaigns/held-actions.js';
import { postOutcome } from '../../../services/campaigns/outcomes.js';
import { renderAdmin, messagesOf } from '../auth.plugin.js';
import { errorsByField, field, formOf, idParam, sendPrivateHtml, staffOf } from '../kit.js';
import type { CampaignAdminDeps } from './campaign-admin-deps.js';
import { CampaignDashboardPage } from './campaign-dashboard.view.js';
import type { OutcomeFormValues } from './campaign-panels.view.js';

const NOTICES = new Set([
  'created',
  'saved',
  'active',
  'paused',
  'closed',
  'delivery-paused',
  'delivery-resumed',
  'released',
  'discarded',
  'not-held',
  'outcome',
]);

const BLANK_OUTCOME: OutcomeFormValues = { occurredOn: '', title: '', body: '' };

interface PageState {
  readonly status?: number;
  readonly errors?: Record<string, string>;
  readonly outcome?: OutcomeFormValues;
}

async function sendDashboard(
  request: FastifyRequest<{ Params: { id: string } }>,
  reply: FastifyReply,
  deps: CampaignAdminDeps,
  state: PageState = {},
): Promise<FastifyReply> {
  const dash = await campaignDashboard(deps, staffOf(request), idParam(request.params.id, 'The campaign'));
  const query = request.query as Record<string, unknown>;
  const code = typeof query.notice === 'string' ? query.notice : '';
  const sent = typeof query.sent === 'string' && /^[0-9]{1,9}$/.test(query.sent) ? Number(query.sent) : null;
  const m = messagesOf(request);
  // What a step's redirect tells the coordinator it did, by a short code in the query.
  const notice =
    code === 'outcome' && sent !== null
      ? m.t('admin.dashboard.notice.outcome-sent', { count: sent })
      : NOTICES.has(code)
        ? m.t(`admin.dashboard.notice.${code}`)
        : null;
  const today = deps.clock().toISOString().slice(0, 10);
  const body = (
    <CampaignDashboardPage
      dash={dash}
      csrf={request.csrfToken}
      notice={state.status ? null : notice}
      errors={state.errors ?? {}}
      outcome={state.outcome ?? { ...BLANK_OUTCOME, occurredOn: today }}
    />
  );
  return sendPrivateHtml(
    reply,
    state.status ?? 200,
    renderAdmin(request, deps.stylesheet, dash.campaign.title, body, { zone: await campaignSectionZone(deps.db, dash.campaign.id) }),
  );
}

/** The coordinator's page of one campaign, and its buttons: status, delivery, outcomes, held submissions. */
export function registerCampaignDashboardRoutes(app: FastifyInstance, deps: CampaignAdminDeps): void {
  type Req = FastifyRequest<{ Params: { id: string } }>;
  const idOf = (request: Req) => idParam(request.params.id, 'The campaign');
  const back = (reply: FastifyReply, id: number, notice: string) => reply.redirect(`/admin/campaigns/${id}?notice=${notice}`, 303);

  app.get<{ Params: { id: string } }>('/campaigns/:id', { config: { policy: 'campaigns.manage' } }, async (request, reply) =>
    sendDashboard(request, reply, deps),
  );

  app.post<{ Params: { id: string } }>('/campaigns/:id/status', { config: { policy: 'campaigns.manage' } }, async (request, reply) => {
    try {
      // The admin is in English until its pages take the staff member's language; the refusal follows it then.
      const change = { id: idOf(request), to: field(formOf(request), 'to') };
      const status = await changeCampaignStatus(deps, staffOf(request), change, { messages: messagesOf(request) });
      return back(reply, idOf(request), status);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendDashboard(request, reply, deps, { status: 422, errors: errorsByField(error.errors, messagesOf(request)) });
    }
  });

  app.post<{ Params: { id: string } }>('/campaigns/:id/delivery', { config: { policy: 'campaigns.manage' } }, async (request, reply) => {
    const paused = field(formOf(request), 'paused') === '1';
    await setCampaignDelivery(deps, staffOf(request), idOf(request), paused);
    return back(reply, idOf(request), paused ? 'delivery-paused' : 'delivery-resumed');
  });

  app.post<{ Params: { id: string } }>('/campaigns/:id/outcomes', { config: { policy: 'campaigns.manage' } }, async (request, reply) => {
    const form = formOf(request);
    const outcome: OutcomeFormValues = { occurredOn: field(form, 'occurredOn'), title: field(form, 'title'), body: field(form, 'body') };
    try {
      const { recipients } = await postOutcome(deps, staffOf(request), idOf(request), outcome);
      return reply.redirect(`/admin/campaigns/${idOf(request)}?notice=outcome&sent=${recipients}#outcomes-heading`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendDashboard(request, reply, deps, { status: 422, errors: errorsByField(error.errors, messagesOf(request)), outcome });
    }
  });

  app.post<{ Params: { id: string } }>('/campaigns/:id/held', { config: { policy: 'campaigns.manage' } }, async (request, reply) => {
    const campaign = await campaignForStaff(deps.db, staffOf(request), idOf(request));
    const form = formOf(request);
    const actionId = /^[0-9]{1,12}$/.test(field(form, 'actionId')) ? Number(field(form, 'actionId')) : 0;
    const decision = field(form, 'decision');
    if (decision !== 'release' && decision !== 'discard') throw new ValidationFailed([{ field: 'decision', message: 'Choose release or discard.' }]);
    const ref = { actionId, campaignId: campaign.id };
    const done = decision === 'release' ? await releaseHeldAction(deps, staffOf(request), ref) : await discardHeldAction(deps, staffOf(request), ref);
    return back(reply, campaign.id, done ? (decision === 'release' ? 'released' : 'discarded') : 'not-held');
  });
}
