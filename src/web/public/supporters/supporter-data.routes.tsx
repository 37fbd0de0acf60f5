import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SiteIdentityService } from '../../../services/site/site-identity.js';
import type { VNode } from 'preact';
import { catalogues } from '../../../i18n/messages.js';
import { NotFound } from '../../../domain/errors.js';
import { eraseSupporterByToken } from '../../../services/supporters/erase-supporter.js';
import { loadSupporterData, withdrawSupporterConsent, type SupporterDeps } from '../../../services/supporters/supporter-data.js';
import { registerFormBody } from '../../http/form-body.js';
import { sendPrivateHtml } from '../../http/private-html.js';
import { comesFromThisSite } from '../../http/same-site.js';
import type { Messages } from '../../../i18n/messages.js';
import { Layout } from '../../views/layout.view.js';
import { renderDocument } from '../../views/render.js';
import { presentSupporterData } from './supporter-data.presenter.js';
import { SupporterDataPage, TooManyRequests, type DataLinkPaths } from './supporter-data.view.js';
import { createTokenRateLimit, type TokenRateLimit } from './token-rate-limit.js';

/** What the supporters' data pages need. */
export interface SupporterDataRouteDeps extends SupporterDeps {
  readonly site: SiteIdentityService;
  readonly stylesheet: string;
  readonly publicUrl: string;
  /** The installation's secret, which keys the rate limit. */
  readonly secret: Buffer;
}

type TokenParams = { Params: { token: string } };
type PageDeps = Pick<SupporterDataRouteDeps, 'site' | 'stylesheet'>;

/**
 * The language of a data link's pages: the one its email was written in (`?lang=ru`,
 * which supporterDataUrl adds), when Placard speaks it; else the site's.
 */
function dataLinkLanguage(request: FastifyRequest): string | null {
  const lang = (request.query as Record<string, unknown> | undefined)?.lang;
  return typeof lang === 'string' && catalogues().languages().includes(lang) ? lang : null;
}

/** The messages of a data link's pages: the link's language, else the site's default. */
function messagesOf(request: FastifyRequest, deps: Pick<SupporterDataRouteDeps, 'site'>): Messages {
  return deps.site.messages(dataLinkLanguage(request));
}

/** The addresses the page's forms post to, keeping the link's language. */
function pathsFor(request: FastifyRequest, token: string): DataLinkPaths {
  const lang = dataLinkLanguage(request);
  const query = lang ? `?lang=${encodeURIComponent(lang)}` : '';
  return { to: (path) => `/your-data/${token}${path}${query}` };
}

/** A public page that no cache, proxy or search engine keeps. */
function sendPage(reply: FastifyReply, deps: PageDeps, status: number, m: Messages, title: string, body: VNode): FastifyReply {
  const head = <meta name="robots" content="noindex" />;
  const html = renderDocument(
    <Layout title={title} site={deps.site.current()} stylesheet={deps.stylesheet} head={head}>
      {body}
    </Layout>,
    m,
  );
  return sendPrivateHtml(reply.header('x-robots-tag', 'noindex'), status, html);
}

/**
 * Every request to a data link counts against its address's limit, and every form must
 * come from this site. Callback hooks: replying ends the request, so `done` is not called then.
 */
function guardDataLinks(scope: FastifyInstance, deps: PageDeps & { limiter: TokenRateLimit; origins: readonly string[] }): void {
  scope.addHook('onRequest', async (request, reply) => {
    const wait = await deps.limiter.hit(request.ip);
    if (wait === 0) return;
    reply.header('retry-after', String(wait));
    const m = messagesOf(request, deps);
    return sendPage(reply, deps, 429, m, m.t('public.data.tooManyHeading'), <TooManyRequests minutes={Math.ceil(wait / 60)} />);
  });
  scope.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST' || comesFromThisSite(request, deps.origins)) return done();
    const m = messagesOf(request, deps);
    sendPage(
      reply,
      deps,
      403,
      m,
      m.t('public.data.refusedTitle'),
      <>
        <h1>{m.t('public.data.refusedHeading')}</h1>
        <p>{m.t('public.data.refusedText')}</p>
      </>,
    );
  });
}

/**
 * GET /your-data/:token and its POST buttons: download, erase (after a ticked
 * confirmation; a GET never changes anything) and withdrawing a consent. The link is
 * the only credential, so there are no cookies; forms must come from this site, every
 * request counts against a per-address limit, and nothing here is cached anywhere.
 */
export async function registerSupporterDataRoutes(app: FastifyInstance, deps: SupporterDataRouteDeps): Promise<void> {
  const limiter = createTokenRateLimit({ db: deps.db, secret: deps.secret, clock: deps.clock });
  await app.register(async (scope) => {
    await registerFormBody(scope);
    guardDataLinks(scope, { ...deps, limiter, origins: [new URL(deps.publicUrl).origin] });
    registerDataLinkRoutes(scope, deps);
  });
}

function registerDataLinkRoutes(scope: FastifyInstance, deps: SupporterDataRouteDeps): void {
  scope.get<TokenParams>('/your-data/:token', async (request, reply) => {
    const data = await loadSupporterData(deps, request.params.token);
    const m = messagesOf(request, deps);
    return sendPage(reply, deps, 200, m, m.t('public.data.title'), <SupporterDataPage paths={pathsFor(request, request.params.token)} data={data} />);
  });

  scope.post<TokenParams>('/your-data/:token/export', async (request, reply) => {
    const data = await loadSupporterData(deps, request.params.token);
    const body = JSON.stringify(presentSupporterData(data, deps.clock().toISOString(), messagesOf(request, deps)), null, 2);
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', 'attachment; filename="placard-your-data.json"')
      .type('application/json; charset=utf-8')
      .send(body);
  });

  scope.post<TokenParams & { Body: Record<string, string | undefined> | undefined }>('/your-data/:token/erase', async (request, reply) => {
    const { token } = request.params;
    if (request.body?.confirm !== 'yes') {
      const data = await loadSupporterData(deps, token);
      if (!data.supporter.erasedAt) {
        const m = messagesOf(request, deps);
        const error = m.t('public.data.eraseUnticked');
        return sendPage(reply, deps, 422, m, m.t('public.data.title'), <SupporterDataPage paths={pathsFor(request, token)} data={data} eraseError={error} />);
      }
    }
    await eraseSupporterByToken(deps, token);
    return reply.header('cache-control', 'no-store').redirect(pathsFor(request, token).to(''), 303);
  });

  scope.post<{ Params: { token: string; consentId: string } }>('/your-data/:token/consents/:consentId/withdraw', async (request, reply) => {
    const { token, consentId } = request.params;
    if (!/^[1-9][0-9]{0,15}$/.test(consentId)) throw new NotFound('This consent');
    await withdrawSupporterConsent(deps, token, Number(consentId));
    return reply.header('cache-control', 'no-store').redirect(`${pathsFor(request, token).to('')}#consents`, 303);
  });
}
