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

/** Renders an HTML error page body for browsers; supplied by the app so this module needs no views. */
export type HtmlErrorRenderer = (status: number, heading: string, message: string) => string;

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
  problem: { status: number; code: string; detail: string; extra?: object },
): FastifyReply {
  const title = TITLES[problem.status] ?? 'Error';
  reply.code(problem.status).header('cache-control', 'no-store');
  if (wantsProblemJson(request)) {
    return reply
      .type('application/problem+json')
      .send({ type: `about:blank`, title, status: problem.status, code: problem.code, detail: problem.detail, instance: request.url, ...problem.extra });
  }
  return reply.type('text/html; charset=utf-8').send(renderHtml(problem.status, title, problem.detail));
}

/**
 * One place maps errors to HTTP. Deliberate errors keep their message; anything else
 * is logged (with its stack, never to the client) and answered with a generic 500.
 */
export function registerErrorHandling(app: FastifyInstance, renderHtml: HtmlErrorRenderer): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof PlacardError) {
      const extra = error instanceof ValidationFailed ? { errors: error.errors } : error instanceof BadQuery ? { parameter: error.parameter } : undefined;
      return sendError(request, reply, renderHtml, { status: STATUS_BY_CODE[error.code], code: error.code, detail: error.message, extra });
    }
    return sendUnexpected(request, reply, renderHtml, error);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, renderHtml, {
      status: 404,
      code: 'not_found',
      detail: 'There is no page at this address. It may have moved, or the link may be mistyped.',
    }),
  );
}

/** A framework error (4xx: an unparsable body, say) keeps its status; anything else is a generic, logged 500. */
function sendUnexpected(request: FastifyRequest, reply: FastifyReply, renderHtml: HtmlErrorRenderer, error: FastifyError | Error): FastifyReply {
  const status = 'statusCode' in error && typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) request.log.error({ err: error }, 'unhandled error');
  const detail =
    status === 500 ? 'The server could not answer this request. It has been logged; please try again later.' : 'The request could not be understood.';
  return sendError(request, reply, renderHtml, { status, code: status === 500 ? 'internal' : 'bad_request', detail });
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
