import type { Kysely } from 'kysely';
import type { StaffUser } from '../../domain/accounts/staff.js';
import { articleCacheTags, validateArticle, type ArticleInput } from '../../domain/articles/article-input.js';
import { renderMarkdown } from '../../domain/articles/markdown.js';
import { Conflict, NotFound, ValidationFailed } from '../../domain/errors.js';
import { copyBody } from '../../domain/syndication/copy-body.js';
import { isSourceAddress, parseSourceAddress } from '../../domain/syndication/source-address.js';
import { loadTagFacts, setWorkflowState } from '../../store/articles/article-admin.store.js';
import { addArticleUpdate } from '../../store/articles/article-write.store.js';
import type { DB } from '../../store/db/schema.js';
import type { MediaFiles } from '../../store/media/media-files.js';
import { MAX_UPLOAD_BYTES } from '../../domain/media/media-rules.js';
import { uploadImage } from '../media/upload-image.js';
import { listSections } from '../../store/sections/section.store.js';
import {
  claimItemCopy,
  deleteSource,
  findItem,
  findSource,
  findSourceByUri,
  insertItem,
  listItems,
  listSources,
  markItemDeleted,
  setSourceRule,
  updateCopyText,
  updateItem,
  upsertSource,
  type CopyOrigin,
  type ItemRow,
  type ReceivedArticle,
  type SourceRow,
  type SourceRule,
} from '../../store/syndication/syndication.store.js';
import { writeNewArticle } from '../articles/create-article.js';
import { offeredSectionIds } from '../articles/save-article.js';
import type { Clock } from '../shared/clock.js';
import type { ContentChanges } from '../shared/content-changes.js';

export type { CopyOrigin, ItemRow, ReceivedArticle, SourceRow, SourceRule };

/** A remote actor as a lookup found it. */
export interface RemoteActor {
  readonly uri: string;
  /** `@name@host`, or the actor's address when it has no username. */
  readonly handle: string;
  readonly name: string;
  /** Its page (the actor's `url`), for "first published in". */
  readonly profileUrl: string | null;
}

/** What syndication asks of ActivityPub; the composition root hands Fedify's side over. */
export interface SyndicationRemote {
  /** The actor a handle or address names, or null when there is none (or it is not an actor). */
  lookup(address: string): Promise<RemoteActor | null>;
  /** Sends the site actor's `Follow`. */
  follow(remoteUri: string): Promise<void>;
  /** Sends `Undo` of the site actor's `Follow`. */
  unfollow(remoteUri: string): Promise<void>;
}

/** What syndication needs: the media library takes a copy's lead image. */
export interface SyndicationDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly changes: ContentChanges;
  readonly media: MediaFiles;
}

/** How long fetching a source's lead image may take. */
const IMAGE_TIMEOUT_MS = 15_000;

/** The body of a response, refused once it grows past `limit` bytes. */
async function boundedBytes(response: Response, limit: number): Promise<Buffer | null> {
  if (Number(response.headers.get('content-length') ?? 0) > limit || !response.body) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}

/**
 * Copies a received article's lead image into the media library through the same
 * pipeline as an upload (decoded, re-encoded, renditions), so readers never load anything
 * from the source's server. Only an image on the source's own server, with alt text, of
 * at most the upload limit, fetched within the time limit; anything else gives null and
 * the copy goes without (the admin says so).
 */
async function copyLeadImage(deps: SyndicationDeps, item: ItemRow, credit: string, uploaderId: number | null): Promise<number | null> {
  if (!item.imageUrl || !item.imageAlt?.trim()) return null;
  try {
    const url = new URL(item.imageUrl);
    if (url.origin !== new URL(item.sourceUri).origin) return null;
    const response = await fetch(url, { signal: AbortSignal.timeout(IMAGE_TIMEOUT_MS), redirect: 'error', headers: { accept: 'image/*' } });
    if (!response.ok || !(response.headers.get('content-type') ?? '').startsWith('image/')) return null;
    const bytes = await boundedBytes(response, MAX_UPLOAD_BYTES);
    if (!bytes) return null;
    const fileName = decodeURIComponent(url.pathname.split('/').pop() ?? '') || 'image';
    return await uploadImage(deps, { bytes, fileName, alt: item.imageAlt, caption: null, credit, uploaderId });
  } catch {
    return null;
  }
}

/** An article, its change or its deletion, as a followed actor sent it (web/public/federation). */
export type SyndicationEvent =
  | { readonly kind: 'create'; readonly actorUri: string; readonly article: Omit<ReceivedArticle, 'sourceUri'> }
  | { readonly kind: 'update'; readonly actorUri: string; readonly article: Omit<ReceivedArticle, 'sourceUri'>; readonly note: string | null }
  | { readonly kind: 'delete'; readonly actorUri: string; readonly objectId: string };

/** How long a lookup of a handle may take before the form says it found nothing. */
const LOOKUP_TIMEOUT_MS = 10_000;

