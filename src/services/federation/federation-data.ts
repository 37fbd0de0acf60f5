import type { Kysely } from 'kysely';
import type { ArticleView } from '../../domain/articles/article.js';
import type { Campaign } from '../../domain/campaigns/campaign.js';
import type { Section } from '../../domain/sections/section.js';
import { findArticleViewById, listPublished } from '../../store/articles/article-read.store.js';
import type { DB } from '../../store/db/schema.js';
import {
  addFollower,
  articleSectionIdsOf,
  articleStatus,
  claimFederationEvents,
  countFederationMessages,
  settleFederationEvent,
  type ClaimedEvent,
  addFollowing,
  countFollowers,
  hasAnyFollower,
  followsRemote,
  listFollowers,
  listFollowing,
  listReceived,
  markFollowingAccepted,
  recordReceived,
  removeFollower,
  type Follower,
} from '../../store/federation/federation.store.js';
import { findMedia } from '../../store/media/media.store.js';
import { findSectionBySlug, getSection } from '../../store/sections/section.store.js';
import { publicCampaign } from '../articles/read-articles.js';
import type { Clock } from '../shared/clock.js';
import { NotFound } from '../../domain/errors.js';
import type { Dialect } from '../../store/db/database.js';

export type { Follower };

/** The identifier (in actor URIs) and the handle (in WebFinger) of the site's own actor. */
export const SITE_ACTOR = 'site';

/** Who an actor is: the site, or one section (by id, so renaming its slug keeps its URI). */
export type ActorSubject =
  { readonly kind: 'site' } | { readonly kind: 'section'; readonly section: Section; readonly logo: { src: string; mime: string; alt: string } | null };

/** The identifier of a section's actor: its id, which never changes. */
export function sectionActorId(section: Pick<Section, 'id'>): string {
  return String(section.id);
}

/** The actor behind an identifier, or undefined when there is none. */
export async function actorSubject(db: Kysely<DB>, identifier: string): Promise<ActorSubject | undefined> {
  if (identifier === SITE_ACTOR) return { kind: 'site' };
  if (!/^[1-9][0-9]{0,9}$/.test(identifier)) return undefined;
  const section = await getSection(db, Number(identifier)).catch((error: unknown) => {
    if (error instanceof NotFound) return undefined;
    throw error;
  });
  if (!section) return undefined;
  const media = section.logoMediaId === null ? undefined : await findMedia(db, section.logoMediaId);
  return { kind: 'section', section, logo: media ? { src: media.src, mime: media.mime, alt: media.alt ?? '' } : null };
}

/** The identifier a WebFinger handle names: 'site', or a section's slug. */
export async function actorIdForHandle(db: Kysely<DB>, handle: string): Promise<string | null> {
  if (handle === SITE_ACTOR) return SITE_ACTOR;
  const section = await findSectionBySlug(db, handle);
  return section ? sectionActorId(section) : null;
}

/** The actor of the section with this slug (for its page's content negotiation). */
export async function actorIdForSectionSlug(db: Kysely<DB>, slug: string): Promise<string | null> {
  const section = await findSectionBySlug(db, slug);
  return section ? sectionActorId(section) : null;
}

/** A published article as it federates: the article and the campaign it calls to. */
export interface FederatedArticle {
  readonly article: ArticleView;
  readonly campaign: Campaign | null;
  /** The section actors it is attributed to (its sections' ids). */
  readonly sectionIds: readonly number[];
}

/** A published article by id, or undefined when it is not (or no longer) public. */
export async function federatedArticle(db: Kysely<DB>, id: number): Promise<FederatedArticle | undefined> {
  if ((await articleStatus(db, id)) !== 'published') return undefined;
  const article = await findArticleViewById(db, id);
  if (!article) return undefined;
  const sectionIds: number[] = [];
  for (const s of article.sections) {
    const section = await findSectionBySlug(db, s.slug);
    if (section) sectionIds.push(section.id);
  }
  return { article, campaign: await publicCampaign(db, article.campaignId), sectionIds };
}

