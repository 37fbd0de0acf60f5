import { tags } from '../../../domain/cache/cache-tags.js';
import type { SiteIdentityService } from '../../../services/site/site-identity.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { actionFormValues, parseActionInput } from '../../../domain/campaigns/action-input.js';
import { acceptsActions } from '../../../domain/campaigns/campaign.js';
import { firstLanguage, inLanguage, letterLanguageOf, pageLanguages } from '../../../domain/campaigns/campaign-languages.js';
import { BadQuery, Forbidden, NotFound } from '../../../domain/errors.js';
import type { ActionDeps } from '../../../services/campaigns/action-deps.js';
import { confirmAction, describeConfirmation } from '../../../services/campaigns/confirm-action.js';
import { issueChallenge } from '../../../services/campaigns/proof-of-work.js';
import { previewLetters } from '../../../services/campaigns/letter-preview.js';
import { campaignOutcomes, type PublicCampaign } from '../../../services/campaigns/public-campaign.js';
import { submitAction, wakeIntake } from '../../../services/campaigns/action-intake.js';
import { assertAcceptsActions } from '../../../services/campaigns/record-action.js';
import { catalogues, type Messages } from '../../../i18n/messages.js';
import { registerFormBody } from '../../http/form-body.js';
import { sendPrivateHtml } from '../../http/private-html.js';
import { comesFromThisSite } from '../../http/same-site.js';
import type { PageCache } from '../../cache/page-cache.js';
import { servePublicPage } from '../../cache/serve-page.js';
import { Layout } from '../../views/layout.view.js';
import { renderDocument } from '../../views/render.js';
import { previewHeading, type FormState } from './action-forms.view.js';
import { ActionPage } from './action-page.view.js';
import { formBody, honeypotFilled, idempotencyKeyOf, proofOf } from './action-request.js';
import { campaignPath } from './campaign-parts.view.js';
import { campaignLanguagePath, languageAlternates, LanguagePicker } from './campaign-languages.view.js';
import { campaignHead } from './campaign-meta.view.js';
import { ClosedConfirmView, ConfirmedView, ConfirmView, THANKS_PAGES, ThanksView, UnknownLinkView, type ThanksPage } from './confirm.view.js';

/** What the public campaign routes are built from. */
export interface CampaignRouteDeps {
  /** The campaign use cases' dependencies, built once by the composition root. */
  readonly actions: ActionDeps;
  readonly cache: PageCache;
  readonly site: SiteIdentityService;
  readonly stylesheet: string;
  /** URL of assets/action.js. */
  readonly script: string;
}

type SlugParams = { Params: { slug: string } };

/**
 * The language of the campaign page a form was sent from: the page's letter language
 * (its hidden `letter_language`), else the language its chrome was in, when the campaign
 * has a page in it; else the campaign's first language.
 */
function pageLanguageOf(found: PublicCampaign, values: { readonly letterLanguage?: string }, body: Readonly<Record<string, unknown>>): string {
  const reported = values.letterLanguage || (typeof body.language === 'string' ? body.language : null);
  return letterLanguageOf(found.campaign, reported);
}

/** The page after a submission, in the language of the page it came from (docs/decisions/0023). */
function thanksPath(found: PublicCampaign, which: ThanksPage, language: string): string {
  const base = `${campaignPath(found.campaign.slug)}/thanks/${which}`;
  return language === firstLanguage(found.campaign) ? base : `${base}/${encodeURIComponent(language)}`;
}

/**
 * The language of the page a form was sent from (its hidden `language` field), when it
 * is one Placard speaks; else the language the campaign's page is in.
 */
function formLanguage(body: Readonly<Record<string, unknown>>, page: Messages): string {
  const sent = body.language;
  return typeof sent === 'string' && catalogues().languages().includes(sent) ? sent : page.language;
}

/**
 * The public side of campaigns: the action (or petition) page, its three forms, the
 * proof-of-work challenge, the pages after a submission, and confirming by email. The
 * forms set no cookie and carry no token: they must come from this site (Origin or
 * Sec-Fetch-Site), and a submission is safe to repeat (idempotency key, one letter per
 * address), so a forged one could do no more than the supporter's own.
 */
export async function registerCampaignRoutes(app: FastifyInstance, deps: CampaignRouteDeps): Promise<void> {
  const { actions } = deps;
  const origins = [new URL(actions.publicUrl).origin];
  const context: RouteContext = {
    deps,
    actions,
    view: createCampaignViews(deps, actions),
    refuseCrossSite(request) {
      if (!comesFromThisSite(request, origins))
        throw new Forbidden('The form did not come from this site. Go back to the campaign’s page and send it from there.');
    },
    async campaignAt(slug) {
      const found = await actions.campaigns.bySlug(slug);
      if (!found || found.campaign.status === 'draft') throw new NotFound('This campaign');
      return found;
    },
  };
  registerPages(app, context);
  // The forms' routes, in a scope of their own that reads form bodies; the pages need no parser.
  await app.register(async (forms) => {
    await registerFormBody(forms);
    registerForms(forms, context);
    registerConfirmRoutes(forms, context);
  });
}

