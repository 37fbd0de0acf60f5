import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** An S3-compatible server the test started itself (s3rver, storing in a temporary folder). */
export interface TestS3 {
  readonly endpoint: string;
  /** Creates a new, empty bucket and returns the environment that keeps a Placard's media in it. */
  bucket(prefix?: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

let buckets = 0;

/** Starts an S3-compatible server on a free loopback port; `close()` stops it and removes what it stored. */
export async function startS3(): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'placard-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  return {
    endpoint,
    async bucket(prefix) {
      const name = `placard-test-${process.pid}-${++buckets}`;
      await client.send(new CreateBucketCommand({ Bucket: name }));
      return {
        MEDIA_STORAGE: 's3',
        MEDIA_S3_ENDPOINT: endpoint,
        MEDIA_S3_REGION: 'us-east-1',
        MEDIA_S3_BUCKET: name,
        MEDIA_S3_ACCESS_KEY_ID: 'S3RVER',
        MEDIA_S3_SECRET_ACCESS_KEY: 'S3RVER',
        MEDIA_S3_FORCE_PATH_STYLE: 'on',
        ...(prefix ? { MEDIA_S3_PREFIX: prefix } : {}),
      };
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
