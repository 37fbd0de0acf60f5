import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const types: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/** A static asset under its fingerprinted name, with its compressed forms. */
export interface Asset {
  readonly url: string;
  readonly type: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly brotli: Buffer;
}

/** Maps "site.css" to its fingerprinted URL and serves the bytes behind it. */
export interface AssetManifest {
  url(name: string): string;
  byUrl(url: string): Asset | undefined;
}

/**
 * Reads every file in the assets folder once at start-up. The content hash is in each
 * URL, so a response can be cached for a year (immutable) and a new release is a new URL.
 */
export function loadAssets(dir: string): AssetManifest {
  const byName = new Map<string, Asset>();
  const byUrlMap = new Map<string, Asset>();
  for (const file of readdirSync(dir)) {
    const ext = extname(file);
    const type = types[ext];
    if (!type) continue;
    const body = readFileSync(join(dir, file));
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 10);
    const asset: Asset = { url: `/assets/${file.slice(0, -ext.length)}.${hash}${ext}`, type, body, gzip: gzipSync(body, { level: 9 }), brotli: brotliCompressSync(body) };
    byName.set(file, asset);
    byUrlMap.set(asset.url, asset);
  }
  return {
    url(name) {
      const asset = byName.get(name);
      if (!asset) throw new Error(`no asset named ${name} in ${dir}`);
      return asset.url;
    },
    byUrl: (url) => byUrlMap.get(url),
  };
}
