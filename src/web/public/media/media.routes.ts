import type { FastifyInstance } from 'fastify';
import { isSafeMediaName, mediaType } from '../../../domain/media/media-types.js';
import type { MediaFiles } from '../../../store/media/media-files.js';

export { mediaType };

const CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * Serves media files, streamed from wherever they are stored (a local folder or the
 * bucket): readers only ever ask this site. Names are content hashes, so a file is
 * cached for a year and its name is its ETag: a revalidation is answered 304 without
 * reading the storage. SVG is served sandboxed with no script allowed, in case one ever
 * carries something active.
 */
export function registerMediaRoutes(app: FastifyInstance, media: MediaFiles): void {
  app.get<{ Params: { name: string } }>('/media/:name', async (request, reply) => {
    const type = mediaType(request.params.name);
    const etag = `"${request.params.name}"`;
    const ifNoneMatch = request.headers['if-none-match'];
    if (type && isSafeMediaName(request.params.name) && ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return reply.code(304).header('etag', etag).header('cache-control', CACHE_CONTROL).send();
    }
    const file = type ? await media.open(request.params.name) : undefined;
    if (!type || !file) return reply.callNotFound();
    if (type === 'image/svg+xml') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return reply.type(type).header('etag', etag).header('cache-control', CACHE_CONTROL).header('content-length', file.bytes).send(file.body);
  });
}
