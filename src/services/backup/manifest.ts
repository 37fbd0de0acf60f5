import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { z } from 'zod';

/** The file in every backup folder that says what it holds and how to check it. */
export const MANIFEST_FILE = 'manifest.json';
/** The database's file in a backup of SQLite: one self-contained SQLite file. */
export const SQLITE_FILE = 'placard.sqlite';
/** The database's file in a backup of PostgreSQL: pg_dump's custom format, for pg_restore. */
export const POSTGRES_FILE = 'placard.pgdump';
/** The backup's folder of media files (originals and renditions), copied from the data folder or the bucket. */
export const MEDIA_FOLDER = 'media';
/** The data folder's folder of mail written as files, which a backup copies too. */
export const OUTBOX_FOLDER = 'outbox';

const file = z.object({
  path: z.string().min(1),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const manifestSchema = z.object({
  format: z.literal('placard-backup'),
  formatVersion: z.literal(1),
  placardVersion: z.string(),
  /** When the database's snapshot began: everything acknowledged before it is in the backup. */
  startedAt: z.string(),
  finishedAt: z.string(),
  database: z.object({
    kind: z.enum(['sqlite', 'postgres']),
    file: z.string(),
    /** The schema: how many migrations were applied, and the last one's name. */
    schema: z.object({ migrations: z.number().int().min(0), latest: z.string().nullable(), names: z.array(z.string()) }),
    /** For PostgreSQL: the server's version and the pg_dump that read it. */
    server: z.string().optional(),
    tool: z.object({ name: z.string(), version: z.string(), major: z.number().int() }).optional(),
  }),
  files: z.array(file),
});

/** What a backup holds, written last into its folder: the proof that it is finished and whole. */
export type Manifest = z.infer<typeof manifestSchema>;
/** One file of a backup, by its path inside the backup folder. */
export type ManifestFile = z.infer<typeof file>;

/** Reads a manifest; throws with a short reason when it is not one (damaged, or not a Placard backup). */
export function parseManifest(text: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('it is not JSON');
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'manifest'}: ${i.message}`).join('; '));
  for (const f of parsed.data.files) if (!isSafeRelative(f.path)) throw new Error(`files: "${f.path}" leaves the backup folder`);
  return parsed.data;
}

/** True for a path inside a folder: relative, with no ".." part (a manifest must not reach elsewhere). */
export function isSafeRelative(path: string): boolean {
  if (isAbsolute(path) || path.includes('\\')) return false;
  const clean = normalize(path);
  return clean === path && !clean.split(sep).includes('..');
}

/** SHA-256 of a file, streamed, so a large database needs no memory of its size. */
export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The finished files below a folder, as paths relative to `root`. Media and outbox files
 * are written under a temporary name (`.name.tmp`, `name.eml.<random>.tmp`) and renamed
 * when whole, so such a file is one still being written and is skipped.
 */
export async function finishedFiles(root: string, under: string): Promise<string[]> {
  const found: string[] = [];
  let entries;
  try {
    entries = await readdir(join(root, under), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw error;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name.endsWith('.tmp')) continue;
    const path = join(under, entry.name);
    if (entry.isDirectory()) found.push(...(await finishedFiles(root, path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}
