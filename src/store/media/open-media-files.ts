import type { MediaStorageConfig } from '../../config/config.js';
import { localMediaFiles, type MediaFiles } from './media-files.js';

/**
 * The media storage the configuration names, for the server and every command that reads
 * or writes media alike. The S3 client (some 30 MiB of memory) is loaded only by a node
 * that keeps its media in a bucket.
 */
export async function openMediaFiles(config: MediaStorageConfig): Promise<MediaFiles> {
  if (config.kind !== 's3') return localMediaFiles(config.dir);
  const { s3MediaFiles } = await import('./s3-media-files.js');
  return s3MediaFiles(config);
}

/** Where media are kept, for the start-up log: the folder, or the bucket, its prefix and endpoint (never the keys). */
export function describeMediaStorage(config: MediaStorageConfig): string {
  if (config.kind === 'local') return `the folder ${config.dir}`;
  const prefix = config.prefix ? ` under ${config.prefix}` : '';
  return `the bucket ${config.bucket}${prefix} at ${config.endpoint ?? `AWS S3 (${config.region})`}`;
}
