import { createExponentialBackoffPolicy, createFederation, type Context, type Federation, type KvStore, type MessageQueue } from '@fedify/fedify';
import {
  Accept,
  Article,
  Create,
  Delete,
  Endpoints,
  Follow,
  Hashtag,
  Image,
  isActor,
  LanguageString,
  Organization,
  PUBLIC_COLLECTION,
  Tombstone,
  Undo,
  Update,
  type Activity,
  type Recipient,
} from '@fedify/fedify/vocab';
import { Temporal } from '@js-temporal/polyfill';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { countryName } from '../../../domain/geo/countries.js';
import {
  actorArticles,
  actorIdForHandle,
  actorSubject,
  articleSectionIds,
  federatedArticle,
  followers,
  following,
  received,
  sectionActorId,
  SITE_ACTOR,
  type FederatedArticle,
  type PublishingEvent,
} from '../../../services/federation/federation-data.js';
import type { ActorKeys } from '../../../services/federation/actor-keys.js';
import type { Clock } from '../../../services/shared/clock.js';
import type { SiteIdentityService } from '../../../services/site/site-identity.js';
import type { RemoteActor, SyndicationEvent } from '../../../services/syndication/syndication.js';
import type { DB } from '../../../store/db/schema.js';
import { MessagesContext } from '../../views/messages-context.js';
import { articlePath } from '../../views/format.js';
import { CallToAction } from '../articles/article-page.view.js';

/** Items per page of the followers and outbox collections. */
const PAGE_SIZE = 20;

/** Where each kind of ActivityPub object lives on the site (docs/federation.md). */
export const AP_PATHS = {
  actor: '/ap/actors/{identifier}',
  inbox: '/ap/actors/{identifier}/inbox',
  sharedInbox: '/ap/inbox',
  followers: '/ap/actors/{identifier}/followers',
  outbox: '/ap/actors/{identifier}/outbox',
  article: '/ap/articles/{id}',
} as const;

/** What the federation is built from; the composition root makes these. */
export interface FederationDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly site: SiteIdentityService;
  readonly publicUrl: string;
  readonly keys: ActorKeys;
  readonly kv: KvStore;
  readonly queue: MessageQueue;
  readonly logger?: Logger | false;
  /**
   * Lets Fedify fetch documents from loopback and private addresses. Only tests that run
   * two sites on 127.0.0.1 set it; the configuration cannot, so production never does.
   */
  readonly allowPrivateAddress?: boolean;
  /** Hears the articles followed actors send, their changes and deletions (services/syndication). */
  readonly onSyndicated?: (event: SyndicationEvent) => Promise<void>;
}

/** Placard's ActivityPub side: Fedify's federation, and announcing an article's changes to followers. */
export interface PlacardFederation {
  readonly federation: Federation<void>;
  /** Queues the activity a publishing event calls for to the followers of the actors concerned. */
  announce(event: PublishingEvent): Promise<void>;
  /** Asks a remote actor (by its URI) to let the site's actor follow it. */
  followRemote(remoteUri: string): Promise<void>;
  /** The actor a handle (`@kazakhstan@host`) or address names, through WebFinger and the actor's document. */
  lookupActor(address: string): Promise<RemoteActor | null>;
  /** Sends `Undo` of the site actor's `Follow` of a remote actor. */
  unfollowRemote(remoteUri: string): Promise<void>;
}

const instant = (iso: string) => Temporal.Instant.from(iso);

/**
 * The `Article` followers receive: the whole article as the page shows it with its call to
 * action, the lead image with its alt text, topics and countries as hashtags. Never a
 * reply to anything.
 */