interface RouteContext {
  readonly deps: CampaignRouteDeps;
  readonly actions: ActionDeps;
  readonly view: CampaignViews;
  /** Throws Forbidden unless the request comes from a page of this site. */
  refuseCrossSite(request: FastifyRequest): void;
  /** The public campaign at this address; NotFound for drafts and unknown ones. */
  campaignAt(slug: string): Promise<PublicCampaign>;
}

/** The campaign page (cached), its challenge (never cached) and the pages after a submission. */
function registerPages(app: FastifyInstance, { deps, actions, view, campaignAt }: RouteContext): void {
  app.get<SlugParams>('/campaigns/:slug', (request, reply) =>
    servePublicPage(deps.cache, request, reply, async () => {
      const found = await campaignAt(request.params.slug);
      return { html: await view.page(found), tags: [tags.campaign(found.campaign.id)] };
    }),
  );

  // The campaign in a further language: a path of its own, so that each version is cached
  // as one page under one canonical address (docs/decisions/0023). Fixed paths below a
  // campaign (challenge, act, …) are matched first; the first language lives at the bare path.
  app.get<{ Params: { slug: string; language: string } }>('/campaigns/:slug/:language', async (request, reply) => {
    const found = await campaignAt(request.params.slug);
    const { language } = request.params;
    if (language === firstLanguage(found.campaign)) return reply.redirect(campaignPath(found.campaign.slug), 301);
    if (!pageLanguages(found.campaign).includes(language)) throw new NotFound('This page');
    return servePublicPage(deps.cache, request, reply, async () => ({
      html: await view.page(found, undefined, language),
      tags: [tags.campaign(found.campaign.id)],
    }));
  });

  app.get<SlugParams>('/campaigns/:slug/challenge', async (request, reply) => {
    const found = await campaignAt(request.params.slug);
    return reply.header('cache-control', 'no-store').send(issueChallenge(actions.secret, found.campaign.id, actions.clock()));
  });

  app.get<{ Params: { slug: string; which: string } }>('/campaigns/:slug/thanks/:which', async (request, reply) => {
    const which = THANKS_PAGES.find((p) => p === request.params.which);
    if (!which) throw new NotFound('This page');
    return servePublicPage(deps.cache, request, reply, async () => {
      const found = await campaignAt(request.params.slug);
      return { html: view.thanks(found, which), tags: [tags.campaign(found.campaign.id)] };
    });
  });

  // The page after a submission from the campaign's page in a further language, in that
  // language: a path of its own, so that it is cached like the page it follows.
  app.get<{ Params: { slug: string; which: string; language: string } }>('/campaigns/:slug/thanks/:which/:language', async (request, reply) => {
    const which = THANKS_PAGES.find((p) => p === request.params.which);
    if (!which) throw new NotFound('This page');
    const found = await campaignAt(request.params.slug);
    const { language } = request.params;
    if (language === firstLanguage(found.campaign)) return reply.redirect(thanksPath(found, which, language), 301);
    if (!pageLanguages(found.campaign).includes(language)) throw new NotFound('This page');
    return servePublicPage(deps.cache, request, reply, async () => ({
      html: view.thanks(found, which, language),
      tags: [tags.campaign(found.campaign.id)],
    }));
  });
}

/**
 * POST /campaigns/:slug/act (a letter, or a signature) and /self-report. Each answers a
 * 303 to the same page, as soon as the submission is in the intake and before anything
 * is decided about it (stored, held, repeated, replayed: services/campaigns/action-intake.ts),
 * so neither the answer nor its time says whether the address is known. A robot's gets the same.
 */
