import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveUnreadable } from '../../src/domain/import/xml-stream.js';
import { fetchArchive } from '../../src/services/import/fetch-archive.js';

describe('fetching a feed to import', () => {
  let server: Server;
  let base: string;
  const feed = Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>${'x'.repeat(4000)}</title></channel></rss>`);

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/feed.xml') response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed);
      else if (request.url === '/declared-huge.xml') response.writeHead(200, { 'content-length': String(10 ** 9) }).end();
      else if (request.url === '/slow.xml') setTimeout(() => response.writeHead(200).end(feed), 2_000);
      else if (request.url === '/moved') response.writeHead(302, { location: '/feed.xml' }).end();
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'fetched',
      (error: unknown) => (error instanceof ArchiveUnreadable ? error.message : `unexpected: ${String(error)}`),
    );

  it('downloads a feed, following a redirect, to a file it removes when done', async () => {
    const fetched = await fetchArchive(`${base}/moved`);
    expect(readFileSync(fetched.path)).toEqual(feed);
    await fetched.dispose();
    expect(existsSync(fetched.path)).toBe(false);
  });

  it('refuses a feed over the size limit, one that takes too long, a server error and other schemes', async () => {
    expect(await refusal(fetchArchive(`${base}/feed.xml`, { maxBytes: 1000 }))).toBe(`${base}/feed.xml: the feed is larger than 1000 bytes`);
    expect(await refusal(fetchArchive(`${base}/declared-huge.xml`))).toBe(`${base}/declared-huge.xml: the feed is larger than 268435456 bytes`);
    expect(await refusal(fetchArchive(`${base}/slow.xml`, { timeoutMs: 200 }))).toBe(`${base}/slow.xml: cannot fetch the feed: no answer in time`);
    expect(await refusal(fetchArchive(`${base}/gone.xml`))).toBe(`${base}/gone.xml: the server answered 404`);
    expect(await refusal(fetchArchive('file:///etc/passwd'))).toBe('file:///etc/passwd: only http and https addresses can be fetched');
  });
});