/** A page of an actor's published articles, newest first, with the total. */
export async function actorArticles(
  db: Kysely<DB>,
  identifier: string,
  page: { offset: number; limit: number },
): Promise<{ items: FederatedArticle[]; total: number }> {
  const filter = identifier === SITE_ACTOR ? {} : { sectionId: Number(identifier) };
  const { items, total } = await listPublished(db, filter, page);
  const full: FederatedArticle[] = [];
  for (const item of items) {
    const f = await federatedArticle(db, item.id);
    if (f) full.push(f);
  }
  return { items: full, total };
}

/** Followers, for the followers collection and for delivery. */
export const followers = {
  add: (db: Kysely<DB>, clock: Clock, actor: string, follower: Follower & { followId: string | null }) =>
    addFollower(db, actor, follower, clock().toISOString()),
  remove: (db: Kysely<DB>, actor: string, followerUri: string) => removeFollower(db, actor, followerUri),
  page: (db: Kysely<DB>, actor: string, page: { offset: number; limit: number }) => listFollowers(db, actor, page),
  count: (db: Kysely<DB>, actor: string) => countFollowers(db, actor),
};

/** What the site's actor follows: the groundwork of syndication between Placard sites. */
export const following = {
  add: (db: Kysely<DB>, clock: Clock, actor: string, remoteUri: string, followId: string) =>
    addFollowing(db, actor, remoteUri, followId, clock().toISOString()),
  accepted: (db: Kysely<DB>, clock: Clock, actor: string, remoteUri: string) => markFollowingAccepted(db, actor, remoteUri, clock().toISOString()),
  list: (db: Kysely<DB>, actor: string) => listFollowing(db, actor),
  /** Whether one of the site's actors follows this remote actor. */
  includes: (db: Kysely<DB>, remoteUri: string) => followsRemote(db, remoteUri),
};

/** Activities that arrived signed, kept as received (for a later moderation view). */
export const received = {
  record: (db: Kysely<DB>, clock: Clock, activity: { activityId: string | null; type: string; actorUri: string; recipient: string | null; activity: string }) =>
    recordReceived(db, activity, clock().toISOString()),
  list: (db: Kysely<DB>, limit: number) => listReceived(db, limit),
};

/** An article's publication, update or withdrawal, claimed to be told to followers. */
export type PublishingEvent = ClaimedEvent;

/** Events claimed at a time. */
const EVENT_BATCH = 20;

/**
 * Turns pending publishing events into activities with `announce` (which only queues
 * deliveries), one by one; an event whose announcing fails is tried again a minute later.
 * Returns how many were announced (none when nobody follows).
 */
export async function announcePendingEvents(
  deps: { db: Kysely<DB>; dialect: Dialect; clock: Clock; owner: string },
  announce: (event: PublishingEvent) => Promise<void>,
): Promise<{ announced: number; failed: number }> {
  const claimed = await claimFederationEvents(deps.db, deps.dialect, { owner: deps.owner, now: deps.clock(), leaseSeconds: 120, limit: EVENT_BATCH });
  // With nobody following any actor there is nobody to tell, and announcing would load
  // Fedify into the memory of a site that does not federate (yet): the events are settled.
  const heard = claimed.length > 0 && (await hasAnyFollower(deps.db));
  let announced = 0;
  let failed = 0;
  for (const event of claimed) {
    try {
      if (heard) await announce(event);
      await settleFederationEvent(deps.db, event, { doneAt: deps.clock().toISOString() });
      if (heard) announced++;
    } catch (error) {
      failed++;
      const retryAt = new Date(deps.clock().getTime() + 60_000 * Math.min(60, 2 ** event.attempts)).toISOString();
      await settleFederationEvent(deps.db, event, { error: String(error).slice(0, 500), retryAt });
    }
  }
  return { announced, failed };
}

/** How many deliveries wait in the queue: a node that has any loads Fedify to send them. */
export function queuedFederationMessages(db: Kysely<DB>): Promise<number> {
  return countFederationMessages(db);
}

/** The sections an article was published in, withdrawn or not: whose followers hear of its withdrawal. */
export function articleSectionIds(db: Kysely<DB>, articleId: number): Promise<number[]> {
  return articleSectionIdsOf(db, articleId);
}
