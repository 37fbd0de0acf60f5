import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { DB } from '../db/schema.js';

/*
 * Everything ActivityPub keeps (docs/decisions/0036): keys, Fedify's key–value store and
 * queue, followers, the site's follows, publishing events and what arrived in the inboxes.
 */

/** A stored key pair: both halves as JWK JSON text. */
export interface StoredKeyPair {
  readonly algorithm: string;
  readonly privateJwk: string;
  readonly publicJwk: string;
}

/** An actor's key pairs, oldest first. */
export async function findActorKeys(db: Kysely<DB>, actor: string): Promise<StoredKeyPair[]> {
  const rows = await db.selectFrom('federation_keys').selectAll().where('actor', '=', actor).orderBy('id').execute();
  return rows.map((r) => ({ algorithm: r.algorithm, privateJwk: r.private_jwk, publicJwk: r.public_jwk }));
}

/**
 * Stores a key pair unless the actor already has one of that algorithm: two nodes making
 * keys for the same actor at once keep the first, and both then read it back.
 */
export async function insertActorKey(db: Kysely<DB>, actor: string, key: StoredKeyPair, now: string): Promise<void> {
  await db
    .insertInto('federation_keys')
    .values({ actor, algorithm: key.algorithm, private_jwk: key.privateJwk, public_jwk: key.publicJwk, created_at: now })
    .onConflict((oc) => oc.columns(['actor', 'algorithm']).doNothing())
    .execute();
}

/** The value under a key, unless it expired. */
export async function kvGet(db: Kysely<DB>, key: string, now: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('federation_kv')
    .select('value')
    .where('key', '=', key)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  return row?.value;
}

/** Writes a value, replacing any; `expiresAt` null keeps it until deleted. */
export async function kvSet(db: Kysely<DB>, key: string, value: string, expiresAt: string | null): Promise<void> {
  await db
    .insertInto('federation_kv')
    .values({ key, value, expires_at: expiresAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, expires_at: expiresAt }))
    .execute();
}

/** Deletes a key. */
export async function kvDelete(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('federation_kv').where('key', '=', key).execute();
}

/** Every live entry whose key starts with `prefix` (the text of the key), in key order. */
export async function kvList(db: Kysely<DB>, prefix: string, now: string): Promise<{ key: string; value: string }[]> {
  return db
    .selectFrom('federation_kv')
    .select(['key', 'value'])
    .where((eb) => eb(eb.fn('substr', ['key', eb.lit(1), eb.lit(prefix.length)]), '=', prefix))
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('key')
    .execute();
}

/**
 * Replaces the value under a key only if it still holds `expected` (undefined: absent),
 * in one transaction; false when someone changed it first.
 */
export async function kvCompareAndSet(
  db: Kysely<DB>,
  key: string,
  expected: string | undefined,
  value: string,
  expiresAt: string | null,
  now: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const current = await kvGet(trx, key, now);
    if (current !== expected) return false;
    if (current === undefined) {
      await trx.deleteFrom('federation_kv').where('key', '=', key).execute();
      const inserted = await trx
        .insertInto('federation_kv')
        .values({ key, value, expires_at: expiresAt })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    const updated = await trx
      .updateTable('federation_kv')
      .set({ value, expires_at: expiresAt })
      .where('key', '=', key)
      .where('value', '=', current)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  });
}

/** Queues a Fedify message, due at `notBefore`. */
export async function enqueueFederationMessages(db: Kysely<DB>, messages: readonly string[], notBefore: string, now: string): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto('federation_queue')
    .values(messages.map((message) => ({ message, not_before: notBefore, created_at: now })))
    .execute();
}

/** A queued message as its claimant holds it. */
export interface ClaimedMessage {
  readonly id: number;
  readonly message: string;
  readonly attempts: number;
  readonly leaseOwner: string;
}

/**
 * Claims up to `limit` due messages with a lease, as the outbox's workers do
 * (store/outbox/outbox-claim.store.ts): PostgreSQL skips rows another node is claiming.
 */
