import type { Metadata, OutputInfo, Sharp } from 'sharp';

type SharpModule = typeof import('sharp').default;
let sharpModule: Promise<SharpModule> | undefined;

/**
 * sharp maps libvips (tens of MiB) into the process when imported; only uploads need it,
 * so it is loaded on the first upload, not at start (cold start and idle memory).
 */
function loadSharp(): Promise<SharpModule> {
  sharpModule ??= import('sharp').then((m) => m.default);
  return sharpModule;
}
import { findForeignContent, sniffFileKind, trailingBytes } from '../../domain/media/file-signature.js';
import type { ImageFormat } from '../../domain/media/media.js';
import { MAX_INPUT_PIXELS, UPLOAD_REFUSALS, variantFormats, variantWidths, type UploadRefusal } from '../../domain/media/media-rules.js';

/** One rendition, encoded from the decoded pixels: nothing of the uploaded file survives in it. */
export interface EncodedVariant {
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
  readonly bytes: Buffer;
}

/** An upload, decoded and re-encoded. */
export interface ProcessedImage {
  readonly format: ImageFormat;
  /** The original's size, upright (after EXIF orientation). */
  readonly width: number;
  readonly height: number;
  readonly variants: readonly EncodedVariant[];
}

/** The file cannot be accepted; the message says why in the uploader's terms. */
export class ImageRefused extends Error {
  constructor(readonly refusal: UploadRefusal) {
    super(refusal.message);
  }
}

// A pathological file should fail, not hold a worker thread; a 50-megapixel JPEG decodes in about a second.
const TIMEOUT = { seconds: 30 };

/**
 * Decodes an upload and re-encodes it into every width in WebP and in its own format,
 * upright and without metadata. sharp drops EXIF, GPS, XMP, IPTC and ICC unless asked
 * to keep them, and converts to sRGB. The decoder decides what the file is: its
 * signature must be JPEG, PNG, WebP or GIF and the decoder must agree and read it to
 * the end (`failOn: 'error'` refuses truncated files).
 *
 * An animated GIF (or WebP) keeps its first frame only: news images are stills, motion
 * that starts by itself and cannot be paused fails WCAG 2.2.2, and re-encoding every
 * frame at four widths in two formats would cost far more than a still.
 */
export async function processImage(bytes: Buffer): Promise<ProcessedImage> {
  const format = acceptedFormat(bytes);
  const { width, height } = await readSize(bytes, format);
  if (width * height > MAX_INPUT_PIXELS) throw new ImageRefused(UPLOAD_REFUSALS.tooManyPixels(width, height));
  const widths = variantWidths(width);
  const pixels = await decode(bytes, Math.max(...widths));
  const jobs = widths.flatMap((w) => variantFormats(format).map((f) => encode(pixels, w, f, format)));
  return { format, width, height, variants: await Promise.all(jobs) };
}

function acceptedFormat(bytes: Buffer): ImageFormat {
  if (bytes.length === 0) throw new ImageRefused(UPLOAD_REFUSALS.missing);
  const kind = sniffFileKind(bytes);
  if (kind === 'svg') throw new ImageRefused(UPLOAD_REFUSALS.svg);
  if (kind === 'pdf') throw new ImageRefused(UPLOAD_REFUSALS.pdf);
  if (kind === 'unknown') throw new ImageRefused(UPLOAD_REFUSALS.notImage);
  const foreign = findForeignContent(bytes);
  if (foreign) throw new ImageRefused(UPLOAD_REFUSALS.foreign(foreign));
  const trailing = trailingBytes(bytes, kind);
  if (trailing !== null && trailing > 0) throw new ImageRefused(UPLOAD_REFUSALS.trailing(trailing));
  return kind;
}

/** Reads only the header (no pixels are decoded), so the size is known before anything is allocated. */
async function readSize(bytes: Buffer, format: ImageFormat): Promise<{ width: number; height: number }> {
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRefused(UPLOAD_REFUSALS.damaged);
  }
  if (meta.format !== format || !meta.width || !meta.height) throw new ImageRefused(UPLOAD_REFUSALS.notImage);
  return meta.autoOrient ?? { width: meta.width, height: meta.height };
}

type Pixels = { data: Buffer; info: OutputInfo };

/** Decodes once, upright, to the largest width needed; every rendition is made from these pixels. */
async function decode(bytes: Buffer, width: number): Promise<Pixels> {
  const sharp = await loadSharp();
  try {
    return await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS })
      .autoOrient()
      .resize({ width, withoutEnlargement: true })
      .raw()
      .timeout(TIMEOUT)
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new ImageRefused(UPLOAD_REFUSALS.damaged);
  }
}

/**
 * Photos (JPEG, WebP) become lossy WebP at quality 80; PNGs and GIFs are drawings,
 * screenshots and charts, whose text lossy compression smudges, so their WebP is
 * lossless (still about a quarter smaller than the PNG).
 */
function toFormat(image: Sharp, format: ImageFormat, original: ImageFormat): Sharp {
  switch (format) {
    case 'webp':
      return original === 'png' || original === 'gif' ? image.webp({ lossless: true, effort: 4 }) : image.webp({ quality: 80, effort: 4 });
    case 'jpeg':
      return image.jpeg({ quality: 80, mozjpeg: true });
    case 'png':
      return image.png({ compressionLevel: 9 });
    case 'gif':
      return image.gif();
  }
}

async function encode(pixels: Pixels, width: number, format: ImageFormat, original: ImageFormat): Promise<EncodedVariant> {
  const { channels } = pixels.info;
  const sharp = await loadSharp();
  const raw = sharp(pixels.data, { raw: { width: pixels.info.width, height: pixels.info.height, channels: channels as 1 | 2 | 3 | 4 } });
  const { data, info } = await toFormat(raw.resize({ width }), format, original).timeout(TIMEOUT).toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, format, bytes: data };
}

/**
 * A rendition `width` pixels wide of a stored file (a rendition, or an SVG as the demo
 * has), in `format`: for link previews of media stored before that width was one of
 * the renditions. An SVG is drawn at that width, so it stays sharp; a bitmap is only
 * ever scaled down (the caller picks a source at least as wide).
 */
export async function renderWidth(
  bytes: Buffer,
  source: { readonly svg: boolean; readonly width: number },
  width: number,
  format: ImageFormat,
): Promise<EncodedVariant> {
  const sharp = await loadSharp();
  // librsvg draws an SVG at 72 dpi for its own width: scale the density to draw it at `width`.
  const input = source.svg
    ? sharp(bytes, { density: Math.min(2400, (72 * width) / Math.max(1, source.width)), limitInputPixels: MAX_INPUT_PIXELS })
    : sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS });
  const sized = input.resize({ width, withoutEnlargement: !source.svg });
  // JPEG has no transparency: transparent parts on white, as a page shows them.
  const resized = format === 'jpeg' ? sized.flatten({ background: '#ffffff' }) : sized;
  const { data, info } = await toFormat(resized, format, format).timeout(TIMEOUT).toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, format, bytes: data };
}
