import type { FastifyInstance } from 'fastify';
import { pickEncoding } from '../http/accept-encoding.js';
import type { AssetManifest } from './asset-manifest.js';

/** Serves fingerprinted assets for a year, immutable: their URL changes whenever their content does. */
export function registerAssetRoutes(app: FastifyInstance, assets: AssetManifest): void {
  app.get('/assets/*', (request, reply) => {
    const asset = assets.byUrl(request.url.split('?')[0] ?? '');
    if (!asset) return reply.callNotFound();
    reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'Accept-Encoding');
    const encoding = pickEncoding(request.headers['accept-encoding']);
    if (encoding === 'br') return reply.header('content-encoding', 'br').send(asset.brotli);
    if (encoding === 'gzip') return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });
}
