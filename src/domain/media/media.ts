/** The image formats Placard accepts and serves; anything else is refused at upload. */
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'gif'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** The MIME type and file extension each format is served with. */
export const FORMAT_FILES: Readonly<Record<ImageFormat, { readonly mime: string; readonly extension: string }>> = {
  jpeg: { mime: 'image/jpeg', extension: 'jpg' },
  png: { mime: 'image/png', extension: 'png' },
  webp: { mime: 'image/webp', extension: 'webp' },
  gif: { mime: 'image/gif', extension: 'gif' },
};

/** True when the string names an accepted image format. */
export function isImageFormat(value: string): value is ImageFormat {
  return (IMAGE_FORMATS as readonly string[]).includes(value);
}

/** One stored rendition of an uploaded image: a width in one format. */
export interface ImageVariant {
  readonly src: string;
  readonly width: number;
  readonly height: number;
  readonly format: string;
  readonly bytes: number;
}

/** What a reader is told about an image: alt text (may be empty until someone writes it), caption, credit. */
export interface MediaText {
  readonly alt: string;
  readonly caption: string | null;
  readonly credit: string | null;
}

/** A media item as the library shows it. */
export interface MediaItem extends MediaText {
  readonly id: number;
  /** The largest rendition in the original format (or the file itself, for media without variants). */
  readonly src: string;
  readonly mime: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly originalName: string | null;
  readonly createdAt: string;
  readonly uploader: { readonly id: number; readonly name: string } | null;
  readonly variants: readonly ImageVariant[];
}
