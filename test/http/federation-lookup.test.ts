import { getDocumentLoader } from '@fedify/fedify';
import { Article, Create, lookupObject, Organization, traverseCollection } from '@fedify/fedify/vocab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyWorkflow } from '../../src/services/articles/workflow.js';
import { DATABASES } from '../support/databases.js';
import { draftInSection, sectionWithEditor, startListeningPlacard, type ListeningPlacard } from '../support/federation.js';

/*
 * What a fediverse server sees of Placard, read with Fedify's own client functions (the
 * ones its `fedify lookup` command is made of), not with Placard's: lookupObject parses the
 * JSON-LD into ActivityStreams types and refuses what is malformed, so a shape Mastodon
 * could not read fails here. Only loopback needs allowing, as a test on 127.0.0.1.
 */
const documentLoader = getDocumentLoader({ allowPrivateAddress: true });
const lookup = (url: string) => lookupObject(url, { documentLoader, contextLoader: documentLoader });

describe.each(DATABASES)('a section looked up with Fedify’s client (%s)', (kind) => {
  let a: ListeningPlacard;

  beforeAll(async () => {
    a = await startListeningPlacard(kind);
  });
  afterAll(async () => {
    await a?.t.close();
  });

  it('is an Organization with an inbox, a shared inbox, a key and collections, from its page address and its id', async () => {
    const { editor } = await sectionWithEditor(a.t, 'kazakhstan');
    const fromPage = await lookup(`${a.origin}/sections/kazakhstan`);
    expect(fromPage).toBeInstanceOf(Organization);
    const actor = fromPage as Organization;
    expect(actor.preferredUsername?.toString()).toBe('kazakhstan');
    expect(actor.name?.toString()).toBe('Socialist Party Ireland');
    expect(actor.url?.toString()).toBe(`${a.origin}/sections/kazakhstan`);
    expect(actor.inboxId?.href).toMatch(new RegExp(`^${a.origin}/ap/actors/\\d+/inbox$`));
    expect(actor.endpoints?.sharedInbox?.href).toBe(`${a.origin}/ap/inbox`);
    expect(actor.followersId?.href).toBe(`${actor.id?.href}/followers`);
    const key = await actor.getPublicKey({ documentLoader, contextLoader: documentLoader });
    expect(key?.ownerId?.href).toBe(actor.id?.href);

    const byId = await lookup(actor.id!.href);
    expect(byId?.id?.href).toBe(actor.id?.href);

    // What a follower's server reads first: the outbox, paged, with the section's article.
    const draft = await draftInSection(a.t, 'kazakhstan', 'Oil workers strike in Zhanaozen');
    await applyWorkflow({ db: a.t.database.db, changes: a.t.changes, clock: a.t.actions.clock }, editor, draft, { action: 'publish' });
    const outbox = await actor.getOutbox({ documentLoader, contextLoader: documentLoader });
    expect(outbox?.totalItems).toBe(1);
    const items = [];
    for await (const item of traverseCollection(outbox!, { documentLoader, contextLoader: documentLoader })) items.push(item);
    expect(items).toHaveLength(1);
    expect(items[0]).toBeInstanceOf(Create);
    const article = await (items[0] as Create).getObject({ documentLoader, contextLoader: documentLoader });
    expect(article).toBeInstanceOf(Article);
    expect(article?.name?.toString()).toMatch(/Oil workers strike in Zhanaozen$/);
    expect(article?.attributionId?.href).toBe(actor.id?.href);
  });

  it('finds nothing where there is no actor', async () => {
    expect(await lookup(`${a.origin}/sections/nowhere`)).toBeNull();
  });
});
