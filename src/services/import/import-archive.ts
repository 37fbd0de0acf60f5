import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { basename, join, normalize, sep } from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import { articleCacheTags, validateArticle, type ArticleInput } from '../../domain/articles/article-input.js';
import { renderMarkdown } from '../../domain/articles/markdown.js';
import type { CacheTag } from '../../domain/cache/cache-tags.js';
import { ValidationFailed } from '../../domain/errors.js';
import { emptyChannel, readAtomEntry, readChannelElement, readRssItem, readWxrItem, type SourceChannel, type SourceItem } from '../../domain/import/archive.js';
import { htmlToMarkdown, mediaAddresses, type ConversionNotes } from '../../domain/import/html-to-markdown.js';
import { countryNameIndex, mapStatus, mapTerms, mapType, offsetOf, oldAddressesOf, publicationMoment, type ImportMap } from '../../domain/import/mapping.js';
import { ArchiveUnreadable, childText } from '../../domain/import/xml-stream.js';
import { loadTagFacts, updateArticleContent } from '../../store/articles/article-admin.store.js';
import type { DB } from '../../store/db/schema.js';
import {
  countOldAddresses,
  findImportedItem,
  findImportedMedia,
  recordImportedItem,
  recordImportedMedia,
  saveOldAddresses,
  type ImportedItem,
} from '../../store/import/import.store.js';
import type { MediaFiles } from '../../store/media/media-files.js';
import { findSectionIdBySlug } from '../../store/sections/section.store.js';
import { cachedLookups, publicationId, resolveByline, writeNewArticle, type BylineLookups } from '../articles/create-article.js';
import { audit } from '../audit/audit.js';
import { uploadImage } from '../media/upload-image.js';
import type { Clock } from '../shared/clock.js';
import type { ContentChanges } from '../shared/content-changes.js';
import { streamArchive, type ArchiveSource } from './read-archive.js';

/** What an import needs: the database, the media files, the time and the cache's ears. */
export interface ImportDeps {
  readonly db: Kysely<DB>;
  readonly media: MediaFiles;
  readonly clock: Clock;
  readonly changes: ContentChanges;
}

