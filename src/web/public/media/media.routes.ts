import { extname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { MediaFiles } from '../../../store/media/media-files.js';

const TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
};

/** The type a media file is served with, by its extension; undefined for a file Placard does not serve. */
export function mediaType(name: string): string | undefined {
  return TYPES[extname(name).toLowerCase()];
}

/**
 * Serves media files. Names are content hashes, so a file is cached for a year. SVG is
 * served sandboxed with no script allowed, in case one ever carries something active.
 */
export function registerMediaRoutes(app: FastifyInstance, media: MediaFiles): void {
  app.get<{ Params: { name: string } }>('/media/:name', async (request, reply) => {
    const type = mediaType(request.params.name);
    const bytes = type ? await media.read(request.params.name) : undefined;
    if (!type || !bytes) return reply.callNotFound();
    if (type === 'image/svg+xml') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(bytes);
  });
}
