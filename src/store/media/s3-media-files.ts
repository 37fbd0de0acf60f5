import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3MediaConfig } from '../../config/config.js';
import { mediaType } from '../../domain/media/media-types.js';
import { byCodePoint, isSafeMediaName, type MediaFiles } from './media-files.js';

function notFound(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404;
}

/**
 * Media files in an S3-compatible bucket (AWS S3, MinIO, Garage, Backblaze B2, Wasabi…),
 * under an optional prefix, so every node of an installation sees every upload. The
 * bucket stays private: Placard reads it and serves the files itself at /media/…, so
 * readers' browsers never contact the bucket's host (docs/decisions/0037). An object is
 * written whole by one PUT, so a reader never sees half a file.
 */
export function s3MediaFiles(config: S3MediaConfig): MediaFiles {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    ...(config.credentials ? { credentials: { ...config.credentials } } : {}),
    // Only the checksums every S3-compatible server understands.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const key = (name: string) => `${config.prefix}${name}`;
  const bucket = config.bucket;

  async function get(name: string) {
    try {
      return await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(name) }));
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  return {
    async put(name, bytes) {
      if (!isSafeMediaName(name)) throw new Error(`unsafe media file name: ${name}`);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key(name),
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: mediaType(name) ?? 'application/octet-stream',
        }),
      );
    },
    async read(name) {
      if (!isSafeMediaName(name)) return undefined;
      const object = await get(name);
      if (!object?.Body) return undefined;
      return Buffer.from(await object.Body.transformToByteArray());
    },
    async open(name) {
      if (!isSafeMediaName(name)) return undefined;
      const object = await get(name);
      if (!object?.Body) return undefined;
      const body = object.Body instanceof Readable ? object.Body : Readable.fromWeb(object.Body.transformToWebStream() as never);
      return { bytes: object.ContentLength ?? 0, body };
    },
    async exists(name) {
      if (!isSafeMediaName(name)) return false;
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key(name) }));
        return true;
      } catch (error) {
        if (notFound(error)) return false;
        throw error;
      }
    },
    async delete(name) {
      if (!isSafeMediaName(name)) return;
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key(name) }));
    },
    async list() {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: config.prefix, ContinuationToken: token }));
        for (const object of page.Contents ?? []) {
          const name = object.Key?.slice(config.prefix.length);
          // Objects of other software sharing the bucket, or in a "folder" below the prefix, are not Placard's.
          if (name !== undefined && isSafeMediaName(name)) names.push(name);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return names.sort(byCodePoint);
    },
    async close() {
      client.destroy();
    },
  };
}
