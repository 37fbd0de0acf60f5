import type { MediaStorageConfig } from '../../config/config.js';
import { localMediaFiles, type MediaFiles } from './media-files.js';
import { s3MediaFiles } from './s3-media-files.js';

/** The media storage the configuration names, for the server and every command that reads or writes media alike. */
export function openMediaFiles(config: MediaStorageConfig): MediaFiles {
  return config.kind === 's3' ? s3MediaFiles(config) : localMediaFiles(config.dir);
}