function articleObject(ctx: Context<void>, deps: FederationDeps, item: FederatedArticle): Article {
  const { article, campaign } = item;
  const base = deps.publicUrl;
  const m = deps.site.messages(article.language);
  const cta = campaign
    ? renderToString(h(MessagesContext.Provider, { value: m }, h(CallToAction, { campaign, baseUrl: base, lang: undefined, dir: undefined })))
    : '';
  const content = article.bodyHtml + cta;
  const hashtag = (name: string, href: string) => new Hashtag({ name: `#${name.replace(/[^\p{L}\p{N}_]+/gu, '')}`, href: new URL(href, base + '/') });
  const tags = [
    ...article.topics.map((t) => hashtag(t.name, `/topics/${encodeURIComponent(t.slug)}`)),
    ...article.countries.map((c) => hashtag(countryName(c), `/countries/${c.toLowerCase()}`)),
  ];
  const attributedTo = item.sectionIds.length > 0 ? item.sectionIds.map((id) => ctx.getActorUri(String(id))) : [ctx.getActorUri(SITE_ACTOR)];
  return new Article({
    id: ctx.getObjectUri(Article, { id: String(article.id) }),
    name: article.kicker ? `${article.kicker}: ${article.title}` : article.title,
    summary: article.standfirst,
    // A plain string and a tagged one: `content` for every server, `contentMap` by language.
    contents: [content, new LanguageString(content, article.language)],
    url: new URL(base + articlePath(article.slug)),
    attributions: attributedTo,
    published: instant(article.publishedAt),
    updated: article.lastUpdateAt ? instant(article.lastUpdateAt) : null,
    tags,
    attachments: article.image
      ? [new Image({ url: new URL(article.image.src, base + '/'), name: article.image.alt, mediaType: mediaTypeOf(article.image.src) })]
      : [],
    to: PUBLIC_COLLECTION,
    ccs: attributedTo.map((a) => new URL(`${a.href}/followers`)),
  });
}

