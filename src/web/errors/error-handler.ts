import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applySecurityHeaders } from '../security-headers.js';
import { BadQuery, PlacardError, ValidationFailed, type ErrorCode } from '../../domain/errors.js';

/** The HTTP status for each deliberate error code. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  not_found: 404,
  validation_failed: 422,
  bad_query: 400,
  bad_request: 400,
  conflict: 409,
  forbidden: 403,
  gone: 410,
  text_too_complex: 422,
  sign_in_required: 401,
  two_factor_required: 403,
  form_refused: 403,
};

// Errors whose page says more than its status's title.
const TITLE_BY_CODE: Readonly<Partial<Record<ErrorCode, string>>> = {
  sign_in_required: 'You are signed out',
  two_factor_required: 'Set up two-step sign-in first',
  form_refused: 'The form could not be accepted',
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'Conflict',
  410: 'Withdrawn',
  413: 'Too large',
  414: 'Address too long',
  415: 'Not a form',
  422: 'Please check what you entered',
  500: 'Something went wrong',
};

/**
 * Renders an HTML error page for browsers; supplied by the app (and by the admin, for
 * pages in its own frame) so that this module needs no views.
 */
export type HtmlErrorRenderer = (
  status: number,
  heading: string,
  message: string,
  context: {
    readonly request: FastifyRequest;
    readonly code: string;
    /** The catalogue key of a generic message (an unknown address, a server error), for pages that translate it. */
    readonly detailKey?: string;
  },
) => string;

/**
 * Where a browser's GET (or HEAD) goes instead of an error page, by error code: a
 * signed-out visitor to the sign-in page, say. Other methods get the error itself.
 */
export type ErrorRedirects = Readonly<Partial<Record<ErrorCode, (request: FastifyRequest) => string>>>;

function wantsProblemJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return true;
  const accept = request.headers.accept ?? '';
  return /application\/(problem\+)?json/.test(accept) && !accept.includes('text/html');
}

/** Answers with RFC 9457 problem details or an HTML page, whichever the client asked for. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  renderHtml: HtmlErrorRenderer,
  problem: { status: number; code: string; detail: string; detailKey?: string; extra?: object },
): FastifyReply {
  const title = TITLE_BY_CODE[problem.code as ErrorCode] ?? TITLES[problem.status] ?? 'Error';
  reply.code(problem.status).header('cache-control', 'no-store');
  if (wantsProblemJson(request)) {
    return reply
      .type('application/problem+json')
      .send({ type: `about:blank`, title, status: problem.status, code: problem.code, detail: problem.detail, instance: request.url, ...problem.extra });
  }
  return reply
    .type('text/html; charset=utf-8')
    .send(renderHtml(problem.status, title, problem.detail, { request, code: problem.code, detailKey: problem.detailKey }));
}

/**
 * One place maps errors to HTTP. Deliberate errors keep their message; anything else
 * is logged (with its stack, never to the client) and answered with a generic 500.
 */
export function registerErrorHandling(
  app: FastifyInstance,
  renderHtml: HtmlErrorRenderer,
  options: { movedTo?: (url: string) => Promise<string | undefined> } = {},
): void {
  app.setErrorHandler(errorHandler(renderHtml));
  app.setNotFoundHandler(async (request, reply) => {
    // An address of a site imported into Placard (docs/decisions/0031): looked up only when
    // no route matched, so Placard's own pages never pay for it.
    if (options.movedTo && (request.method === 'GET' || request.method === 'HEAD')) {
      const target = await options.movedTo(request.url);
      if (target) return reply.header('cache-control', 'public, max-age=3600').redirect(target, 301);
    }
    return sendError(request, reply, renderHtml, {
      status: 404,
      code: 'not_found',
      detail: 'There is no page at this address. It may have moved, or the link may be mistyped.',
      detailKey: 'public.errorPage.noPage',
    });
  });
}

/**
 * The error handler itself, for a scope that draws its pages otherwise: the admin's
 * plugin sets one with its own frame and redirects (Fastify's error handlers are
 * encapsulated), so its errors are still mapped here.
 */
export function errorHandler(
  renderHtml: HtmlErrorRenderer,
  redirects: ErrorRedirects = {},
): (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  return (error, request, reply) => {
    if (error instanceof PlacardError) {
      const redirect = redirects[error.code];
      if (redirect && (request.method === 'GET' || request.method === 'HEAD')) return reply.redirect(redirect(request), 303);
      const extra = error instanceof ValidationFailed ? { errors: error.errors } : error instanceof BadQuery ? { parameter: error.parameter } : undefined;
      return sendError(request, reply, renderHtml, { status: STATUS_BY_CODE[error.code], code: error.code, detail: error.message, extra });
    }
    return sendUnexpected(request, reply, renderHtml, error);
  };
}

/** A framework error (4xx: an unparsable body, say) keeps its status; anything else is a generic, logged 500. */
function sendUnexpected(request: FastifyRequest, reply: FastifyReply, renderHtml: HtmlErrorRenderer, error: FastifyError | Error): FastifyReply {
  const status = 'statusCode' in error && typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) request.log.error({ err: error }, 'unhandled error');
  const detail =
    status === 500 ? 'The server could not answer this request. It has been logged; please try again later.' : 'The request could not be understood.';
  const detailKey = status === 500 ? 'public.errorPage.serverError' : 'public.errorPage.notUnderstood';
  return sendError(request, reply, renderHtml, { status, code: status === 500 ? 'internal' : 'bad_request', detail, detailKey });
}

/**
 * Fastify's `frameworkErrors`: errors met before any route or hook runs — an address
 * whose percent-encoding is not UTF-8 (`/articles/%ff%fe`), a path parameter past the
 * router's limit. Without it Fastify answers with its own JSON and none of the security
 * headers, since the hook that adds them never ran.
 */
export function frameworkErrorHandler(renderHtml: HtmlErrorRenderer): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    applySecurityHeaders(reply);
    if (error.code === 'FST_ERR_BAD_URL') {
      sendError(request, reply, renderHtml, {
        status: 400,
        code: 'bad_request',
        detail: 'This address is malformed: part of it is not valid percent-encoded UTF-8.',
      });
      return;
    }
    sendUnexpected(request, reply, renderHtml, error);
  };
}
