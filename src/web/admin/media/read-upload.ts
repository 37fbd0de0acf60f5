import type { FastifyRequest } from 'fastify';
import { cleanFormText } from '../../input/input-guard.hook.js';
import { MAX_UPLOAD_BYTES } from '../../../domain/media/media-rules.js';

/** The upload form as received: its text fields, the file (if one was chosen and fitted), and whether one was too large. */
export interface UploadForm {
  readonly fields: Readonly<Record<string, string>>;
  readonly file: { readonly bytes: Buffer; readonly name: string } | null;
  readonly tooLarge: boolean;
}

const TEXT_FIELDS = new Set(['alt', 'caption', 'credit']);

/**
 * Busboy's limits for the upload form: one file of at most 20 MB, a handful of short
 * fields. A file over the limit is cut off (not thrown), so the rest of the form is
 * still read and the person's typed text can be shown again with the message.
 */
export const UPLOAD_LIMITS = { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 8, parts: 10, fieldSize: 16 * 1024, headerPairs: 20 } as const;

/**
 * The most a request to the upload route may declare before it is refused unread:
 * twice the file limit, so a photo a little too large still gets the form back with
 * its text, while a client cannot make the server read gigabytes.
 */
export const MAX_REQUEST_BYTES = 2 * MAX_UPLOAD_BYTES;

/** Reads a multipart upload form; nothing is written anywhere and no byte of the file is logged. */
export async function readUploadForm(request: FastifyRequest): Promise<UploadForm> {
  const fields: Record<string, string> = {};
  let file: UploadForm['file'] = null;
  let tooLarge = false;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (TEXT_FIELDS.has(part.fieldname) && typeof part.value === 'string') fields[part.fieldname] = cleanFormText(part.fieldname, part.value);
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of part.file) chunks.push(chunk as Buffer);
    if (part.fieldname !== 'file' || file) continue;
    if (part.file.truncated) tooLarge = true;
    else file = { bytes: Buffer.concat(chunks), name: part.filename };
  }
  return { fields, file, tooLarge };
}
