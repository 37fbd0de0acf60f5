import type { FieldError } from '../articles/article-input.js';
import type { StaffUser } from '../accounts/staff.js';
import type { ImageFormat, MediaText } from './media.js';

/**
 * 20 MB: a full-resolution photograph from a 45-megapixel camera is 15–20 MB as a
 * high-quality JPEG; anything larger is a TIFF in disguise or a mistake.
 */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * 50 megapixels decoded: beyond any newsroom camera, and it caps what a small,
 * highly compressed file (a "decompression bomb") can make the decoder allocate.
 */
export const MAX_INPUT_PIXELS = 50_000_000;

/**
 * Widths of the stored renditions: a phone (320 CSS px at 1x, 640 at 2x), a tablet,
 * the width link previews ask for (1200, see SOCIAL_IMAGE_WIDTH), the article column
 * (42rem, 672 px) at 2x–2.4x. Never wider than the original.
 */
export const VARIANT_WIDTHS = [320, 640, 1024, 1200, 1600] as const;

/**
 * The width of the image in a link preview (Open Graph, Twitter cards): Facebook and
 * others ask for 1200 px wide and show a smaller one blurred or as a thumbnail.
 * Media uploaded before this width was a rendition get it on first need
 * (services/media/social-image.ts).
 */
export const SOCIAL_IMAGE_WIDTH = 1200;
const MAX_VARIANT_WIDTH = 1600;

/** The longest alt text, caption and credit accepted (alt text should be a sentence or two). */
export const TEXT_LIMITS = { alt: 1000, caption: 2000, credit: 300 } as const;

/**
 * The widths to store for an original of this width: every standard width clearly
 * narrower than the original (a 330 px rendition of a 340 px image is waste), and the
 * original itself up to 1600 px. An image is never scaled up.
 */
export function variantWidths(originalWidth: number): number[] {
  const largest = Math.min(Math.max(1, Math.floor(originalWidth)), MAX_VARIANT_WIDTH);
  return [...VARIANT_WIDTHS.filter((w) => w <= largest * 0.85), largest];
}

/**
 * The formats to store: WebP for every browser that takes it (all current ones), and
 * the original format as the fallback, so a PNG diagram stays lossless and a JPEG
 * photo stays a JPEG. GIFs are stored as their first frame (see process-image.ts).
 */
export function variantFormats(format: ImageFormat): ImageFormat[] {
  return format === 'webp' ? ['webp'] : ['webp', format];
}

/** Trims the text an editor typed; an empty caption or credit is none at all. */
export function normaliseMediaText(input: { alt?: unknown; caption?: unknown; credit?: unknown }): MediaText {
  const clean = (value: unknown) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '');
  const caption = clean(input.caption);
  const credit = clean(input.credit);
  return { alt: clean(input.alt), caption: caption === '' ? null : caption, credit: credit === '' ? null : credit };
}

/** Checks the lengths of alt text, caption and credit; an empty alt text is allowed until publication. */
export function checkMediaText(text: MediaText): FieldError[] {
  const errors: FieldError[] = [];
  if (text.alt.length > TEXT_LIMITS.alt)
    errors.push({
      field: 'alt',
      message: `Alt text must be ${TEXT_LIMITS.alt} characters or fewer; put the rest in the caption.`,
      key: 'domain.media.alt-too-long',
      values: { max: TEXT_LIMITS.alt },
    });
  if ((text.caption ?? '').length > TEXT_LIMITS.caption)
    errors.push({
      field: 'caption',
      message: `The caption must be ${TEXT_LIMITS.caption} characters or fewer.`,
      key: 'domain.media.caption-too-long',
      values: { max: TEXT_LIMITS.caption },
    });
  if ((text.credit ?? '').length > TEXT_LIMITS.credit)
    errors.push({
      field: 'credit',
      message: `The credit must be ${TEXT_LIMITS.credit} characters or fewer.`,
      key: 'domain.media.credit-too-long',
      values: { max: TEXT_LIMITS.credit },
    });
  return errors;
}

/**
 * True when an image has no usable alt text: none, only spaces, or its file name
 * ("IMG_2041.JPG" tells a screen-reader user nothing about the picture).
 */
export function lacksAltText(alt: string, originalName: string | null = null): boolean {
  const text = alt.trim();
  if (text === '') return true;
  if (originalName && text.toLowerCase() === originalName.trim().toLowerCase()) return true;
  return /^[\w.-]+\.(jpe?g|png|gif|webp|heic|tiff?)$/i.test(text);
}