function registerForms(app: FastifyInstance, { deps, actions, view, refuseCrossSite, campaignAt }: RouteContext): void {
  const extras = (request: FastifyRequest, body: Readonly<Record<string, unknown>>) => ({
    ip: request.ip,
    proof: proofOf(body),
    idempotencyKey: idempotencyKeyOf(request, body),
  });
  // The worker starts after the answer has gone, so that its work cannot delay it.
  const wakeAfterAnswer = (reply: FastifyReply) => reply.raw.once('finish', () => wakeIntake(actions));

  app.post<SlugParams>('/campaigns/:slug/act', async (request, reply) => {
    refuseCrossSite(request);
    const found = await campaignAt(request.params.slug);
    assertAcceptsActions(found, actions.clock());
    const body = formBody(request);
    const values = actionFormValues(body);
    // The page comes back, and the next one comes, in the language of the page the supporter was on.
    const language = pageLanguageOf(found, values, body);
    const thanks = thanksPath(found, 'email', language);
    // A robot that filled the honeypot gets the answer a person gets, and nothing is stored.
    if (honeypotFilled(body)) return reply.redirect(thanks, 303);
    const letter = found.campaign.kind === 'letter';
    // The letters as the officials would receive them: built only for a page that shows them,
    // never on the path of an accepted submission.
    const preview = () => (letter ? previewLetters(found.campaign, values) : undefined);
    // "Preview the letter": the same page with the letters as sent and the form as typed; nothing is stored.
    const pageMessages = deps.site.messages(language);
    if (letter && typeof body.preview === 'string') return view.preview(reply, found, { id: 'act', values, errors: [], preview: preview() }, language);
    const parsed = parseActionInput(values, letter ? 'letter' : 'signature', {
      protective: found.campaign.identityMode === 'protective',
      messages: pageMessages,
    });
    if (!parsed.ok) return view.invalid(reply, found, { id: 'act', values, errors: parsed.errors, preview: preview() }, language);
    const input = { ...parsed.input, language: formLanguage(body, pageMessages) };
    await submitAction(actions, { campaign: found, form: 'act', input, ...extras(request, body) });
    wakeAfterAnswer(reply);
    return reply.redirect(thanks, 303);
  });

  // The live preview (assets/action.js): the same letters as JSON while the supporter types.
  app.post<SlugParams>('/campaigns/:slug/preview', async (request, reply) => {
    refuseCrossSite(request);
    const found = await campaignAt(request.params.slug);
    if (found.campaign.kind !== 'letter') throw new NotFound('This form');
    const m = deps.site.messages(found.campaign.languages[0]);
    const letters = previewLetters(found.campaign, actionFormValues(formBody(request))).map((l) => ({ heading: previewHeading(m, l), text: l.text }));
    return reply.header('cache-control', 'no-store').send({ letters });
  });

  app.post<SlugParams>('/campaigns/:slug/self-report', async (request, reply) => {
    refuseCrossSite(request);
    const found = await campaignAt(request.params.slug);
    if (found.campaign.kind === 'petition') throw new NotFound('This form');
    assertAcceptsActions(found, actions.clock());
    const body = formBody(request);
    const method = body.method === 'own_mail' || body.method === 'call' ? body.method : null;
    if (!method) throw new BadQuery('method', 'The form must say how you acted: own_mail or call.');
    const values = actionFormValues(body);
    const language = pageLanguageOf(found, values, body);
    const thanks = thanksPath(found, 'counted', language);
    if (honeypotFilled(body)) return reply.redirect(thanks, 303);
    const m = deps.site.messages(language);
    const parsed = parseActionInput(values, 'self_report', { messages: m });
    if (!parsed.ok) return view.invalid(reply, found, { id: method === 'call' ? 'call' : 'own', values, errors: parsed.errors }, language);
    await submitAction(actions, { campaign: found, form: method, input: { ...parsed.input, language: formLanguage(body, m) }, ...extras(request, body) });
    wakeAfterAnswer(reply);
    return reply.redirect(thanks, 303);
  });
}

type CampaignViews = ReturnType<typeof createCampaignViews>;

