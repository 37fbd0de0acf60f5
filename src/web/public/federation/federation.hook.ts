import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { actorIdForSectionSlug, actorSubject, federatedArticle, SITE_ACTOR } from '../../../services/federation/federation-data.js';
import { articlePath } from '../../views/format.js';
import type { DB } from '../../../store/db/schema.js';
import type { PlacardFederation } from './federation.js';

/** What the bridge needs. */
export interface FederationRouteDeps {
  readonly db: Kysely<DB>;
  /** Fedify's side, built on the first request that needs it (cli/compose.ts). */
  readonly federation: () => Promise<PlacardFederation>;
  readonly publicUrl: string;
}

/** True when the client asks for ActivityPub JSON rather than a page. */
export function wantsActivityJson(accept: string | undefined): boolean {
  if (!accept) return false;
  return /application\/activity\+json/i.test(accept) || (/application\/ld\+json/i.test(accept) && /activitystreams/i.test(accept));
}

/** Builds a web `Request` from Fastify's, for Fedify, at the site's public address. */
function webRequest(request: FastifyRequest, publicUrl: string, path: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    // Fedify reads no cookie; a header a web Request cannot hold is left out, and
    // the signature check then refuses the request if it needed it.
    if (value === undefined || name === 'cookie') continue;
    for (const v of [value].flat()) {
      try {
        headers.append(name, v);
      } catch {
        // not a valid header value for fetch's Headers
      }
    }
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const body = hasBody
    ? typeof request.body === 'string'
      ? request.body
      : Buffer.isBuffer(request.body)
        ? new Uint8Array(request.body)
        : undefined
    : undefined;
  return new Request(new URL(path, publicUrl + '/'), { method: request.method, headers, body });
}

async function send(reply: FastifyReply, response: Response): Promise<FastifyReply> {
  reply.code(response.status);
  response.headers.forEach((value, name) => {
    reply.header(name, value);
  });
  return reply.send(Buffer.from(await response.arrayBuffer()));
}

/**
 * Hands ActivityPub to Fedify (there is no Fastify adapter): WebFinger and everything below
 * `/ap/` always, and a section's page or the front page when the client asks for activity
 * JSON (the section's or the site's actor). When Fedify has nothing for the request (not
 * found, not acceptable), Placard's own routes answer it as before, so a browser still
 * gets the page. Inboxes get their raw body: a signature covers its exact bytes.
 */
export function registerFederationRoutes(app: FastifyInstance, deps: FederationRouteDeps): void {
  const handle = async (request: FastifyRequest, reply: FastifyReply, path: string) => {
    const response = await (await deps.federation()).federation.fetch(webRequest(request, deps.publicUrl, path), { contextData: undefined });
    // A browser following a link to an actor or an article object is sent to its page.
    if (response.status === 406 && (request.method === 'GET' || request.method === 'HEAD')) {
      const page = await pageOf(deps.db, path.split('?')[0] ?? '');
      if (page) return reply.redirect(page, 303);
    }
    return send(reply, response);
  };
  app.register(async (scope) => {
    // Inbox bodies stay as bytes: the signature's digest is of what was sent.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));
    scope.get('/.well-known/webfinger', (request, reply) => handle(request, reply, request.url));
    scope.route({
      method: ['GET', 'HEAD', 'POST'],
      url: '/ap/*',
      config: { signedJsonBody: true },
      handler: (request, reply) => handle(request, reply, request.url),
    });
  });
  // A front cache must not give the page to a server that asked for the actor, or back.
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    if (route === '/' || route === '/sections/:slug') {
      const vary = String(reply.getHeader('vary') ?? '');
      if (!/\baccept\b/i.test(vary.replace(/accept-encoding/gi, ''))) reply.header('vary', vary ? `${vary}, Accept` : 'Accept');
    }
    return payload;
  });
  // The section's page and the front page give their actor to whoever asks for activity JSON.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    if (!wantsActivityJson(request.headers.accept)) return;
    const path = request.url.split('?')[0] ?? '';
    let identifier: string | null = null;
    if (path === '/' || path === '') identifier = SITE_ACTOR;
    else {
      const match = /^\/sections\/([^/]+)\/?$/.exec(path);
      const slug = match?.[1] ? safeDecode(match[1]) : null;
      if (slug) identifier = await actorIdForSectionSlug(deps.db, slug);
    }
    if (identifier === null) return;
    const actorPath = `/ap/actors/${identifier}`;
    const response = await (await deps.federation()).federation.fetch(webRequest(request, deps.publicUrl, actorPath), { contextData: undefined });
    if (response.status === 404 || response.status === 406) return;
    reply.header('vary', 'Accept');
    await send(reply, response);
    return reply;
  });
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The page a browser should see for an ActivityPub address: the actor's `url`, the article's page. */
async function pageOf(db: Kysely<DB>, path: string): Promise<string | null> {
  const actor = /^\/ap\/actors\/([^/]+)$/.exec(path)?.[1];
  if (actor) {
    const subject = await actorSubject(db, actor);
    if (!subject) return null;
    return subject.kind === 'site' ? '/' : `/sections/${encodeURIComponent(subject.section.slug)}`;
  }
  const article = /^\/ap\/articles\/([1-9][0-9]{0,9})$/.exec(path)?.[1];
  if (article) {
    const item = await federatedArticle(db, Number(article));
    return item ? articlePath(item.article.slug) : null;
  }
  return null;
}
