import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where media bytes live. Local disk in the embedded default; an S3-compatible bucket
 * will implement the same interface for scale-out. Names are content-addressed
 * (a hash and an extension), so a file never changes once written.
 */
export interface MediaFiles {
  put(name: string, bytes: Buffer): Promise<void>;
  read(name: string): Promise<Buffer | undefined>;
}

const SAFE_NAME = /^[A-Za-z0-9_-]{1,100}\.[a-z0-9]{2,5}$/;

/** True for a name a media file may have: no slashes, dots only before the extension. */
export function isSafeMediaName(name: string): boolean {
  return SAFE_NAME.test(name);
}

/** Media files in a folder on local disk; writes go through a temporary file so a reader never sees half a file. */
export function localMediaFiles(dir: string): MediaFiles {
  return {
    async put(name, bytes) {
      if (!isSafeMediaName(name)) throw new Error(`unsafe media file name: ${name}`);
      await mkdir(dir, { recursive: true });
      const temp = join(dir, `.${name}.tmp`);
      await writeFile(temp, bytes);
      await rename(temp, join(dir, name));
    },
    async read(name) {
      if (!isSafeMediaName(name)) return undefined;
      try {
        return await readFile(join(dir, name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