/** Why an image may not lead a published article (its words and their catalogue key), or null when it may. */
export function publishableImageRule(media: { alt: string; originalName: string | null } | undefined): { message: string; key: string } | null {
  if (!media) return { message: 'The chosen image is no longer in the media library. Choose another.', key: 'domain.media.image-gone' };
  if (lacksAltText(media.alt, media.originalName))
    return {
      message: 'The lead image needs alt text before the article can be published. Describe the picture in the media library.',
      key: 'domain.media.image-needs-alt',
    };
  return null;
}

/** Why an image may not lead a published article, or null when it may. */
export function publishableImageProblem(media: { alt: string; originalName: string | null } | undefined): string | null {
  return publishableImageRule(media)?.message ?? null;
}

/** A file name as the library shows it: the last path segment, no control characters, at most 200 characters. */
export function cleanFileName(name: string | null | undefined): string | null {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return clean === '' ? null : clean;
}

/** Why an upload was refused: English words, and their message in the catalogues for the admin. */
export interface UploadRefusal {
  readonly message: string;
  readonly key: string;
  readonly values?: Readonly<Record<string, string | number>>;
}

// What findForeignContent names, as the catalogues select it.
const FOREIGN_KINDS: Readonly<Record<string, string>> = { 'a PDF document': 'pdf', 'PHP code': 'php', 'HTML or script': 'markup', 'a ZIP archive': 'zip' };

/** Why an upload was refused, in words the person uploading can act on. */
export const UPLOAD_REFUSALS = {
  missing: { message: 'Choose an image file to upload.', key: 'domain.media.upload-missing' },
  tooLarge: {
    message: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Export a smaller version (3000 pixels wide is plenty) and upload that.`,
    key: 'domain.media.upload-too-large',
    values: { megabytes: MAX_UPLOAD_BYTES / 1024 / 1024 },
  },
  svg: {
    message: 'SVG drawings are not accepted: they can carry scripts. Export the drawing as a PNG and upload that.',
    key: 'domain.media.upload-svg',
  },
  pdf: {
    message: 'This file is a PDF document, not an image, whatever its name says. Export the page as a PNG or JPEG and upload that.',
    key: 'domain.media.upload-pdf',
  },
  notImage: {
    message: 'This file is not a JPEG, PNG, WebP or GIF image, whatever its name says. Upload a photo or graphic in one of those formats.',
    key: 'domain.media.upload-not-image',
  },
  damaged: {
    message: 'The image could not be read to the end: the file is damaged or incomplete. Download or export it again and upload the new copy.',
    key: 'domain.media.upload-damaged',
  },
  tooManyPixels: (width: number, height: number): UploadRefusal => {
    const megapixels = ((width * height) / 1e6).toFixed(1);
    return {
      message: `The image is ${width} × ${height} pixels (${megapixels} megapixels); the most accepted is ${MAX_INPUT_PIXELS / 1e6} megapixels. Make it smaller and upload it again.`,
      key: 'domain.media.upload-too-many-pixels',
      values: { width, height, megapixels, limit: MAX_INPUT_PIXELS / 1e6 },
    };
  },
  foreign: (what: string): UploadRefusal => ({
    message: `The file is an image with ${what} hidden in it. Open it in an image editor, export it again and upload the new copy.`,
    key: 'domain.media.upload-foreign',
    values: { what: FOREIGN_KINDS[what] ?? 'other' },
  }),
  trailing: (count: number): UploadRefusal => ({
    message: `The file has ${count.toLocaleString('en-US')} ${count === 1 ? 'byte' : 'bytes'} of something else after the end of the image. Open it in an image editor, export it again and upload the new copy.`,
    key: 'domain.media.upload-trailing',
    values: { count },
  }),
} as const satisfies Readonly<Record<string, UploadRefusal | ((...args: never[]) => UploadRefusal)>>;

/**
 * Who may change an item's alt text, caption and credit: authors their own uploads;
 * editors, section editors and administrators any (they answer for what is published).
 */
export function canEditMedia(user: Pick<StaffUser, 'id' | 'role'>, item: { uploader: { id: number } | null }): boolean {
  if (user.role === 'coordinator') return false;
  if (user.role === 'author') return item.uploader?.id === user.id;
  return true;
}
