import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationFailed } from '../../../domain/errors.js';
import { english } from '../../../i18n/messages.js';
import { campaignForStaff, changeCampaignStatus, setCampaignDelivery } from '../../../services/campaigns/campaign-admin.js';
import { campaignDashboard } from '../../../services/campaigns/campaign-stats.js';
import { discardHeldAction, releaseHeldAction } from '../../../services/campaigns/held-actions.js';
import { postOutcome } from '../../../services/campaigns/outcomes.js';
import { renderAdmin } from '../auth.plugin.js';
import { errorsByField, field, formOf, idParam, sendPrivateHtml, staffOf } from '../kit.js';
import type { CampaignAdminDeps } from './campaign-admin-deps.js';
import { CampaignDashboardPage } from './campaign-dashboard.view.js';
import type { OutcomeFormValues } from './campaign-panels.view.js';

/** What a step's redirect tells the coordinator it did, by a short code in the query. */
const NOTICES: Readonly<Record<string, string>> = {
  created: 'Campaign created as a draft. Activate it when it is ready for supporters.',
  saved: 'Saved.',
  active: 'The campaign is active: supporters can act on it.',
  paused: 'The campaign is paused: supporters cannot act on it until it is reopened.',
  closed: 'The campaign is closed.',
  'delivery-paused': 'Delivery paused: letters wait in the outbox until it is resumed.',
  'delivery-resumed': 'Delivery resumed.',
  released: 'Released: the submission goes on as if it had not been held.',
  discarded: 'Discarded: the submission is kept for the record and never counted.',
  'not-held': 'That submission is no longer held; someone decided on it already.',
  outcome: 'Outcome posted.',
};

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
  const notice =
    code === 'outcome' && sent !== null
      ? `Outcome posted and emailed to ${sent} ${sent === 1 ? 'supporter' : 'supporters'} who asked for updates.`
      : (NOTICES[code] ?? null);
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
  return sendPrivateHtml(reply, state.status ?? 200, renderAdmin(request, deps.stylesheet, dash.campaign.title, body));
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
      const status = await changeCampaignStatus(deps, staffOf(request), change, { messages: english() });
      return back(reply, idOf(request), status);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendDashboard(request, reply, deps, { status: 422, errors: errorsByField(error.errors) });
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
      return sendDashboard(request, reply, deps, { status: 422, errors: errorsByField(error.errors), outcome });
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
