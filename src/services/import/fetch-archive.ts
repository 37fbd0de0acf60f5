import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveUnreadable } from '../../domain/import/xml-stream.js';

/** The most a fetched feed may weigh: an archive bigger than this is exported to a file and imported from it. */
export const MAX_FETCH_BYTES = 256 * 1024 * 1024;

/**
 * Downloads a feed to a temporary file (it is read twice), with a time limit and a size
 * limit; gives the file and a function that removes it. Only http and https are fetched.
 * Throws ArchiveUnreadable naming the address and what went wrong.
 */
export async function fetchArchive(
  address: string,
  limits: { timeoutMs?: number; maxBytes?: number } = {},
): Promise<{ path: string; dispose: () => Promise<void> }> {
  const url = new URL(address);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ArchiveUnreadable(`${address}: only http and https addresses can be fetched`);
  const maxBytes = limits.maxBytes ?? MAX_FETCH_BYTES;
  const dir = await mkdtemp(join(tmpdir(), 'placard-import-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'feed.xml');
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(limits.timeoutMs ?? 60_000), redirect: 'follow' });
    if (!response.ok || !response.body) throw new ArchiveUnreadable(`${address}: the server answered ${response.status}`);
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) throw new ArchiveUnreadable(`${address}: the feed is larger than ${maxBytes} bytes`);
    const out = createWriteStream(path);
    let total = 0;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        total += chunk.length;
        if (total > maxBytes) throw new ArchiveUnreadable(`${address}: the feed is larger than ${maxBytes} bytes`);
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
    } finally {
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    }
    return { path, dispose };
  } catch (error) {
    await dispose();
    if (error instanceof ArchiveUnreadable) throw error;
    const cause = (error as Error).name === 'TimeoutError' ? 'no answer in time' : ((error as { cause?: Error }).cause?.message ?? (error as Error).message);
    throw new ArchiveUnreadable(`${address}: cannot fetch the feed: ${cause}`);
  }
}
