import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SOCIAL_IMAGE_WIDTH } from '../../domain/media/media-rules.js';
import { FORMAT_FILES, isImageFormat, type ImageFormat, type ImageVariant } from '../../domain/media/media.js';
import type { DB } from '../../store/db/schema.js';
import { findMediaByPath, insertVariant } from '../../store/media/media.store.js';
import type { MediaFiles } from '../../store/media/media-files.js';
import { renderWidth } from './process-image.js';

/** An image as a link preview names it: on this site, with its size and type. */
export interface SocialImage {
  /** Its path on this site ("/media/…"). */
  readonly src: string;
  readonly width: number;
  readonly height: number;
  readonly mime: string;
}

/** What finding or making a preview image needs: the database and where media files live. */
export interface SocialImageDeps {
  readonly db: Kysely<DB>;
  readonly media: MediaFiles;
}

// Link previews take JPEG and PNG everywhere; WebP and GIF not everywhere.
const CARD_FORMATS: readonly string[] = ['jpeg', 'png'];

const toImage = (v: ImageVariant): SocialImage => ({ src: v.src, width: v.width, height: v.height, mime: FORMAT_FILES[v.format as ImageFormat].mime });

/**
 * The image a link preview shows for a media item (an article's lead image): its
 * rendition 1200 px wide in JPEG or PNG. Uploads since that width was added have it;
 * an older item gets it here, on the first render of a page that shares it, from its
 * widest rendition (or, for an SVG, drawn at that width), stored like every rendition,
 * so it is made once. An item narrower than 1200 px offers its widest rendition: a
 * smaller preview is better than a blurred enlargement. Null for a path that is no
 * media item.
 */
export async function socialImage(deps: SocialImageDeps, src: string): Promise<SocialImage | null> {
  const item = await findMediaByPath(deps.db, src);
  if (!item) return null;
  const cards = item.variants.filter((v) => CARD_FORMATS.includes(v.format));
  const ready = cards.find((v) => v.width === SOCIAL_IMAGE_WIDTH);
  if (ready) return toImage(ready);
  const svg = item.mime === 'image/svg+xml';
  const widest = cards.reduce<ImageVariant | null>((a, b) => (a && a.width >= b.width ? a : b), null);
  const source = svg ? { path: item.src, width: item.width ?? SOCIAL_IMAGE_WIDTH, format: 'png' as const } : widest;
  if (!source) return null;
  if (!svg && source.width < SOCIAL_IMAGE_WIDTH) return widest ? toImage(widest) : null;
  const name = (svg ? item.src : (source as ImageVariant).src).replace(/^\/media\//, '');
  const bytes = await deps.media.read(name);
  if (!bytes) return widest ? toImage(widest) : null;
  const format = isImageFormat(source.format) ? source.format : 'png';
  const rendered = await renderWidth(bytes, { svg, width: source.width }, SOCIAL_IMAGE_WIDTH, format);
  const file = `${createHash('sha256').update(rendered.bytes).digest('base64url').slice(0, 22)}.${FORMAT_FILES[format].extension}`;
  await deps.media.put(file, rendered.bytes);
  const variant = { width: rendered.width, height: rendered.height, format, path: `/media/${file}`, bytes: rendered.bytes.length };
  await insertVariant(deps.db, item.id, variant);
  return { src: variant.path, width: variant.width, height: variant.height, mime: FORMAT_FILES[format].mime };
}

/** The size of a media item by its path, for structured data that states it (the site's logo); null when unknown. */
export async function imageSize(db: Kysely<DB>, src: string): Promise<{ width: number; height: number } | null> {
  const item = await findMediaByPath(db, src);
  return item?.width && item.height ? { width: item.width, height: item.height } : null;
}