/** What to import and how; the same for the command line and an admin page's job. */
export interface ImportOptions {
  /** A WordPress export (WXR), or an RSS 2.0 or Atom feed. */
  readonly format: 'wxr' | 'feed';
  readonly source: ArchiveSource;
  /** A section every imported article is published for. */
  readonly sectionSlug?: string | null;
  /** The old site's uploads folder (wp-content/uploads), copied; without it no image is imported. */
  readonly mediaDir?: string | null;
  readonly map: ImportMap;
  /** Reads and reports everything, writes nothing. */
  readonly dryRun: boolean;
  /** Who the audit log names: a staff member, or a label such as "command line". */
  readonly actor: string | { readonly id: number; readonly name: string };
  /** Languages whose country names a category may use, beside English (the site's and its sections'). */
  readonly languages?: readonly string[];
  /** Told after each item: how many of the posts are done. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Why an item was not imported. */
export type SkipReason = 'page' | 'attachment' | 'menu' | 'comment' | 'custom' | 'trash' | 'empty' | 'invalid';

/** What an import did (or, dry, would do): the report printed at the end and audited. */
export interface ImportReport {
  source: string;
  imported: number;
  updated: number;
  unchanged: number;
  readonly skipped: Record<SkipReason, number>;
  /** Custom post types met, by name, with how many. */
  readonly customTypes: Record<string, number>;
  /** Items refused with the reason, by their title or key. */
  readonly problems: { item: string; message: string }[];
  /** Files of the old uploads that were not found (or not images), relative to the uploads folder. */
  readonly missingMedia: string[];
  mediaImported: number;
  /** Old addresses answered with a redirect to a published article of this source. */
  redirects: number;
  embeds: number;
  readonly droppedShortcodes: Record<string, number>;
  total: number;
}

interface Attachment {
  readonly url: string;
  readonly alt: string;
  readonly caption: string;
}

const UPLOADS = '/wp-content/uploads/';

/**
 * Posts written per transaction. A commit waits for the disk (SQLite's synchronous=FULL,
 * PostgreSQL's fsync): one per post made the import run at the speed of commits. Fifty
 * posts of a few kilobytes each keep a transaction short, and a run killed mid-batch
 * redoes at most fifty.
 */
export const IMPORT_BATCH = 50;

/** The name a source is remembered by: its site's address without scheme or trailing slash. */
export function sourceName(format: 'wxr' | 'feed', channel: SourceChannel, fallback: string): string {
  const address = channel.baseBlogUrl || channel.baseSiteUrl || channel.link;
  try {
    const url = new URL(address);
    return `${format}:${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return `${format}:${basename(fallback)}`;
  }
}

function emptyReport(): ImportReport {
  return {
    source: '',
    imported: 0,
    updated: 0,
    unchanged: 0,
    skipped: { page: 0, attachment: 0, menu: 0, comment: 0, custom: 0, trash: 0, empty: 0, invalid: 0 },
    customTypes: {},
    problems: [],
    missingMedia: [],
    mediaImported: 0,
    redirects: 0,
    embeds: 0,
    droppedShortcodes: {},
    total: 0,
  };
}

const SKIPPED_TYPES: Readonly<Record<string, SkipReason>> = {
  page: 'page',
  attachment: 'attachment',
  nav_menu_item: 'menu',
};

// What WordPress keeps as posts but are no one's content: revisions, block patterns, styles.
const INTERNAL_TYPES = new Set(['revision', 'customize_changeset', 'oembed_cache', 'wp_global_styles', 'wp_navigation', 'user_request', 'custom_css']);

/** The header and attachments of an archive, read in a first pass that also proves the file well formed. */
interface Survey {
  readonly channel: SourceChannel;
  readonly attachments: Map<string, Attachment>;
  offsetMinutes: number;
  posts: number;
  root: string;
}

async function survey(options: ImportOptions, report: ImportReport): Promise<Survey> {
  const found: Survey = { channel: emptyChannel(), attachments: new Map(), offsetMinutes: 0, posts: 0, root: '' };
  let offsetKnown = false;
  found.root = await streamArchive(options.source, (node) => {
    if (node.name !== 'item' && node.name !== 'entry') return readChannelElement(found.channel, node);
    if (node.name === 'entry') {
      found.posts++;
      return;
    }
    const type = childText(node, 'wp:post_type') || 'post';
    if (type === 'attachment') {
      const id = childText(node, 'wp:post_id');
      const meta = node.children.filter((c) => c.name === 'wp:postmeta').find((m) => childText(m, 'wp:meta_key') === '_wp_attachment_image_alt');
      found.attachments.set(id, {
        url: childText(node, 'wp:attachment_url') || childText(node, 'guid'),
        alt: meta ? childText(meta, 'wp:meta_value') : childText(node, 'title'),
        caption: childText(node, 'excerpt:encoded'),
      });
    }
    if (type === 'post') {
      found.posts++;
      if (!offsetKnown) {
        const item = readWxrItem(node);
        const offset = offsetOf(item);
        if (offset !== null) {
          found.offsetMinutes = offset;
          offsetKnown = true;
        }
      }
    } else if (!INTERNAL_TYPES.has(type)) {
      const reason = SKIPPED_TYPES[type] ?? 'custom';
      report.skipped[reason]++;
      if (reason === 'custom') report.customTypes[type] = (report.customTypes[type] ?? 0) + 1;
    }
    report.skipped.comment += node.children.filter((c) => c.name === 'wp:comment').length;
  });
  return found;
}

/** The file of the old uploads an address points at, relative to the uploads folder; null for any other address. */
export function uploadsFile(address: string, enclosure = false): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(address, 'http://old.invalid').pathname);
  } catch {
    return null;
  }
  const at = path.indexOf(UPLOADS);
  const relative = at >= 0 ? path.slice(at + UPLOADS.length) : enclosure ? path.replace(/^\/+/, '') : null;
  if (!relative) return null;
  const clean = normalize(relative);
  if (clean.startsWith('..') || clean.split(sep).includes('..') || clean.startsWith(sep)) return null;
  return clean;
}

/**
 * Imports a WordPress export or a feed: articles for posts (created, or rewritten when
 * the item changed since the last run), images from the copied uploads folder through
 * the media pipeline, and the old addresses for redirects. The file is read twice,
 * streaming both times: first to learn its authors and attachments and to prove it well
 * formed (a malformed or hostile file is refused before anything is written), then to
 * import. Posts are written IMPORT_BATCH at a time, each batch in one transaction with
 * the records of what its posts came from, so a run that is stopped picks up where it
 * stopped when started again (a batch cut short is redone whole), and a second run of the
 * same file creates nothing twice. Throws ArchiveUnreadable for a file that cannot be
 * imported.
 */
export async function importArchive(deps: ImportDeps, options: ImportOptions): Promise<ImportReport> {
  const report = emptyReport();
  const found = await survey(options, report);
  const { channel } = found;
  if (options.format === 'wxr' && !channel.wxrVersion)
    throw new ArchiveUnreadable(`${options.source.name}: the file is not a WordPress export (it has no wp:wxr_version); use "import feed" for a feed`);
  const source = sourceName(options.format, channel, options.source.name);
  report.source = source;
  report.total = found.posts;
  if (options.sectionSlug && (await findSectionIdBySlug(deps.db, options.sectionSlug)) === undefined)
    throw new ValidationFailed([
      { field: 'section', message: `There is no section "${options.sectionSlug}".`, key: 'domain.section-unknown', values: { slug: options.sectionSlug } },
    ]);
  const countries = countryNameIndex([...(options.languages ?? []), ...(channel.language ? [channel.language.split('-')[0]!] : [])]);
  const context: ItemContext = {
    deps,
    options,
    report,
    found,
    source,
    countries,
    missing: new Set(),
    mediaCache: new Map(),
    lookups: cachedLookups(),
  };
  let done = 0;
  const batch: PendingWrite[] = [];
  const flush = async () => {
    await writeBatch(context, batch.splice(0));
  };
  await streamArchive(options.source, async (node) => {
    let item: SourceItem;
    if (node.name === 'entry') item = readAtomEntry(node);
    else if (node.name === 'item') item = options.format === 'wxr' ? readWxrItem(node) : readRssItem(node);
    else return;
    if (item.postType !== 'post') return;
    // An item met twice in one file is looked up after its first copy is written, as if
    // each post had its own transaction.
    if (batch.some((w) => w.item.key === item.key)) await flush();
    const write = await importItem(context, item);
    if (write) batch.push(write);
    if (batch.length >= IMPORT_BATCH) await flush();
    options.onProgress?.(++done, found.posts);
  });
  await flush();
  report.missingMedia.push(...context.missing);
  report.redirects = options.dryRun ? report.redirects : await countOldAddresses(deps.db, source);
  if (!options.dryRun) {
    await audit(deps, {
      actor: options.actor,
      action: 'archive-imported',
      subject: { type: 'import', id: source },
      summary: `Imported ${options.source.name} from ${source}: ${report.imported} new, ${report.updated} updated, ${report.unchanged} unchanged, ${Object.values(report.skipped).reduce((a, b) => a + b, 0)} skipped, ${report.mediaImported} images, ${report.missingMedia.length} missing, ${report.redirects} redirects`,
    });
  }
  return report;
}

interface ItemContext {
  readonly deps: ImportDeps;
  readonly options: ImportOptions;
  readonly report: ImportReport;
  readonly found: Survey;
  readonly source: string;
  readonly countries: ReadonlyMap<string, string>;
  readonly missing: Set<string>;
  /** A file of the uploads → the media item it became (null: not found), for this run. */
  readonly mediaCache: Map<string, { id: number; path: string } | null>;
  /** Contributors, topics and sections by name, for this run (forgotten when a batch rolls back). */
  readonly lookups: BylineLookups & { forget(): void };
}

/** A post read, converted and checked, waiting for its batch's transaction. */
interface PendingWrite {
  readonly item: SourceItem;
  readonly existing: ImportedItem | undefined;
  readonly input: ArticleInput;
  readonly bodyHtml: string;
  readonly contentHash: string;
  readonly oldAddresses: readonly string[];
}

function itemLabel(item: SourceItem): string {
  return item.title ? `“${item.title.slice(0, 80)}”${item.wpId ? ` (ID ${item.wpId})` : ''}` : item.key;
}

/** The media item for an old file address: imported once per source, reused after; null when the file is not there. */
async function mediaFor(context: ItemContext, address: string, text: { alt: string; caption: string | null }, enclosure = false) {
  const file = uploadsFile(address, enclosure);
  if (file === null) return undefined;
  const cached = context.mediaCache.get(file);
  if (cached !== undefined) return cached;
  const { deps, options, source, report } = context;
  let result: { id: number; path: string } | null = null;
  const known = await findImportedMedia(deps.db, source, file);
  if (known) result = known;
  else if (options.mediaDir) {
    const bytes = await readInside(options.mediaDir, file);
    if (bytes && options.dryRun) {
      result = { id: 0, path: address };
      report.mediaImported++;
    } else if (bytes) {
      try {
        const id = await uploadImage(deps, {
          bytes,
          fileName: basename(file),
          alt: text.alt.slice(0, 500),
          caption: text.caption?.slice(0, 1000),
          uploaderId: null,
        });
        await recordImportedMedia(deps.db, source, file, id);
        const stored = await findImportedMedia(deps.db, source, file);
        result = stored ?? null;
        report.mediaImported++;
      } catch (error) {
        if (!(error instanceof ValidationFailed)) throw error;
        report.problems.push({ item: file, message: error.errors.map((e) => e.message).join(' ') });
      }
    }
  }
  if (result === null && !enclosure) context.missing.add(file);
  context.mediaCache.set(file, result);
  return result;
}

/** A file's bytes when it is inside the folder (no way out through "..", nor through a link); undefined when absent. */
async function readInside(dir: string, file: string): Promise<Buffer | undefined> {
  try {
    const root = await realpath(dir);
    const full = await realpath(join(root, file));
    if (!full.startsWith(root + sep)) return undefined;
    return await readFile(full);
  } catch {
    return undefined;
  }
}

function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reads, converts and checks a post; gives back what to write, or nothing when it is skipped, unchanged or (dry) counted. */
async function importItem(context: ItemContext, item: SourceItem): Promise<PendingWrite | undefined> {
  const { deps, options, report, found } = context;
  const status = mapStatus(item.status);
  if (status === null) {
    report.skipped.trash++;
    return;
  }
  if (!item.title && !item.html.trim()) {
    report.skipped.empty++;
    return;
  }
  const thumbnail = item.meta._thumbnail_id ? found.attachments.get(item.meta._thumbnail_id) : undefined;
  // Images first, outside any transaction: decoding and re-encoding takes a while. An
  // image already imported is a lookup; one that was missing is looked for again, so a
  // run after the uploads were copied adds it to an article imported without it.
  const addresses = new Map<string, string | null>();
  for (const address of mediaAddresses(item.html)) {
    const media = await mediaFor(context, address, { alt: '', caption: null });
    if (media !== undefined) addresses.set(address, media?.path ?? null);
  }
  let image: ArticleInput['image'] = null;
  const lead = thumbnail ?? (item.enclosures[0] ? { url: item.enclosures[0], alt: '', caption: '' } : undefined);
  if (lead) {
    const alt = lead.alt || item.title;
    const media = await mediaFor(context, lead.url, { alt, caption: lead.caption || null }, !thumbnail);
    if (media) image = { mediaId: media.id, caption: lead.caption || null, credit: null };
  }
  const contentHash = createHash('sha256')
    .update(JSON.stringify([item, thumbnail ?? null, options.map, options.sectionSlug ?? null, [...addresses], image]))
    .digest('hex');
  const existing = await findImportedItem(deps.db, context.source, item.key);
  if (existing && existing.contentHash === contentHash) {
    report.unchanged++;
    return;
  }

  const notes: ConversionNotes = { droppedShortcodes: [], embeds: 0 };
  const body = htmlToMarkdown(
    item.html,
    (address) => {
      const mapped = addresses.get(address.replace(/&amp;/g, '&'));
      return mapped === undefined ? address : mapped;
    },
    notes,
  );
  report.embeds += notes.embeds;
  for (const name of notes.droppedShortcodes) report.droppedShortcodes[name] = (report.droppedShortcodes[name] ?? 0) + 1;

  const terms = mapTerms(item.terms, options.map, context.countries);
  const login = item.author;
  const author = login ? (options.map.authors?.[login] ?? found.channel.authors.get(login) ?? login) : '';
  const language =
    options.map.language ?? (/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(found.channel.language.toLowerCase()) ? found.channel.language.split('-')[0]! : 'en');
  const publishedAt = publicationMoment(item, found.offsetMinutes) ?? (status === 'draft' ? null : deps.clock().toISOString());
  const title = item.title || plainText(item.html).slice(0, 120) || item.key;
  const input: ArticleInput = {
    title: title.slice(0, 300),
    slug: item.slug || undefined,
    language,
    type: mapType(options.map),
    status,
    standfirst: plainText(item.excerpt),
    bodyMarkdown: body,
    kickerOverride: null,
    countries: terms.countries,
    topics: terms.topics,
    sectionSlugs: [...new Set([...(options.sectionSlug ? [options.sectionSlug] : []), ...terms.sectionSlugs])],
    credits: author ? [{ name: author.slice(0, 200), sectionSlug: null, role: null }] : [],
    collective: author ? null : found.channel.title || null,
    collectiveSectionSlug: null,
    provenance: null,
    publishedAt,
    updates: [],
    campaignId: null,
    featured: false,
    image,
  };
  const errors = validateArticle(input);
  if (errors.length > 0) {
    report.skipped.invalid++;
    report.problems.push({ item: itemLabel(item), message: errors.map((e) => e.message).join(' ') });
    return;
  }
  const oldAddresses = oldAddressesOf(item);
  if (options.dryRun) {
    if (existing) report.updated++;
    else report.imported++;
    if (status === 'published') report.redirects += oldAddresses.length;
    return undefined;
  }
  return { item, existing, input, bodyHtml: renderMarkdown(body), contentHash, oldAddresses };
}

/**
 * Writes a batch of posts in one transaction, then counts them and announces the cache
 * tags they touched. A post refused on the way (ValidationFailed: a section or a
 * publication that is gone, an article changed meanwhile) rolls the batch back; its posts
 * are then written one per transaction, as the refused one alone must be left out.
 */
async function writeBatch(context: ItemContext, batch: readonly PendingWrite[]): Promise<void> {
  if (batch.length === 0) return;
  const { deps, report } = context;
  const now = deps.clock().toISOString();
  let tags: CacheTag[];
  try {
    tags = await deps.db.transaction().execute(async (trx) => {
      const touched: CacheTag[] = [];
      for (const write of batch) touched.push(...(await writeItem(trx, context, write, now)));
      return touched;
    });
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    // What the rolled-back transaction created (a contributor, a topic) is gone.
    context.lookups.forget();
    if (batch.length > 1) {
      for (const write of batch) await writeBatch(context, [write]);
      return;
    }
    report.skipped.invalid++;
    report.problems.push({ item: itemLabel(batch[0]!.item), message: error.errors.map((e) => e.message).join(' ') });
    return;
  }
  for (const write of batch) {
    if (write.existing) report.updated++;
    else report.imported++;
  }
  if (tags.length > 0) deps.changes.announce([...new Set(tags)]);
}

/** Writes one post of a batch: its article (new or rewritten), its old addresses and the record of what it came from. */
async function writeItem(trx: Transaction<DB>, context: ItemContext, write: PendingWrite, now: string): Promise<CacheTag[]> {
  const { existing, input, bodyHtml } = write;
  const written = existing
    ? await rewriteArticle(trx, existing, input, now, context.lookups, bodyHtml)
    : await writeNewArticle(trx, input, now, { lookups: context.lookups, bodyHtml });
  await saveOldAddresses(trx, write.oldAddresses, written.id, context.source, now);
  await recordImportedItem(trx, { source: context.source, itemKey: write.item.key, articleId: written.id, contentHash: write.contentHash, at: now });
  return written.tags;
}

/** Writes a changed item over the article an earlier run made of it, keeping its address. */
async function rewriteArticle(
  trx: Transaction<DB>,
  existing: ImportedItem,
  input: ArticleInput,
  now: string,
  lookups: BylineLookups,
  bodyHtml: string,
): Promise<{ id: number; tags: CacheTag[] }> {
  const before = await loadTagFacts(trx, existing.articleId);
  const byline = await resolveByline(trx, input, lookups);
  const topics = [];
  for (const name of input.topics) topics.push(await lookups.topic(trx, name));
  const saved = await updateArticleContent(
    trx,
    { id: existing.articleId, expectedVersion: existing.version },
    {
      language: input.language,
      title: input.title.trim(),
      type: input.type,
      status: input.status,
      published_at: input.publishedAt,
      standfirst: input.standfirst.trim(),
      body_md: input.bodyMarkdown,
      body_html: bodyHtml,
      primary_country: input.countries[0] ?? null,
      primary_topic_id: topics[0]?.id ?? null,
      byline_collective: input.collective?.trim() || null,
      byline_collective_section_id: byline.collectiveSectionId,
      provenance_publication_id: await publicationId(trx, null),
      image_id: input.image?.mediaId ?? null,
      image_caption: input.image?.caption ?? null,
      image_credit: input.image?.credit ?? null,
      modified_at: now,
    },
    { credits: byline.credits, countries: input.countries, topicIds: topics.map((t) => t.id), sectionIds: [...byline.sectionIds.keys()] },
  );
  if (!saved) throw new ValidationFailed([{ field: 'article', message: 'The article was changed while the import ran; run the import again.' }]);
  const after = await loadTagFacts(trx, existing.articleId);
  const visible = before.publishedAt !== null || input.status === 'published';
  return { id: existing.articleId, tags: visible ? [...articleCacheTags(before), ...articleCacheTags(after)] : [] };
}
