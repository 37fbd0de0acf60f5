import type { FastifyInstance } from 'fastify';
import { mediaType } from '../../../domain/media/media-types.js';
import type { MediaFiles } from '../../../store/media/media-files.js';

export { mediaType };

/**
 * Serves media files, streamed from wherever they are stored (a local folder or the
 * bucket): readers only ever ask this site. Names are content hashes, so a file is
 * cached for a year. SVG is served sandboxed with no script allowed, in case one ever
 * carries something active.
 */
export function registerMediaRoutes(app: FastifyInstance, media: MediaFiles): void {
  app.get<{ Params: { name: string } }>('/media/:name', async (request, reply) => {
    const type = mediaType(request.params.name);
    const file = type ? await media.open(request.params.name) : undefined;
    if (!type || !file) return reply.callNotFound();
    if (type === 'image/svg+xml') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').header('content-length', file.bytes).send(file.body);
  });
}
