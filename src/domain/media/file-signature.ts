import type { ImageFormat } from './media.js';

/** What the first bytes of a file say it is; only the four image formats go on to the decoder. */
export type FileKind = ImageFormat | 'svg' | 'pdf' | 'unknown';

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * Reads a file's signature ("magic number"), never its name or the browser's MIME
 * type, both of which the uploader controls. A match only earns the file a decode:
 * the decoder has the last word (services/media/process-image.ts).
 */
export function sniffFileKind(bytes: Uint8Array): FileKind {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).toLowerCase();
  if (head.includes('%pdf-')) return 'pdf';
  if (/^(\ufeff|ï»¿)?\s*</.test(head) && head.includes('<svg')) return 'svg';
  return 'unknown';
}

// Markup a browser would run or render, and PHP's opening tag: what an image/HTML or
// image/PHP polyglot carries. Each is 5+ bytes, so compressed pixel data matches one by
// chance about once in a petabyte.
const MARKUP = /<(?:script|html|body|iframe|object|embed|svg)[\s/>]|<\?php|<!doctype\s+html|%pdf-/;

/**
 * Looks for a second document inside an image: HTML or script, PHP, a PDF, or a ZIP
 * archive (JARs and Office files are ZIPs; a ZIP reader starts from the end of a
 * file, so one appended to a photo still opens). Returns what was found, or null.
 *
 * Re-encoding already guarantees that none of it is ever served; refusing the file
 * as well tells the uploader it is not what it appears to be.
 */
export function findForeignContent(bytes: Uint8Array): string | null {
  const match = MARKUP.exec(new TextDecoder('latin1').decode(bytes).toLowerCase());
  if (match) return match[0].startsWith('%pdf') ? 'a PDF document' : match[0].startsWith('<?php') ? 'PHP code' : 'HTML or script';
  return hasZipArchive(bytes) ? 'a ZIP archive' : null;
}

/**
 * A ZIP ends with an "end of central directory" record (PK\x05\x06) in its last
 * 64 KiB, whose size field leads back to the central directory (PK\x01\x02). Both
 * must hold, so four bytes of pixel data that look like the record are not enough.
 */
function hasZipArchive(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= from; i--) {
    if (!startsWith(bytes, [0x50, 0x4b, 0x05, 0x06], i)) continue;
    const centralSize = new DataView(bytes.buffer, bytes.byteOffset + i + 12, 4).getUint32(0, true);
    if (i - centralSize >= 0 && startsWith(bytes, [0x50, 0x4b, 0x01, 0x02], i - centralSize)) return true;
  }
  return false;
}

/**
 * How many bytes follow the end of the image, by the format's own structure: a PNG ends
 * with its IEND chunk, a GIF with its trailer byte (`;`), a WebP where its RIFF header
 * says. Nothing legitimate comes after, while a polyglot puts its second document there
 * (HTML, an archive) where no markup pattern is sure to find it. Returns 0 when the file
 * ends with the image, and null when the structure cannot be followed (the decoder then
 * decides whether the image is whole).
 *
 * JPEG is not checked: phone cameras append data after the end-of-image marker (further
 * pictures in CIPA's Multi-Picture Format, a motion photo's video), so trailing bytes in
 * a JPEG are ordinary. No uploaded byte is ever served (every stored file is re-encoded
 * from pixels), so this check and findForeignContent tell the uploader, not protect readers.
 */
export function trailingBytes(bytes: Uint8Array, kind: ImageFormat): number | null {
  const end = kind === 'png' ? pngEnd(bytes) : kind === 'gif' ? gifEnd(bytes) : kind === 'webp' ? webpEnd(bytes) : null;
  return end === null ? null : bytes.length - end;
}

function pngEnd(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (startsWith(bytes, ascii('IEND'), at + 4)) return end <= bytes.length ? end : null;
    at = end;
  }
  return null;
}

/** Skips GIF data sub-blocks (a size byte, then that many bytes, until a size of 0). */
function skipSubBlocks(bytes: Uint8Array, at: number): number | null {
  for (let i = at; i < bytes.length; i += (bytes[i] ?? 0) + 1) if (bytes[i] === 0) return i + 1;
  return null;
}

function gifEnd(bytes: Uint8Array): number | null {
  const colorTable = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  let at: number | null = 13 + colorTable(bytes[10] ?? 0);
  while (at !== null && at < bytes.length) {
    const block = bytes[at];
    if (block === 0x3b) return at + 1;
    if (block === 0x21) at = skipSubBlocks(bytes, at + 2);
    else if (block === 0x2c) at = skipSubBlocks(bytes, at + 10 + colorTable(bytes[at + 9] ?? 0) + 1);
    else return null;
  }
  return null;
}

function webpEnd(bytes: Uint8Array): number | null {
  if (bytes.length < 12) return null;
  const size = new DataView(bytes.buffer, bytes.byteOffset + 4, 4).getUint32(0, true);
  const end = 8 + size + (size % 2);
  return end <= bytes.length ? end : null;
}
