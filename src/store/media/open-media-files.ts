import type { MediaStorageConfig } from '../../config/config.js';
import { localMediaFiles, type MediaFiles } from './media-files.js';
import { s3MediaFiles } from './s3-media-files.js';

/** The media storage the configuration names, for the server and every command that reads or writes media alike. */
export function openMediaFiles(config: MediaStorageConfig): MediaFiles {
  return config.kind === 's3' ? s3MediaFiles(config) : localMediaFiles(config.dir);
}

/** Where media are kept, for the start-up log: the folder, or the bucket, its prefix and endpoint (never the keys). */
export function describeMediaStorage(config: MediaStorageConfig): string {
  if (config.kind === 'local') return `the folder ${config.dir}`;
  const prefix = config.prefix ? ` under ${config.prefix}` : '';
  return `the bucket ${config.bucket}${prefix} at ${config.endpoint ?? `AWS S3 (${config.region})`}`;
}