export async function claimFederationMessages(
  db: Kysely<DB>,
  dialect: Dialect,
  options: { owner: string; now: Date; leaseSeconds: number; limit: number },
): Promise<ClaimedMessage[]> {
  const now = options.now.toISOString();
  const until = new Date(options.now.getTime() + options.leaseSeconds * 1000).toISOString();
  let due = db
    .selectFrom('federation_queue')
    .select('id')
    .where('not_before', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('not_before')
    .orderBy('id')
    .limit(options.limit);
  if (dialect === 'postgres') due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('federation_queue')
    .set((eb) => ({ lease_owner: options.owner, lease_until: until, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', due)
    .returning(['id', 'message', 'attempts', 'lease_owner'])
    .execute();
  return rows.sort((a, b) => a.id - b.id).map((r) => ({ id: r.id, message: r.message, attempts: r.attempts, leaseOwner: r.lease_owner ?? options.owner }));
}

/** Removes a handled message, while the lease is still its claimant's. */
export async function finishFederationMessage(db: Kysely<DB>, claim: Pick<ClaimedMessage, 'id' | 'leaseOwner'>): Promise<void> {
  await db.deleteFrom('federation_queue').where('id', '=', claim.id).where('lease_owner', '=', claim.leaseOwner).execute();
}

/** Gives a message whose handler failed back to the queue, due again at `notBefore`. */
export async function retryFederationMessage(
  db: Kysely<DB>,
  claim: Pick<ClaimedMessage, 'id' | 'leaseOwner'>,
  notBefore: string,
  error: string,
): Promise<void> {
  await db
    .updateTable('federation_queue')
    .set({ not_before: notBefore, last_error: error, lease_owner: null, lease_until: null })
    .where('id', '=', claim.id)
    .where('lease_owner', '=', claim.leaseOwner)
    .execute();
}

/** How many messages wait in the queue (due or not). */
export async function countFederationMessages(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('federation_queue')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A follower as delivery needs it. */
export interface Follower {
  readonly uri: string;
  readonly inbox: string;
  readonly sharedInbox: string | null;
}

/** Records (or refreshes) a follower of a local actor. */
export async function addFollower(db: Kysely<DB>, actor: string, follower: Follower & { followId: string | null }, now: string): Promise<void> {
  await db
    .insertInto('federation_followers')
    .values({ actor, follower_uri: follower.uri, inbox: follower.inbox, shared_inbox: follower.sharedInbox, follow_id: follower.followId, created_at: now })
    .onConflict((oc) =>
      oc.columns(['actor', 'follower_uri']).doUpdateSet({ inbox: follower.inbox, shared_inbox: follower.sharedInbox, follow_id: follower.followId }),
    )
    .execute();
}

/** Removes a follower; true when there was one. */
export async function removeFollower(db: Kysely<DB>, actor: string, followerUri: string): Promise<boolean> {
  const result = await db.deleteFrom('federation_followers').where('actor', '=', actor).where('follower_uri', '=', followerUri).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A page of an actor's followers, oldest first. */
export async function listFollowers(db: Kysely<DB>, actor: string, page: { offset: number; limit: number }): Promise<Follower[]> {
  const rows = await db
    .selectFrom('federation_followers')
    .select(['follower_uri', 'inbox', 'shared_inbox'])
    .where('actor', '=', actor)
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => ({ uri: r.follower_uri, inbox: r.inbox, sharedInbox: r.shared_inbox }));
}

/** How many followers an actor has. */
/** Whether any actor of the site has a follower at all. */
export async function hasAnyFollower(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('federation_followers').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** How many followers an actor has. */
export async function countFollowers(db: Kysely<DB>, actor: string): Promise<number> {
  const row = await db
    .selectFrom('federation_followers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('actor', '=', actor)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Records that a local actor asked to follow a remote one. */
export async function addFollowing(db: Kysely<DB>, actor: string, remoteUri: string, followId: string, now: string): Promise<void> {
  await db
    .insertInto('federation_following')
    .values({ actor, remote_uri: remoteUri, follow_id: followId, created_at: now })
    .onConflict((oc) => oc.columns(['actor', 'remote_uri']).doUpdateSet({ follow_id: followId, accepted_at: null }))
    .execute();
}

/** Marks a follow accepted by the remote actor. */
export async function markFollowingAccepted(db: Kysely<DB>, actor: string, remoteUri: string, now: string): Promise<void> {
  await db.updateTable('federation_following').set({ accepted_at: now }).where('actor', '=', actor).where('remote_uri', '=', remoteUri).execute();
}

/** What a local actor follows, with when each accepted (null while pending). */
export async function listFollowing(db: Kysely<DB>, actor: string): Promise<{ remoteUri: string; acceptedAt: string | null }[]> {
  const rows = await db.selectFrom('federation_following').select(['remote_uri', 'accepted_at']).where('actor', '=', actor).orderBy('id').execute();
  return rows.map((r) => ({ remoteUri: r.remote_uri, acceptedAt: r.accepted_at }));
}

/** What became of an article that followers must hear about. */
export type FederationEventKind = 'create' | 'update' | 'delete';

/** Records, in the caller's transaction, that an article's followers must hear of it. */
export async function addFederationEvent(trx: Transaction<DB>, articleId: number, kind: FederationEventKind, now: string): Promise<void> {
  await trx.insertInto('federation_events').values({ article_id: articleId, kind, created_at: now }).execute();
}

/** A claimed publishing event. */
export interface ClaimedEvent {
  readonly id: number;
  readonly articleId: number;
  readonly kind: FederationEventKind;
  readonly attempts: number;
  readonly leaseOwner: string;
}

/** Claims pending publishing events, in order, with a lease. */
export async function claimFederationEvents(
  db: Kysely<DB>,
  dialect: Dialect,
  options: { owner: string; now: Date; leaseSeconds: number; limit: number },
): Promise<ClaimedEvent[]> {
  const now = options.now.toISOString();
  const until = new Date(options.now.getTime() + options.leaseSeconds * 1000).toISOString();
  let due = db
    .selectFrom('federation_events')
    .select('id')
    .where('done_at', 'is', null)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('id')
    .limit(options.limit);
  if (dialect === 'postgres') due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('federation_events')
    .set((eb) => ({ lease_owner: options.owner, lease_until: until, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', due)
    .returning(['id', 'article_id', 'kind', 'attempts', 'lease_owner'])
    .execute();
  return rows
    .sort((a, b) => a.id - b.id)
    .map((r) => ({ id: r.id, articleId: r.article_id, kind: r.kind as FederationEventKind, attempts: r.attempts, leaseOwner: r.lease_owner ?? options.owner }));
}

/** Ends a claimed event: done, or (with an error) left for the next round. */
export async function settleFederationEvent(
  db: Kysely<DB>,
  claim: Pick<ClaimedEvent, 'id' | 'leaseOwner'>,
  outcome: { doneAt: string } | { error: string; retryAt: string },
): Promise<void> {
  const set =
    'doneAt' in outcome
      ? { done_at: outcome.doneAt, lease_owner: null, lease_until: null, last_error: null }
      : { last_error: outcome.error, lease_owner: null, lease_until: outcome.retryAt };
  await db.updateTable('federation_events').set(set).where('id', '=', claim.id).where('lease_owner', '=', claim.leaseOwner).execute();
}

/** Keeps a verified activity that arrived in an inbox. */
export async function recordReceived(
  db: Kysely<DB>,
  received: { activityId: string | null; type: string; actorUri: string; recipient: string | null; activity: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('federation_received')
    .values({
      activity_id: received.activityId,
      type: received.type,
      actor_uri: received.actorUri,
      recipient: received.recipient,
      activity: received.activity,
      received_at: now,
    })
    .execute();
}

/** The activities received, newest first. */
export async function listReceived(db: Kysely<DB>, limit: number): Promise<{ type: string; actorUri: string; activity: string; receivedAt: string }[]> {
  const rows = await db.selectFrom('federation_received').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ type: r.type, actorUri: r.actor_uri, activity: r.activity, receivedAt: r.received_at }));
}

/** An article's workflow status, or undefined when there is no such article. */
export async function articleStatus(db: Kysely<DB>, id: number): Promise<string | undefined> {
  const row = await db.selectFrom('articles').select('status').where('id', '=', id).executeTakeFirst();
  return row?.status;
}

/** The ids of the sections an article was published in (whatever its status now). */
export async function articleSectionIdsOf(db: Kysely<DB>, articleId: number): Promise<number[]> {
  const rows = await db.selectFrom('article_sections').select('section_id').where('article_id', '=', articleId).orderBy('section_id').execute();
  return rows.map((r) => r.section_id);
}

/** Whether any local actor follows this remote actor (asked or accepted). */
export async function followsRemote(db: Kysely<DB>, remoteUri: string): Promise<boolean> {
  return (await db.selectFrom('federation_following').select('id').where('remote_uri', '=', remoteUri).executeTakeFirst()) !== undefined;
}
