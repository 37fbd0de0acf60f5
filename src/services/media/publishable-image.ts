import type { Kysely } from 'kysely';
import { ValidationFailed } from '../../domain/errors.js';
import { publishableImageRule } from '../../domain/media/media-rules.js';
import type { DB } from '../../store/db/schema.js';
import { findMedia } from '../../store/media/media.store.js';

/**
 * Refuses an image as the lead of a published article unless it has alt text (or
 * when it no longer exists): throws ValidationFailed on the field `image`. Call it
 * inside the publishing transaction so a concurrent edit of the alt text is seen.
 */
export async function assertPublishableImage(db: Kysely<DB>, mediaId: number): Promise<void> {
  const item = await findMedia(db, mediaId);
  const problem = publishableImageRule(item);
  if (problem) throw new ValidationFailed([{ field: 'image', ...problem }]);
}
