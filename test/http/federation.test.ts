import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyWorkflow } from '../../src/services/articles/workflow.js';
import { following, received } from '../../src/services/federation/federation-data.js';
import { DATABASES } from '../support/databases.js';
import { draftInSection, sectionWithEditor, startListeningPlacard, type ListeningPlacard } from '../support/federation.js';

const AP = 'application/activity+json';

/** GETs a URL with the ActivityPub media type and returns its JSON. */
async function getJson(url: string, accept = AP): Promise<{ status: number; type: string; body: Record<string, unknown> }> {
  const response = await fetch(url, { headers: { accept } });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

describe.each(DATABASES)('two Placards federating (%s)', (kind) => {
  let a: ListeningPlacard;
  let b: ListeningPlacard;
  let sectionActor = '';

  beforeAll(async () => {
    [a, b] = await Promise.all([startListeningPlacard(kind), startListeningPlacard(kind)]);
  });
  afterAll(async () => {
    await Promise.all([a?.t.close(), b?.t.close()]);
  });

  it('finds a section by WebFinger and serves its actor to ActivityPub clients, its page to browsers', async () => {
    await sectionWithEditor(a.t, 'ireland');
    const finger = await getJson(`${a.origin}/.well-known/webfinger?resource=${encodeURIComponent(`acct:ireland@${a.host}`)}`, 'application/jrd+json');
    expect(finger.status).toBe(200);
    const self = (finger.body.links as { rel: string; type?: string; href: string }[]).find((l) => l.rel === 'self');
    expect(self?.type).toBe(AP);
    sectionActor = self!.href;

    const actor = await getJson(`${a.origin}/sections/ireland`);
    expect(actor.status).toBe(200);
    expect(actor.type).toContain('application/activity+json');
    expect(actor.body).toMatchObject({
      id: sectionActor,
      type: 'Organization',
      preferredUsername: 'ireland',
      name: 'Socialist Party Ireland',
      url: `${a.origin}/sections/ireland`,
    });
    expect((actor.body.publicKey as { publicKeyPem: string }).publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(actor.body.assertionMethod).toHaveLength(2);
    const ld = await getJson(`${a.origin}/sections/ireland`, 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"');
    expect(ld.body.id).toBe(sectionActor);

    const fromActor = await fetch(sectionActor, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(fromActor.status).toBe(303);
    expect(fromActor.headers.get('location')).toBe('/sections/ireland');

    const html = await fetch(`${a.origin}/sections/ireland`, { headers: { accept: 'text/html' } });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('vary')).toMatch(/\bAccept\b/);

    const site = await getJson(`${a.origin}/`);
    expect(site.body).toMatchObject({ type: 'Organization', preferredUsername: 'site', url: `${a.origin}/` });
    const siteFinger = await getJson(`${a.origin}/.well-known/webfinger?resource=${encodeURIComponent(`acct:site@${a.host}`)}`, 'application/jrd+json');
    expect(siteFinger.status).toBe(200);
    const unknown = await fetch(`${a.origin}/.well-known/webfinger?resource=${encodeURIComponent(`acct:nobody@${a.host}`)}`);
    expect(unknown.status).toBe(404);
  });

  it('tells nobody while nobody follows: the publishing event is settled without an activity', async () => {
    const { editor } = await sectionWithEditor(b.t, 'sweden');
    const id = await draftInSection(b.t, 'sweden', 'Nobody is listening yet');
    await applyWorkflow({ db: b.t.database.db, clock: b.t.actions.clock, changes: b.t.changes }, editor, id, { action: 'publish' });
    expect(await b.t.placard.jobs.federation.runOnce()).toEqual({ announced: 0, failed: 0 });
    const events = await b.t.database.db.selectFrom('federation_events').select(['done_at']).where('article_id', '=', id).execute();
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.done_at !== null)).toBe(true);
    expect(await b.t.database.db.selectFrom('federation_queue').select('id').execute()).toEqual([]);
  });

  it('accepts a follow from the other Placard, counts it, and sends the section’s article to its inbox signed', async () => {
    await (await b.t.placard.federation()).followRemote(sectionActor);
    await expect.poll(async () => (await following.list(b.t.database.db, 'site'))[0]?.acceptedAt ?? null, { timeout: 15_000 }).not.toBeNull();
    const followersUrl = `${sectionActor}/followers`;
    const collection = await getJson(followersUrl);
    expect(collection.body.totalItems).toBe(1);
    const firstPage = await getJson(String(collection.body.first));
    expect(firstPage.body.orderedItems).toEqual([`${b.origin}/ap/actors/site`]);

    const db = a.t.database.db;
    const { editor } = await sectionEditor(a);
    const id = await draftInSection(a.t, 'ireland', 'Dublin dockers strike');
    await applyWorkflow({ db, clock: a.t.actions.clock, changes: a.t.changes }, editor, id, { action: 'publish' });
    await a.t.placard.jobs.federation.runOnce();

    await expect.poll(async () => (await received.list(b.t.database.db, 10)).filter((r) => r.type === 'Create').length, { timeout: 15_000 }).toBeGreaterThan(0);
    const create = (await received.list(b.t.database.db, 10)).find((r) => r.type === 'Create')!;
    expect(create.actorUri).toBe(sectionActor);
    const activity = JSON.parse(create.activity) as { object: Record<string, unknown> };
    expect(activity.object).toMatchObject({
      type: 'Article',
      name: 'Ireland: Dublin dockers strike',
      summary: 'Workers walked out at dawn.',
      attributedTo: sectionActor,
    });
    expect(String(activity.object.content)).toContain('<strong>dawn</strong>');
    expect(activity.object.inReplyTo).toBeUndefined();

    const outbox = await getJson(`${sectionActor}/outbox`);
    expect(outbox.body.totalItems).toBe(1);
    const outboxPage = await getJson(String(outbox.body.first));
    const listed = [outboxPage.body.orderedItems].flat() as { id: string; object: { id: string } }[];
    expect(listed.map((c) => c.id)).toEqual([(activity as unknown as { id: string }).id]);
    // The site's actor has every published article.
    expect((await getJson(`${a.origin}/ap/actors/site/outbox`)).body.totalItems).toBe(1);

    // Withdrawn: followers are told to delete it.
    await applyWorkflow({ db, clock: a.t.actions.clock, changes: a.t.changes }, editor, id, { action: 'withdraw', note: 'Published by mistake.' });
    await a.t.placard.jobs.federation.runOnce();
    await expect.poll(async () => (await received.list(b.t.database.db, 10)).some((r) => r.type === 'Delete'), { timeout: 15_000 }).toBe(true);
  });
});

async function sectionEditor(p: ListeningPlacard) {
  const row = await p.t.database.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role'])
    .where('email', '=', 'editor-ireland@example.org')
    .executeTakeFirstOrThrow();
  return { editor: { id: row.id, email: row.email, name: row.name, role: row.role, sectionIds: [], contributorId: null, totpEnabled: false } };
}
