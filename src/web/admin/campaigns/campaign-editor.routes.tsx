import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allows, type StaffUser } from '../../../domain/accounts/staff.js';
import type { FieldError } from '../../../domain/articles/article-input.js';
import type { Campaign } from '../../../domain/campaigns/campaign.js';
import type { CampaignForm } from '../../../domain/campaigns/campaign-input.js';
import { ValidationFailed } from '../../../domain/errors.js';
import {
  campaignArticles,
  campaignChoices,
  campaignForStaff,
  campaignsFor,
  createCampaign,
  updateCampaign,
  type CampaignChoices,
} from '../../../services/campaigns/campaign-admin.js';
import { renderAdmin, messagesOf } from '../auth.plugin.js';
import { errorsByField, idParam, sendPrivateHtml, staffOf } from '../kit.js';
import type { CampaignAdminDeps } from './campaign-admin-deps.js';
import { CampaignEditorPage } from './campaign-editor.view.js';
import { formFromCampaign, newCampaignForm, readCampaignForm, validateForm, withBlankTargets } from './campaign-form.js';
import { CampaignList } from './campaign-list.view.js';
import { campaignSectionZone } from '../../../services/time/section-zones.js';

interface EditorState {
  readonly campaign: Campaign | null;
  readonly form: CampaignForm;
  readonly errors?: Record<string, string>;
  readonly choices: CampaignChoices;
}

async function sendEditor(request: FastifyRequest, reply: FastifyReply, deps: CampaignAdminDeps, status: number, state: EditorState): Promise<FastifyReply> {
  const { campaign } = state;
  const m = messagesOf(request);
  const title = campaign ? m.t('admin.campaign-editor.edit-title', { title: campaign.title }) : m.t('admin.campaigns.new');
  const articles = campaign ? await campaignArticles(deps.db, campaign.id) : [];
  const body = (
    <CampaignEditorPage
      campaignId={campaign?.id ?? null}
      title={title}
      form={state.form}
      errors={state.errors ?? {}}
      choices={state.choices}
      csrf={request.csrfToken}
      articles={articles}
      siteTimeZone={request.siteTimeZone}
    />
  );
  return sendPrivateHtml(
    reply,
    status,
    renderAdmin(request, deps.stylesheet, title, body, { zone: campaign ? await campaignSectionZone(deps.db, campaign.id) : null }),
  );
}

/** The section a new campaign starts in: the coordinator's only section, else none chosen. */
function startingSection(choices: CampaignChoices): string {
  return !choices.sectionOptional && choices.sections.length === 1 ? choices.sections[0]!.slug : '';
}

/** The section slug of a stored campaign among the sections offered. */
function sectionSlugOf(campaign: Campaign, choices: CampaignChoices): string {
  return choices.sections.find((s) => s.id === campaign.sectionId)?.slug ?? '';
}

/**
 * A posted campaign form: "Add another target" comes back with one more fieldset; Save
 * validates and stores, or comes back with 422, every message beside its field and
 * everything typed intact.
 */
async function handlePost(request: FastifyRequest, reply: FastifyReply, deps: CampaignAdminDeps, campaign: Campaign | null): Promise<FastifyReply> {
  const user = staffOf(request);
  const form = readCampaignForm(request.body);
  const choices = await campaignChoices(deps.db, user, campaign?.sectionId ?? null);
  if ((request.body as Record<string, unknown> | undefined)?.intent === 'add-target') {
    return sendEditor(request, reply, deps, 200, { campaign, form: withBlankTargets(form, 1), choices });
  }
  const { input, errors } = validateForm(form, { status: campaign?.status ?? 'draft', messages: messagesOf(request) });
  const again = (problems: readonly FieldError[]) =>
    sendEditor(request, reply, deps, 422, { campaign, form: withBlankTargets(form, 0), choices, errors: errorsByField(problems, messagesOf(request)) });
  if (errors.length > 0) return again(errors);
  try {
    if (campaign) {
      await updateCampaign({ ...deps, siteTimeZone: request.siteTimeZone }, user, campaign.id, input);
      return reply.redirect(`/admin/campaigns/${campaign.id}?notice=saved`, 303);
    }
    return reply.redirect(`/admin/campaigns/${await createCampaign({ ...deps, siteTimeZone: request.siteTimeZone }, user, input)}?notice=created`, 303);
  } catch (error) {
    if (error instanceof ValidationFailed) return again(error.errors);
    throw error;
  }
}

/** The coordinator's list of campaigns, and the form that creates and edits them. */
export function registerCampaignEditorRoutes(app: FastifyInstance, deps: CampaignAdminDeps): void {
  const load = (request: FastifyRequest<{ Params: { id: string } }>): Promise<Campaign> =>
    campaignForStaff(deps.db, staffOf(request), idParam(request.params.id, 'The campaign'));

  app.get('/campaigns', { config: { policy: 'campaigns.manage' } }, async (request, reply) => {
    const user: StaffUser = staffOf(request);
    const body = <CampaignList rows={await campaignsFor(deps.db, user)} canSetHighRisk={allows(user, 'settings.manage')} />;
    return sendPrivateHtml(reply, 200, renderAdmin(request, deps.stylesheet, messagesOf(request).t('admin.campaigns.heading'), body));
  });

  app.get('/campaigns/new', { config: { policy: 'campaigns.manage' } }, async (request, reply) => {
    const choices = await campaignChoices(deps.db, staffOf(request));
    return sendEditor(request, reply, deps, 200, { campaign: null, form: newCampaignForm(startingSection(choices)), choices });
  });

  app.post('/campaigns/new', { config: { policy: 'campaigns.manage' } }, async (request, reply) => handlePost(request, reply, deps, null));

  app.get<{ Params: { id: string } }>('/campaigns/:id/edit', { config: { policy: 'campaigns.manage' } }, async (request, reply) => {
    const campaign = await load(request);
    const choices = await campaignChoices(deps.db, staffOf(request), campaign.sectionId);
    return sendEditor(request, reply, deps, 200, { campaign, form: formFromCampaign(campaign, sectionSlugOf(campaign, choices)), choices });
  });

  app.post<{ Params: { id: string } }>('/campaigns/:id/edit', { config: { policy: 'campaigns.manage' } }, async (request, reply) =>
    handlePost(request, reply, deps, await load(request)),
  );
}
