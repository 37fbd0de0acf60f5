import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { signRequest } from '@fedify/fedify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyWorkflow } from '../../src/services/articles/workflow.js';
import { setSectionRetired } from '../../src/store/sections/section.store.js';
import { DATABASES } from '../support/databases.js';
import { draftInSection, sectionWithEditor, startListeningPlacard, type ListeningPlacard } from '../support/federation.js';

const AP = 'application/activity+json';
const FIXTURES = new URL('../fixtures/activitypub/', import.meta.url);

/** A Mastodon 4.x account served from loopback as Mastodon serves it, with what its inboxes receive. */
interface FakeMastodon {
  readonly origin: string;
  readonly actor: string;
  readonly privateKey: CryptoKey;
  /** Every POST to the account's inbox or the shared inbox: path, signature headers and body. */
  readonly posts: { path: string; signed: boolean; body: Record<string, unknown> }[];
  fixture(name: string, extra?: Record<string, string>): string;
  close(): Promise<void>;
}

async function startFakeMastodon(): Promise<FakeMastodon> {
  const keys = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const spki = Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey)).toString('base64');
  const pem = `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
  const posts: FakeMastodon['posts'] = [];
  let origin = '';
  const fill = (name: string, extra: Record<string, string> = {}) => {
    let text = readFileSync(new URL(name, FIXTURES), 'utf8');
    const values: Record<string, string> = { ORIGIN: origin, HOST: new URL(origin).host, PUBLIC_KEY_PEM: JSON.stringify(pem).slice(1, -1), ...extra };
    for (const [key, value] of Object.entries(values)) text = text.replaceAll(`{{${key}}}`, value);
    return text;
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const path = (request.url ?? '').split('?')[0];
      if (request.method === 'POST' && (path === '/users/aoife/inbox' || path === '/inbox')) {
        const signed = typeof request.headers.signature === 'string' || typeof request.headers['signature-input'] === 'string';
        posts.push({ path, signed, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        response.writeHead(202).end();
      } else if (path === '/users/aoife') {
        response.writeHead(200, { 'content-type': 'application/activity+json; charset=utf-8' }).end(fill('mastodon-actor.json'));
      } else if (path === '/.well-known/webfinger') {
        response.writeHead(200, { 'content-type': 'application/jrd+json; charset=utf-8' }).end(fill('mastodon-webfinger.json'));
      } else response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    actor: `${origin}/users/aoife`,
    privateKey: keys.privateKey,
    posts,
    fixture: fill,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** POSTs an activity to an inbox as Mastodon does: draft-cavage signature with the account's key. */
async function deliverSigned(mastodon: FakeMastodon, inbox: string, body: string): Promise<Response> {
  const request = new Request(inbox, { method: 'POST', headers: { 'content-type': AP, accept: AP }, body });
  const signed = await signRequest(request, mastodon.privateKey, new URL(`${mastodon.actor}#main-key`), { spec: 'draft-cavage-http-signatures-12' });
  return fetch(signed);
}

describe.each(DATABASES)('a Mastodon user following a section (%s)', (kind) => {
  let a: ListeningPlacard;
  let mastodon: FakeMastodon;
  let sectionActor = '';

  beforeAll(async () => {
    a = await startListeningPlacard(kind);
    mastodon = await startFakeMastodon();
    await sectionWithEditor(a.t, 'ireland');
    const actor = (await (await fetch(`${a.origin}/sections/ireland`, { headers: { accept: AP } })).json()) as { id: string };
    sectionActor = actor.id;
  });
  afterAll(async () => {
    await a?.t.close();
    await mastodon?.close();
  });

  it('refuses an unsigned Follow and accepts a signed one, answering with a signed Accept', async () => {
    const follow = mastodon.fixture('mastodon-follow.json', { TARGET: sectionActor });
    const unsigned = await fetch(`${sectionActor}/inbox`, { method: 'POST', headers: { 'content-type': AP }, body: follow });
    expect(unsigned.status).toBe(401);

    const response = await deliverSigned(mastodon, `${sectionActor}/inbox`, follow);
    expect(response.status).toBe(202);
    await expect.poll(() => mastodon.posts.find((p) => p.body.type === 'Accept'), { timeout: 15_000 }).toBeDefined();
    const accept = mastodon.posts.find((p) => p.body.type === 'Accept')!;
    expect(accept.path).toBe('/users/aoife/inbox');
    expect(accept.signed).toBe(true);
    expect(accept.body.actor).toBe(sectionActor);

    const followers = (await (await fetch(`${sectionActor}/followers`, { headers: { accept: AP } })).json()) as { totalItems: number };
    expect(followers.totalItems).toBe(1);
  });

  it('delivers a published article to the shared inbox, then its public update', async () => {
    const user = await a.t.database.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'role'])
      .where('email', '=', 'editor-ireland@example.org')
      .executeTakeFirstOrThrow();
    const editor = { ...user, sectionIds: [], contributorId: null, totpEnabled: false };
    const id = await draftInSection(a.t, 'ireland', 'Dublin dockers strike');
    const deps = { db: a.t.database.db, clock: a.t.actions.clock, changes: a.t.changes };
    await applyWorkflow(deps, editor, id, { action: 'publish' });
    await a.t.placard.jobs.federation.runOnce();
    await expect.poll(() => mastodon.posts.find((p) => p.body.type === 'Create'), { timeout: 15_000 }).toBeDefined();
    const create = mastodon.posts.find((p) => p.body.type === 'Create')!;
    expect(create.path).toBe('/inbox');
    expect(create.signed).toBe(true);
    const article = create.body.object as Record<string, unknown>;
    expect(article).toMatchObject({ type: 'Article', summary: 'Workers walked out at dawn.', url: `${a.origin}/articles/dublin-dockers-strike` });
    expect(article.contentMap).toMatchObject({ en: expect.stringContaining('<strong>dawn</strong>') });
    expect([article.tag].flat()).toContainEqual(expect.objectContaining({ type: 'Hashtag', name: '#Ireland' }));

    await applyWorkflow(deps, editor, id, { action: 'update', note: 'The strike is over.' });
    await a.t.placard.jobs.federation.runOnce();
    await expect.poll(() => mastodon.posts.find((p) => p.body.type === 'Update'), { timeout: 15_000 }).toBeDefined();
  });

  it('forgets a follower who undoes the Follow, and answers 410 for a retired section', async () => {
    const undo = mastodon.fixture('mastodon-undo-follow.json', { TARGET: sectionActor });
    expect((await deliverSigned(mastodon, `${sectionActor}/inbox`, undo)).status).toBe(202);
    await expect
      .poll(async () => ((await (await fetch(`${sectionActor}/followers`, { headers: { accept: AP } })).json()) as { totalItems: number }).totalItems, {
        timeout: 15_000,
      })
      .toBe(0);

    const section = await a.t.database.db.selectFrom('sections').select('id').where('slug', '=', 'ireland').executeTakeFirstOrThrow();
    await setSectionRetired(a.t.database.db, section.id, '2026-01-01T00:00:00.000Z');
    const gone = await fetch(sectionActor, { headers: { accept: AP } });
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { type: string }).type).toBe('Tombstone');
  });
});