function createCampaignViews(deps: CampaignRouteDeps, actions: ActionDeps) {
  const document = (
    title: string,
    body: VNode,
    m: Messages,
    options: {
      path?: string;
      script?: boolean;
      noindex?: boolean;
      alternates?: { hreflang: string; href: string }[];
      meta?: { head: VNode; jsonLd: unknown };
      description?: string;
    } = {},
  ) =>
    renderDocument(
      <Layout
        title={title}
        site={deps.site.current()}
        stylesheet={deps.stylesheet}
        description={options.description}
        canonical={options.path ? actions.publicUrl + options.path : undefined}
        alternates={options.alternates}
        jsonLd={options.meta?.jsonLd}
        head={
          <>
            {options.script ? <script type="module" src={deps.script} /> : options.noindex ? <meta name="robots" content="noindex" /> : null}
            {options.meta?.head}
          </>
        }
      >
        {body}
      </Layout>,
      m,
    );
  const page = async (found: PublicCampaign, state?: FormState, language = firstLanguage(found.campaign)) => {
    const campaign = inLanguage(found.campaign, language);
    const m = deps.site.messages(language);
    const [outcomes, counts] = await Promise.all([campaignOutcomes(actions.db, campaign.id), actions.counter.counts(campaign.id)]);
    const accepting = acceptsActions(campaign, actions.clock());
    // Chrome in the page's language where a catalogue has it; the campaign's words carry their own lang when it has none.
    const chrome = catalogues().resolve(language);
    const content = (
      <ActionPage campaign={campaign} section={found.section} outcomes={outcomes} counts={counts} accepting={accepting} state={state} language={language} />
    );
    const body = (
      <>
        <LanguagePicker campaign={found.campaign} current={language} />
        {chrome === language ? content : <div lang={language}>{content}</div>}
      </>
    );
    const title = !state
      ? campaign.title
      : state.errors.length > 0
        ? m.t('public.campaign.titleInvalid', { title: campaign.title })
        : m.t('public.campaign.titlePreview', { title: campaign.title });
    return document(title, body, m, {
      path: campaignLanguagePath(campaign, language),
      script: accepting,
      alternates: languageAlternates(found.campaign, actions.publicUrl),
      description: campaign.summary || undefined,
      meta: campaignHead({ campaign: found.campaign, shown: campaign, language, accepting, site: deps.site.current(), publicUrl: actions.publicUrl }),
    });
  };
  return {
    page,
    /** The same page again, 422, with the supporter's text intact and the messages beside the fields; never cached. */
    invalid: async (reply: FastifyReply, found: PublicCampaign, state: FormState, language?: string) =>
      sendPrivateHtml(reply, 422, await page(found, state, language)),
    /** The same page, 200, with the letters as the officials will receive them; never cached. */
    preview: async (reply: FastifyReply, found: PublicCampaign, state: FormState, language?: string) =>
      sendPrivateHtml(reply, 200, await page(found, state, language)),
    thanks: (found: PublicCampaign, which: ThanksPage, language = firstLanguage(found.campaign)) => {
      const m = deps.site.messages(language);
      const campaign = inLanguage(found.campaign, language);
      const title = which === 'email' ? m.t('public.thanks.checkEmail') : m.t('public.thanks.thankYou');
      const content = <ThanksView campaign={campaign} page={which} backTo={campaignLanguagePath(campaign, language)} />;
      // As on the campaign's page: the campaign's words carry their own lang where the chrome has no catalogue.
      const body = catalogues().resolve(language) === language ? content : <div lang={language}>{content}</div>;
      return document(title, body, m, { noindex: true });
    },
    /** A page after a confirmation link, in the language of the page the supporter acted on. */
    private: (reply: FastifyReply, status: number, m: Messages, title: (m: Messages) => string, body: VNode) =>
      sendPrivateHtml(reply.header('x-robots-tag', 'noindex'), status, document(title(m), body, m, { noindex: true })),
  };
}

/** GET /confirm/:token shows a button; POST /confirm/:token confirms. A GET never confirms. */
function registerConfirmRoutes(app: FastifyInstance, { deps, actions, view, refuseCrossSite }: RouteContext): void {
  type TokenParams = { Params: { token: string } };
  const unknown = (reply: FastifyReply) => view.private(reply, 404, deps.site.messages(null), (m) => m.t('public.confirm.titleUnknown'), <UnknownLinkView />);

  app.get<TokenParams>('/confirm/:token', async (request, reply) => {
    const state = await describeConfirmation(actions, request.params.token);
    if (state.kind === 'unknown') return unknown(reply);
    const m = deps.site.messages(state.language);
    if (state.kind === 'confirmed')
      return view.private(
        reply,
        200,
        m,
        (m) => m.t('public.confirm.titleAlready'),
        <ConfirmedView campaign={state.campaign} purpose={state.purpose} already />,
      );
    const action = `/confirm/${encodeURIComponent(request.params.token)}`;
    return view.private(
      reply,
      200,
      m,
      (m) => m.t('public.confirm.titlePlease'),
      <ConfirmView campaign={state.campaign} purpose={state.purpose} action={action} letters={state.letters} />,
    );
  });

  app.post<TokenParams>('/confirm/:token', async (request, reply) => {
    refuseCrossSite(request);
    const result = await confirmAction(actions, request.params.token);
    if (result.kind === 'unknown') return unknown(reply);
    const m = deps.site.messages(result.language);
    if (result.kind === 'closed')
      return view.private(reply, 409, m, (m) => m.t('public.confirm.titleClosed'), <ClosedConfirmView campaign={result.campaign} />);
    const already = result.kind === 'already';
    return view.private(
      reply,
      200,
      m,
      (m) => (already ? m.t('public.confirm.titleAlready') : m.t('public.thanks.thankYou')),
      <ConfirmedView campaign={result.campaign} purpose={result.purpose} already={already} />,
    );
  });
}