async function lookupWithin(remote: SyndicationRemote, address: string): Promise<RemoteActor | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), LOOKUP_TIMEOUT_MS)));
  try {
    return await Promise.race([remote.lookup(address).catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Follows another Placard site's site or section actor, named by handle or address: the
 * actor is looked up (WebFinger for a handle), the site's actor sends `Follow`, and the
 * source is listed as pending until it accepts. A handle that is malformed or finds no
 * actor is refused beside the field, before anything is stored.
 */
export async function followSource(deps: SyndicationDeps, remote: () => Promise<SyndicationRemote>, typed: string): Promise<SourceRow> {
  const parsed = parseSourceAddress(typed);
  if (!isSourceAddress(parsed)) throw new ValidationFailed([parsed]);
  const federation = await remote();
  const actor = await lookupWithin(federation, parsed.value);
  if (!actor) {
    throw new ValidationFailed([
      {
        field: 'address',
        message: `No site or section answers to ${parsed.value}.`,
        key: 'admin.syndication.error.notFound',
        values: { address: parsed.value },
      },
    ]);
  }
  await federation.follow(actor.uri);
  // Only a web address is ever put in a link on a page.
  const profileUrl = actor.profileUrl && /^https?:\/\//i.test(actor.profileUrl) ? actor.profileUrl : null;
  await upsertSource(deps.db, { remoteUri: actor.uri, handle: actor.handle, name: actor.name.slice(0, 200), profileUrl }, deps.clock().toISOString());
  const source = await findSourceByUri(deps.db, actor.uri);
  if (!source) throw new Error(`the source ${actor.uri} was not stored`);
  return source;
}

/** Stops following a source (`Undo` of the `Follow`); what it sent and the copies made stay. */
export async function unfollowSource(deps: SyndicationDeps, remote: () => Promise<SyndicationRemote>, id: number): Promise<void> {
  const source = await findSource(deps.db, id);
  if (!source) throw new NotFound('The source');
  await (await remote()).unfollow(source.remoteUri);
  await deleteSource(deps.db, id);
}

/** Every section still in use, as a republished article may be filed under. */
async function allSectionRows(db: Kysely<DB>): Promise<{ id: number; slug: string; name: string }[]> {
  return (await listSections(db)).filter((s) => !s.retiredAt).map((s) => ({ id: s.id, slug: s.slug, name: s.name }));
}

/** The sections a member of staff may republish into, by id, with their names. */
export async function sectionsFor(db: Kysely<DB>, user: StaffUser): Promise<{ id: number; slug: string; name: string }[]> {
  const all = await allSectionRows(db);
  const offered = new Set(
    offeredSectionIds(
      user,
      all.map((s) => s.id),
    ),
  );
  return all.filter((s) => offered.has(s.id));
}

/** The admin page's lists: the sources with their state and rules, and what they sent, newest first. */
export async function syndicationOverview(db: Kysely<DB>): Promise<{ sources: SourceRow[]; items: ItemRow[] }> {
  const [sources, items] = await Promise.all([listSources(db), listItems(db, 100)]);
  return { sources, items };
}

/** A rule as the form sent it, checked: a section the user may file under and publish or draft. */
export async function setRule(
  deps: SyndicationDeps,
  user: StaffUser,
  sourceId: number,
  form: { language: string; sectionId: string; status: string },
): Promise<void> {
  const source = await findSource(deps.db, sourceId);
  if (!source) throw new NotFound('The source');
  if (form.sectionId === '') {
    await setSourceRule(deps.db, sourceId, null);
    return;
  }
  const section = await offeredSection(deps.db, user, form.sectionId);
  const language = form.language.trim();
  if (language !== '' && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) {
    throw new ValidationFailed([
      { field: 'language', message: 'The language must be a language tag such as "en", or empty for any.', key: 'admin.syndication.error.language' },
    ]);
  }
  await setSourceRule(deps.db, sourceId, { language, sectionId: section.id, status: statusOf(form.status) });
}

function statusOf(raw: string): 'published' | 'draft' {
  if (raw === 'published' || raw === 'draft') return raw;
  throw new ValidationFailed([{ field: 'status', message: 'Choose to publish or to keep as a draft.', key: 'admin.syndication.error.status' }]);
}

async function offeredSection(db: Kysely<DB>, user: StaffUser | null, raw: string | number): Promise<{ id: number; slug: string; name: string }> {
  const id = Number(raw);
  const sections = user ? await sectionsFor(db, user) : await allSectionRows(db);
  const section = sections.find((s) => s.id === id);
  if (!section) throw new ValidationFailed([{ field: 'section', message: 'Choose a section you may publish in.', key: 'admin.syndication.error.section' }]);
  return section;
}

/**
 * Republishes a received article in a section, published or as a draft: a new article
 * whose byline is the source's name as text (no contributor or account is made), whose
 * "first published in" and canonical address are the source's, keyed on the source
 * object so that it is never republished twice (Conflict when it already was).
 * `user` null is a source's rule at work.
 */
export async function republish(
  deps: SyndicationDeps,
  user: StaffUser | null,
  itemId: number,
  form: { sectionId: string | number; status: string },
): Promise<{ id: number; slug: string }> {
  const item = await findItem(deps.db, itemId);
  if (!item) throw new NotFound('The article received');
  if (item.copy) throw new Conflict('This article has already been republished.');
  if (item.deletedAt) throw new Conflict('This article was withdrawn at its source.');
  const section = await offeredSection(deps.db, user, form.sectionId);
  const status = statusOf(String(form.status));
  const source = await findSourceByUri(deps.db, item.sourceUri);
  const sourceName = source?.name ?? new URL(item.sourceUri).host;
  const imageId = await copyLeadImage(deps, item, sourceName, user?.id ?? null);
  const input: ArticleInput = {
    title: item.title,
    language: item.language,
    type: 'news',
    status,
    standfirst: item.summary,
    bodyMarkdown: copyBody(item.contentHtml),
    kickerOverride: null,
    countries: [],
    topics: [],
    sectionSlugs: [section.slug],
    credits: [],
    collective: sourceName,
    collectiveSectionSlug: null,
    provenance: { publicationSlug: null, note: null, url: item.url },
    publishedAt: status === 'published' ? item.publishedAt : null,
    updates: [],
    campaignId: null,
    featured: false,
    image: imageId === null ? null : { mediaId: imageId, caption: null, credit: sourceName },
  };
  const errors = validateArticle(input);
  if (errors.length > 0) throw new ValidationFailed(errors);
  const now = deps.clock().toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    const written = await writeNewArticle(trx, input, now);
    if (!(await claimItemCopy(trx, item.id, written.id))) throw new Conflict('This article has already been republished.');
    return written;
  });
  if (status === 'published') deps.changes.announce(result.tags);
  return { id: result.id, slug: result.slug };
}

/**
 * What a followed source sent: a new article is kept (and republished at once when the
 * source's rule takes its language); a change reaches the copy's title, standfirst and
 * body, with its public update note when the source gave one; a deletion withdraws the
 * copy. Anything from an actor that is not a source, or about an object of another
 * server, is ignored.
 */
export async function receiveSyndicated(deps: SyndicationDeps, event: SyndicationEvent): Promise<void> {
  const source = await findSourceByUri(deps.db, event.actorUri);
  if (!source) return;
  const origin = new URL(event.actorUri).origin;
  const now = deps.clock().toISOString();
  if (event.kind === 'delete') {
    if (new URL(event.objectId).origin !== origin) return;
    const found = await markItemDeleted(deps.db, event.objectId, event.actorUri, now);
    if (found?.articleId) await withdrawCopy(deps, found.articleId, now);
    return;
  }
  const article = { ...event.article, sourceUri: event.actorUri };
  if (new URL(article.objectId).origin !== origin || !/^https?:\/\//.test(article.url)) return;
  if (event.kind === 'create') {
    const { id } = await insertItem(deps.db, article, now);
    const rule = source.rule;
    if (!rule || (rule.language !== '' && rule.language !== article.language.toLowerCase())) return;
    const item = await findItem(deps.db, id);
    if (!item || item.copy || item.deletedAt) return;
    await republish(deps, null, id, { sectionId: rule.sectionId, status: rule.status }).catch((error: unknown) => {
      // Copied meanwhile, or the rule's section was retired: the article stays listed for editors.
      if (!(error instanceof Conflict) && !(error instanceof ValidationFailed)) throw error;
    });
    return;
  }
  const found = await updateItem(deps.db, article.objectId, event.actorUri, article);
  if (found?.articleId) await updateCopy(deps, found.articleId, article, event.note, now);
}

async function updateCopy(deps: SyndicationDeps, articleId: number, article: ReceivedArticle, note: string | null, now: string): Promise<void> {
  const bodyMarkdown = copyBody(article.contentHtml);
  const tags = await deps.db.transaction().execute(async (trx) => {
    await updateCopyText(trx, articleId, { title: article.title, standfirst: article.summary, bodyMarkdown, bodyHtml: renderMarkdown(bodyMarkdown) }, now);
    if (note && note.trim() !== '') await addArticleUpdate(trx, articleId, { at: now, note: note.trim().slice(0, 1000) });
    return articleCacheTags(await loadTagFacts(trx, articleId));
  });
  deps.changes.announce(tags);
}

async function withdrawCopy(deps: SyndicationDeps, articleId: number, now: string): Promise<void> {
  const tags = await deps.db.transaction().execute(async (trx) => {
    const withdrawn = await setWorkflowState(
      trx,
      { id: articleId, from: ['draft', 'in_review', 'scheduled', 'published'] },
      { status: 'withdrawn', withdrawn_at: now, withdrawal_note: null, modified_at: now },
    );
    return withdrawn ? articleCacheTags(await loadTagFacts(trx, articleId)) : [];
  });
  if (tags.length > 0) deps.changes.announce(tags);
}