function mediaTypeOf(src: string): string | null {
  const ext = src.split('.').pop()?.toLowerCase();
  return (
    (
      { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', svg: 'image/svg+xml', avif: 'image/avif' } as Record<
        string,
        string
      >
    )[ext ?? ''] ?? null
  );
}

/** A received `Article` in the terms syndication keeps, or null when it lacks an id, a title or a date. */
async function receivedArticle(object: Article, fallbackLanguage: string): Promise<Extract<SyndicationEvent, { kind: 'create' }>['article'] | null> {
  if (!object.id || !object.name || !object.published) return null;
  const contents = object.contents;
  const tagged = contents.find((c): c is LanguageString => c instanceof LanguageString);
  const content = String(contents.find((c) => !(c instanceof LanguageString)) ?? tagged ?? '');
  const url = object.url instanceof URL ? object.url.href : (object.url?.href?.href ?? object.id.href);
  let imageUrl: string | null = null;
  let imageAlt: string | null = null;
  for await (const attachment of object.getAttachments({ suppressError: true })) {
    if (attachment instanceof Image && attachment.url) {
      imageUrl = attachment.url instanceof URL ? attachment.url.href : (attachment.url.href?.href ?? null);
      imageAlt = attachment.name ? String(attachment.name) : null;
      break;
    }
  }
  return {
    objectId: object.id.href,
    url,
    title: String(object.name).slice(0, 300),
    summary: String(object.summary ?? ''),
    contentHtml: content,
    language: (tagged?.locale.baseName ?? fallbackLanguage).toLowerCase(),
    publishedAt: new Date(object.published.epochMilliseconds).toISOString(),
    updatedAt: object.updated ? new Date(object.updated.epochMilliseconds).toISOString() : null,
    imageUrl,
    imageAlt,
  };
}

/** The id of an article's creation: the same in the outbox and in what followers received, and for a retried event. */
function activityUri(ctx: Context<void>, articleId: number, kind: string, at: string): URL {
  const object = ctx.getObjectUri(Article, { id: String(articleId) });
  return new URL(`${object.href}#${kind}-${encodeURIComponent(at)}`);
}

/**
 * Builds Fedify's federation for one Placard: the site and every section as
 * `Organization` actors (docs/decisions/0036), WebFinger, keys from the database,
 * followers accepted automatically, outbox and followers collections, and the articles.
 */
export function createPlacardFederation(deps: FederationDeps): PlacardFederation {
  const { db, clock } = deps;
  const log = deps.logger ? deps.logger.child({ module: 'federation' }) : null;
  const federation = createFederation<void>({
    kv: deps.kv,
    queue: deps.queue,
    manuallyStartQueue: true,
    origin: deps.publicUrl,
    allowPrivateAddress: deps.allowPrivateAddress === true,
    // Up to about four days of tries (backoff up to 12 hours), then the delivery is given up.
    outboxRetryPolicy: createExponentialBackoffPolicy({ maxAttempts: 16, maxDelay: { hours: 12 } }),
    onOutboxError: (error, activity) => log?.warn({ err: error, activity: activity?.id?.href }, 'an activity could not be delivered yet'),
  });

  federation
    .setActorDispatcher(AP_PATHS.actor, async (ctx, identifier) => {
      const subject = await actorSubject(db, identifier);
      if (!subject) return null;
      const id = ctx.getActorUri(identifier);
      if (subject.kind === 'section' && subject.section.retiredAt) {
        return new Tombstone({ id, deleted: instant(subject.section.retiredAt) });
      }
      const keys = await ctx.getActorKeyPairs(identifier);
      const site = deps.site.current();
      const common = {
        id,
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: keys[0]?.cryptographicKey ?? null,
        assertionMethods: keys.map((k) => k.multikey),
        manuallyApprovesFollowers: false,
        discoverable: true,
        indexable: true,
      };
      if (subject.kind === 'site') {
        return new Organization({
          ...common,
          preferredUsername: SITE_ACTOR,
          name: site.name,
          summary: site.tagline,
          url: new URL(deps.publicUrl + '/'),
          icon: site.logo ? new Image({ url: new URL(site.logo.src, deps.publicUrl + '/'), name: site.logo.alt }) : null,
        });
      }
      const { section, logo } = subject;
      return new Organization({
        ...common,
        preferredUsername: section.slug,
        name: section.name,
        summary: section.description,
        url: new URL(`${deps.publicUrl}/sections/${encodeURIComponent(section.slug)}`),
        icon: logo ? new Image({ url: new URL(logo.src, deps.publicUrl + '/'), mediaType: logo.mime, name: logo.alt }) : null,
      });
    })
    .mapHandle(async (_ctx, handle) => actorIdForHandle(db, handle))
    .setKeyPairsDispatcher(async (_ctx, identifier) => {
      if (!(await actorSubject(db, identifier))) return [];
      return deps.keys.keyPairs(identifier);
    });

  federation.setObjectDispatcher(Article, AP_PATHS.article, async (ctx, values) => {
    if (!/^[1-9][0-9]{0,9}$/.test(values.id)) return null;
    const item = await federatedArticle(db, Number(values.id));
    return item ? articleObject(ctx, deps, item) : null;
  });

  federation
    .setFollowersDispatcher(AP_PATHS.followers, async (_ctx, identifier, cursor) => {
      if (!(await actorSubject(db, identifier))) return null;
      const offset = cursor === null ? 0 : Number(cursor);
      if (!Number.isInteger(offset) || offset < 0) return null;
      const rows = await followers.page(db, identifier, { offset, limit: PAGE_SIZE });
      const items: Recipient[] = rows.map((f) => ({
        id: new URL(f.uri),
        inboxId: new URL(f.inbox),
        endpoints: f.sharedInbox ? { sharedInbox: new URL(f.sharedInbox) } : null,
      }));
      return { items, nextCursor: rows.length === PAGE_SIZE ? String(offset + PAGE_SIZE) : null };
    })
    .setCounter(async (_ctx, identifier) => followers.count(db, identifier))
    .setFirstCursor(async () => '0');

  federation
    .setOutboxDispatcher(AP_PATHS.outbox, async (ctx, identifier, cursor) => {
      if (!(await actorSubject(db, identifier))) return null;
      if (cursor === null) return { items: [] };
      const offset = Number(cursor);
      if (!Number.isInteger(offset) || offset < 0) return null;
      const { items, total } = await actorArticles(db, identifier, { offset, limit: PAGE_SIZE });
      const activities: Activity[] = items.map((item) => {
        const object = articleObject(ctx, deps, item);
        return new Create({
          id: activityUri(ctx, item.article.id, 'create', item.article.publishedAt),
          actor: ctx.getActorUri(identifier),
          object,
          published: instant(item.article.publishedAt),
          to: PUBLIC_COLLECTION,
          cc: ctx.getFollowersUri(identifier),
        });
      });
      return { items: activities, nextCursor: offset + PAGE_SIZE < total ? String(offset + PAGE_SIZE) : null };
    })
    .setCounter(async (_ctx, identifier) => (await actorArticles(db, identifier, { offset: 0, limit: 1 })).total)
    .setFirstCursor(async () => '0');

  // Kept: what an actor the site follows sends, and what is addressed to one of its actors'
  // own inboxes (replies, mentions); the rest of the shared inbox's traffic is not stored.
  const keep = async (ctx: { recipient: string | null }, activity: Activity, actorUri: URL) => {
    if (ctx.recipient === null && !(await following.includes(db, actorUri.href))) return;
    await received.record(db, clock, {
      activityId: activity.id?.href ?? null,
      type: activity.constructor.name,
      actorUri: actorUri.href,
      recipient: ctx.recipient,
      activity: JSON.stringify(await activity.toJsonLd()),
    });
  };

  federation
    .setInboxListeners(AP_PATHS.inbox, AP_PATHS.sharedInbox)
    .on(Follow, async (ctx, follow) => {
      if (!follow.id || !follow.actorId || !follow.objectId) return;
      const target = ctx.parseUri(follow.objectId);
      if (target?.type !== 'actor') return;
      const subject = await actorSubject(db, target.identifier);
      if (!subject || (subject.kind === 'section' && subject.section.retiredAt)) return;
      const follower = await follow.getActor(ctx);
      if (!follower || !isActor(follower) || !follower.id || !follower.inboxId) return;
      await followers.add(db, clock, target.identifier, {
        uri: follower.id.href,
        inbox: follower.inboxId.href,
        sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
        followId: follow.id.href,
      });
      await ctx.sendActivity(
        { identifier: target.identifier },
        follower,
        new Accept({
          id: new URL(`${ctx.getActorUri(target.identifier).href}#accepts/${encodeURIComponent(follow.id.href)}`),
          actor: follow.objectId,
          object: follow,
        }),
      );
    })
    .on(Undo, async (ctx, undo) => {
      const object = await undo.getObject(ctx);
      if (!(object instanceof Follow) || !object.objectId || !undo.actorId) return;
      if (object.actorId?.href !== undo.actorId.href) return;
      const target = ctx.parseUri(object.objectId);
      if (target?.type !== 'actor') return;
      await followers.remove(db, target.identifier, undo.actorId.href);
    })
    .on(Accept, async (ctx, accept) => {
      // Servers answer with the Follow embedded or by its id alone: what matters is who accepted whom.
      if (!accept.actorId) return;
      await following.accepted(db, clock, ctx.recipient ?? SITE_ACTOR, accept.actorId.href);
    })
    .on(Create, async (ctx, create) => {
      if (create.actorId) await keep(ctx, create, create.actorId);
      if (deps.onSyndicated && create.actorId) {
        const object = await create.getObject(ctx);
        const article = object instanceof Article ? await receivedArticle(object, deps.site.defaultLanguage()) : null;
        if (article) await deps.onSyndicated({ kind: 'create', actorUri: create.actorId.href, article });
      }
    })
    .on(Update, async (ctx, update) => {
      if (update.actorId) await keep(ctx, update, update.actorId);
      if (deps.onSyndicated && update.actorId) {
        const object = await update.getObject(ctx);
        const article = object instanceof Article ? await receivedArticle(object, deps.site.defaultLanguage()) : null;
        const note = update.summary ? String(update.summary) : null;
        if (article) await deps.onSyndicated({ kind: 'update', actorUri: update.actorId.href, article, note });
      }
    })
    .on(Delete, async (ctx, del) => {
      if (del.actorId) await keep(ctx, del, del.actorId);
      if (deps.onSyndicated && del.actorId && del.objectId)
        await deps.onSyndicated({ kind: 'delete', actorUri: del.actorId.href, objectId: del.objectId.href });
    })
    .onError((_ctx, error) => log?.warn({ err: error }, 'an incoming activity could not be handled'));

  const context = () => federation.createContext(new URL(deps.publicUrl + '/'), undefined);

  return {
    federation,
    async announce(event) {
      const ctx = context();
      if (event.kind === 'delete') {
        const actors = await deletionActors(event.articleId);
        const id = ctx.getObjectUri(Article, { id: String(event.articleId) });
        for (const identifier of actors) {
          await ctx.sendActivity(
            { identifier },
            'followers',
            new Delete({
              id: new URL(`${id.href}#delete-${event.id}`),
              actor: ctx.getActorUri(identifier),
              object: new Tombstone({ id, deleted: Temporal.Now.instant() }),
              to: PUBLIC_COLLECTION,
              cc: ctx.getFollowersUri(identifier),
            }),
            { preferSharedInbox: true },
          );
        }
        return;
      }
      const item = await federatedArticle(db, event.articleId);
      // Withdrawn again before the job came to it: its Delete follows.
      if (!item) return;
      const object = articleObject(ctx, deps, item);
      for (const identifier of [SITE_ACTOR, ...item.sectionIds.map((id) => sectionActorId({ id }))]) {
        const Kind = event.kind === 'create' ? Create : Update;
        await ctx.sendActivity(
          { identifier },
          'followers',
          new Kind({
            // A Create has the id the outbox gives it; each Update its own.
            id:
              event.kind === 'create'
                ? activityUri(ctx, item.article.id, 'create', item.article.publishedAt)
                : new URL(`${object.id?.href ?? ''}#update-${event.id}`),
            actor: ctx.getActorUri(identifier),
            object,
            published: event.kind === 'create' ? instant(item.article.publishedAt) : null,
            updated: event.kind === 'update' ? Temporal.Now.instant() : null,
            // An update's public note, for syndicated copies to carry (docs/federation.md).
            summary: event.kind === 'update' ? (item.article.updates.at(-1)?.note ?? null) : null,
            to: PUBLIC_COLLECTION,
            cc: ctx.getFollowersUri(identifier),
          }),
          { preferSharedInbox: true },
        );
      }
    },
    async followRemote(remoteUri) {
      const ctx = context();
      const remote = await ctx.lookupObject(remoteUri);
      if (!remote || !isActor(remote) || !remote.id) throw new Error(`${remoteUri} is not an actor`);
      const followId = new URL(`${ctx.getActorUri(SITE_ACTOR).href}#follows/${encodeURIComponent(remote.id.href)}`);
      await following.add(db, clock, SITE_ACTOR, remote.id.href, followId.href);
      await ctx.sendActivity({ identifier: SITE_ACTOR }, remote, new Follow({ id: followId, actor: ctx.getActorUri(SITE_ACTOR), object: remote.id }));
    },
    async lookupActor(address) {
      const ctx = context();
      const remote = await ctx.lookupObject(address, { signal: AbortSignal.timeout(10_000) });
      if (!remote || !isActor(remote) || !remote.id) return null;
      const username = remote.preferredUsername ? String(remote.preferredUsername) : null;
      const profile = remote.url instanceof URL ? remote.url.href : (remote.url?.href?.href ?? null);
      return {
        uri: remote.id.href,
        handle: username ? `@${username}@${remote.id.host}` : remote.id.href,
        name: remote.name ? String(remote.name) : (username ?? remote.id.host),
        profileUrl: profile,
      };
    },
    async unfollowRemote(remoteUri) {
      const ctx = context();
      const remote = await ctx.lookupObject(remoteUri, { signal: AbortSignal.timeout(10_000) });
      if (!remote || !isActor(remote) || !remote.id) return;
      const actor = ctx.getActorUri(SITE_ACTOR);
      const followId = new URL(`${actor.href}#follows/${encodeURIComponent(remote.id.href)}`);
      await ctx.sendActivity(
        { identifier: SITE_ACTOR },
        remote,
        new Undo({
          id: new URL(`${actor.href}#unfollows/${encodeURIComponent(remote.id.href)}/${Date.now()}`),
          actor,
          object: new Follow({ id: followId, actor, object: remote.id }),
        }),
      );
    },
  };

  /** Who told followers of an article: the site and the sections it was published in. */
  async function deletionActors(articleId: number): Promise<string[]> {
    const sections = await articleSectionIds(db, articleId);
    return [SITE_ACTOR, ...sections.map((id) => String(id))];
  }
}
