import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { isSafeMediaName } from '../../domain/media/media-types.js';

/** One stored media file opened for reading: its size, and its bytes as a stream, so a large one never sits whole in memory. */
export interface OpenedMediaFile {
  readonly bytes: number;
  readonly body: Readable;
}

/**
 * Where media bytes live: a folder on local disk (the default), or an S3-compatible
 * bucket that several nodes share (docs/decisions/0037). Names are content-addressed
 * (a hash and an extension), so a file never changes once written.
 */
export interface MediaFiles {
  put(name: string, bytes: Buffer): Promise<void>;
  /** The whole file, for the image pipeline and the site archive; undefined when there is none. */
  read(name: string): Promise<Buffer | undefined>;
  /** The file as a stream, for serving it and copying it into a backup; undefined when there is none. */
  open(name: string): Promise<OpenedMediaFile | undefined>;
  exists(name: string): Promise<boolean>;
  /** Removes a file; nothing happens when there is none. A restore takes back what it wrote when it fails. */
  delete(name: string): Promise<void>;
  /** Every finished file's name, in code-point order: what a backup copies. */
  list(): Promise<string[]>;
  /** Lets go of connections; the files stay. */
  close(): Promise<void>;
}

export { isSafeMediaName };

function missing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
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
        if (missing(error)) return undefined;
        throw error;
      }
    },
    async open(name) {
      if (!isSafeMediaName(name)) return undefined;
      const path = join(dir, name);
      try {
        const facts = await stat(path);
        if (!facts.isFile()) return undefined;
        return { bytes: facts.size, body: createReadStream(path) };
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
    async exists(name) {
      if (!isSafeMediaName(name)) return false;
      return stat(join(dir, name)).then(
        (facts) => facts.isFile(),
        (error: unknown) => {
          if (missing(error)) return false;
          throw error;
        },
      );
    },
    async delete(name) {
      if (!isSafeMediaName(name)) return;
      await rm(join(dir, name), { force: true });
    },
    async list() {
      try {
        const entries = await readdir(dir, { withFileTypes: true });
        // A file being written is still under its temporary name, which is not a safe one.
        return entries
          .filter((entry) => entry.isFile() && isSafeMediaName(entry.name))
          .map((entry) => entry.name)
          .sort(byCodePoint);
      } catch (error) {
        if (missing(error)) return [];
        throw error;
      }
    },
    async close() {},
  };
}

/** Code-point order, the order S3 lists keys in, so both kinds of storage list alike. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
