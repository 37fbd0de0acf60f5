import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SiteIdentityService } from '../../../services/site/site-identity.js';
import type { VNode } from 'preact';
import { NotFound } from '../../../domain/errors.js';
import { eraseSupporterByToken } from '../../../services/supporters/erase-supporter.js';
import { loadSupporterData, withdrawSupporterConsent, type SupporterDeps } from '../../../services/supporters/supporter-data.js';
import { registerFormBody } from '../../http/form-body.js';
import { sendPrivateHtml } from '../../http/private-html.js';
import { comesFromThisSite } from '../../http/same-site.js';
import { Layout } from '../../views/layout.view.js';
import { renderDocument } from '../../views/render.js';
import { presentSupporterData } from './supporter-data.presenter.js';
import { SupporterDataPage, TooManyRequests } from './supporter-data.view.js';
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

/** A public page that no cache, proxy or search engine keeps. */
function sendPage(reply: FastifyReply, deps: PageDeps, status: number, title: string, body: VNode): FastifyReply {
  const head = <meta name="robots" content="noindex" />;
  const html = renderDocument(
    <Layout title={title} site={deps.site.current()} stylesheet={deps.stylesheet} head={head}>
      {body}
    </Layout>,
    deps.site.messages(),
  );
  return sendPrivateHtml(reply.header('x-robots-tag', 'noindex'), status, html);
}

/**
 * Every request to a data link counts against its address's limit, and every form must
 * come from this site. Callback hooks: replying ends the request, so `done` is not called then.
 */
function guardDataLinks(scope: FastifyInstance, deps: PageDeps & { limiter: TokenRateLimit; origins: readonly string[] }): void {
  scope.addHook('onRequest', (request, reply, done) => {
    const wait = deps.limiter.hit(request.ip);
    if (wait === 0) return done();
    reply.header('retry-after', String(wait));
    sendPage(reply, deps, 429, 'Too many requests', <TooManyRequests minutes={Math.ceil(wait / 60)} />);
  });
  scope.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST' || comesFromThisSite(request, deps.origins)) return done();
    sendPage(
      reply,
      deps,
      403,
      'Not accepted',
      <>
        <h1>The form could not be accepted</h1>
        <p>The request did not come from this site.</p>
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
  const limiter = createTokenRateLimit({ secret: deps.secret, clock: deps.clock });
  await app.register(async (scope) => {
    await registerFormBody(scope);
    guardDataLinks(scope, { ...deps, limiter, origins: [new URL(deps.publicUrl).origin] });
    registerDataLinkRoutes(scope, deps);
  });
}

function registerDataLinkRoutes(scope: FastifyInstance, deps: SupporterDataRouteDeps): void {
  scope.get<TokenParams>('/your-data/:token', async (request, reply) => {
    const data = await loadSupporterData(deps, request.params.token);
    return sendPage(reply, deps, 200, 'Your data', <SupporterDataPage token={request.params.token} data={data} />);
  });

  scope.post<TokenParams>('/your-data/:token/export', async (request, reply) => {
    const data = await loadSupporterData(deps, request.params.token);
    const body = JSON.stringify(presentSupporterData(data, deps.clock().toISOString()), null, 2);
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
        const error = 'Tick the box to confirm that you want your data erased.';
        return sendPage(reply, deps, 422, 'Your data', <SupporterDataPage token={token} data={data} eraseError={error} />);
      }
    }
    await eraseSupporterByToken(deps, token);
    return reply.header('cache-control', 'no-store').redirect(`/your-data/${token}`, 303);
  });

  scope.post<{ Params: { token: string; consentId: string } }>('/your-data/:token/consents/:consentId/withdraw', async (request, reply) => {
    const { token, consentId } = request.params;
    if (!/^[1-9][0-9]{0,15}$/.test(consentId)) throw new NotFound('This consent');
    await withdrawSupporterConsent(deps, token, Number(consentId));
    return reply.header('cache-control', 'no-store').redirect(`/your-data/${token}#consents`, 303);
  });
}
