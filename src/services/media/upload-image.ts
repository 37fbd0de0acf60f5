import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FieldError } from '../../domain/articles/article-input.js';
import { ValidationFailed } from '../../domain/errors.js';
import { FORMAT_FILES } from '../../domain/media/media.js';
import { checkMediaText, cleanFileName, MAX_UPLOAD_BYTES, normaliseMediaText, UPLOAD_REFUSALS, type UploadRefusal } from '../../domain/media/media-rules.js';
import type { DB } from '../../store/db/schema.js';
import { insertUpload, type NewVariant } from '../../store/media/media.store.js';
import type { MediaFiles } from '../../store/media/media-files.js';
import type { Clock } from '../shared/clock.js';
import { ImageRefused, processImage, type EncodedVariant, type ProcessedImage } from './process-image.js';

/** What an upload needs: the database, where files go, the time. */
export interface MediaDeps {
  readonly db: Kysely<DB>;
  readonly media: MediaFiles;
  readonly clock: Clock;
}

/** An upload as the form sent it: the file (null when none was chosen) and the text typed with it. */
export interface UploadInput {
  readonly bytes: Buffer | null;
  readonly fileName: string | null;
  readonly alt?: unknown;
  readonly caption?: unknown;
  readonly credit?: unknown;
  readonly uploaderId: number | null;
}

async function processOrExplain(bytes: Buffer | null, errors: FieldError[]): Promise<ProcessedImage | null> {
  const refuse = (refusal: UploadRefusal) => {
    errors.push({ field: 'file', ...refusal });
    return null;
  };
  if (!bytes || bytes.length === 0) return refuse(UPLOAD_REFUSALS.missing);
  if (bytes.length > MAX_UPLOAD_BYTES) return refuse(UPLOAD_REFUSALS.tooLarge);
  try {
    return await processImage(bytes);
  } catch (error) {
    if (error instanceof ImageRefused) return refuse(error.refusal);
    throw error;
  }
}

/** Content-addressed: the name is a hash of the bytes, so a stored file never changes and caches for ever. */
async function storeVariant(media: MediaFiles, variant: EncodedVariant): Promise<NewVariant> {
  const name = `${createHash('sha256').update(variant.bytes).digest('base64url').slice(0, 22)}.${FORMAT_FILES[variant.format].extension}`;
  await media.put(name, variant.bytes);
  return { width: variant.width, height: variant.height, format: variant.format, path: `/media/${name}`, bytes: variant.bytes.length };
}

/**
 * Accepts an image into the media library: decoded and re-encoded into renditions
 * (see processImage), files written, then the rows in one transaction. Throws
 * ValidationFailed naming `file`, `alt`, `caption` or `credit`, every problem at once.
 *
 * Files are written before the rows: a crash in between leaves unreferenced files
 * (harmless, content-addressed), never a row pointing at a missing file.
 */
export async function uploadImage(deps: MediaDeps, input: UploadInput): Promise<number> {
  const text = normaliseMediaText(input);
  const errors = checkMediaText(text);
  const processed = await processOrExplain(input.bytes, errors);
  if (errors.length > 0 || !processed || !input.bytes) throw new ValidationFailed(errors);
  const stored: NewVariant[] = [];
  for (const variant of processed.variants) stored.push(await storeVariant(deps.media, variant));
  const main = stored.filter((v) => v.format === processed.format).reduce((a, b) => (b.width > a.width ? b : a));
  const upload = {
    ...text,
    path: main.path,
    mime: FORMAT_FILES[processed.format].mime,
    width: main.width,
    height: main.height,
    uploadedBy: input.uploaderId,
    originalName: cleanFileName(input.fileName),
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
  };
  const now = deps.clock().toISOString();
  return deps.db.transaction().execute((trx) => insertUpload(trx, upload, stored, now));
}
