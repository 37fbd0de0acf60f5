import type { Kysely, Transaction } from 'kysely';
import { articleCacheTags, validateArticle, type ArticleInput, type CreditInput } from '../../domain/articles/article-input.js';
import { renderMarkdown } from '../../domain/articles/markdown.js';
import type { CacheTag } from '../../domain/cache/cache-tags.js';
import { ValidationFailed } from '../../domain/errors.js';
import { slugify, uniqueSlug } from '../../domain/text/slug.js';
import { insertArticle, type CreditRow } from '../../store/articles/article-write.store.js';
import type { DB } from '../../store/db/schema.js';
import {
  ensureTopic,
  findContributorByName,
  findPublicationIdBySlug,
  findSectionIdBySlug,
  insertContributorIfSlugFree,
  slugExists,
  slugsStartingWith,
} from '../../store/sections/section.store.js';
import type { ContentChanges } from '../shared/content-changes.js';

/** What creating an article gives back. */
export interface CreatedArticle {
  readonly id: number;
  readonly slug: string;
}

async function sectionIdBySlug(trx: Transaction<DB>, slug: string, field: string): Promise<number> {
  const id = await findSectionIdBySlug(trx, slug);
  if (id === undefined) throw new ValidationFailed([{ field, message: `There is no section "${slug}".`, key: 'domain.section-unknown', values: { slug } }]);
  return id;
}

/** Finds a contributor by exact name, or creates one: a contributor need not be an account. */
async function contributorFor(trx: Transaction<DB>, credit: CreditInput, sectionId: number | null): Promise<{ id: number; slug: string }> {
  // Another save may create the same person between our look and our insert; then the
  // insert does nothing and the next look finds them (or a free slug for a namesake).
  // The taken slugs are read before the name: had the other save committed in between,
  // its slug would push ours to "-2" while the name lookup, done earlier, missed the
  // person — a duplicate (seen on PostgreSQL, whose statements each see the latest commit).
  for (let attempt = 0; attempt < 5; attempt++) {
    const base = slugify(credit.name);
    const taken = await slugsStartingWith(trx, 'contributors', base);
    const existing = await findContributorByName(trx, credit.name);
    if (existing) return existing;
    const slug = uniqueSlug(base, taken);
    const id = await insertContributorIfSlugFree(trx, { slug, name: credit.name, sectionId });
    if (id !== undefined) return { id, slug };
  }
  throw new Error(`could not create the contributor ${credit.name}: their slug kept being taken`);
}

/** Finds a topic by its slug, or creates it. */
export async function topicFor(trx: Transaction<DB>, name: string): Promise<{ id: number; slug: string }> {
  const slug = slugify(name);
  return { id: await ensureTopic(trx, { slug, name }), slug };
}

/**
 * How the names an article's byline and topics give become rows: each looked up (and
 * created when new) in the database, or through a cache an import keeps for its run,
 * where the same few authors, topics and sections come back on every post.
 */
export interface BylineLookups {
  contributor(trx: Transaction<DB>, credit: CreditInput, sectionId: number | null): Promise<{ id: number; slug: string }>;
  topic(trx: Transaction<DB>, name: string): Promise<{ id: number; slug: string }>;
  section(trx: Transaction<DB>, slug: string, field: string): Promise<number>;
}

/** Every name looked up in the database each time: what saving one article needs. */
export const directLookups: BylineLookups = { contributor: contributorFor, topic: topicFor, section: sectionIdBySlug };

/**
 * Look-ups that remember what they found or created, for a long run of writes (an
 * import). What a transaction created is gone if it rolls back: the caller then calls
 * `forget`, and the next look-up asks the database again.
 */
export function cachedLookups(): BylineLookups & { forget(): void } {
  const contributors = new Map<string, { id: number; slug: string }>();
  const topics = new Map<string, { id: number; slug: string }>();
  const sections = new Map<string, number>();
  return {
    async contributor(trx, credit, sectionId) {
      // contributorFor finds a contributor by name alone, whatever the section.
      let found = contributors.get(credit.name);
      if (!found) contributors.set(credit.name, (found = await contributorFor(trx, credit, sectionId)));
      return found;
    },
    async topic(trx, name) {
      const slug = slugify(name);
      let found = topics.get(slug);
      if (!found) topics.set(slug, (found = await topicFor(trx, name)));
      return found;
    },
    async section(trx, slug, field) {
      let found = sections.get(slug);
      if (found === undefined) sections.set(slug, (found = await sectionIdBySlug(trx, slug, field)));
      return found;
    },
    forget() {
      contributors.clear();
      topics.clear();
      sections.clear();
    },
  };
}

/** Resolves credits, the collective section and sections to ids, creating contributors it names. */
export async function resolveByline(
  trx: Transaction<DB>,
  input: Pick<ArticleInput, 'credits' | 'collectiveSectionSlug' | 'sectionSlugs'>,
  lookups: BylineLookups = directLookups,
) {
  const credits: CreditRow[] = [];
  const contributorSlugs: string[] = [];
  const sectionIds = new Map<number, string>();
  for (const [i, credit] of input.credits.entries()) {
    const sectionId = credit.sectionSlug ? await lookups.section(trx, credit.sectionSlug, `credits.${i}.section`) : null;
    const contributor = await lookups.contributor(trx, credit, sectionId);
    credits.push({ contributorId: contributor.id, sectionId, role: credit.role });
    contributorSlugs.push(contributor.slug);
    if (sectionId !== null && credit.sectionSlug) sectionIds.set(sectionId, credit.sectionSlug);
  }
  const collectiveSectionId = input.collectiveSectionSlug ? await lookups.section(trx, input.collectiveSectionSlug, 'collectiveSection') : null;
  if (collectiveSectionId !== null && input.collectiveSectionSlug) sectionIds.set(collectiveSectionId, input.collectiveSectionSlug);
  for (const slug of input.sectionSlugs) sectionIds.set(await lookups.section(trx, slug, 'sections'), slug);
  return { credits, contributorSlugs, collectiveSectionId, sectionIds };
}

/**
 * A free slug for a new article: the base itself when no article has it (one look-up by
 * the unique index, the usual case), else the first free "-2", "-3"… among those taken.
 */
async function freeArticleSlug(trx: Transaction<DB>, base: string): Promise<string> {
  if (base !== '' && !(await slugExists(trx, 'articles', base))) return base;
  return uniqueSlug(base, await slugsStartingWith(trx, 'articles', base));
}

/** The id of the publication with this slug (null for none); ValidationFailed when unknown. */
export async function publicationId(trx: Transaction<DB>, slug: string | null | undefined): Promise<number | null> {
  if (!slug) return null;
  const id = await findPublicationIdBySlug(trx, slug);
  if (id === undefined)
    throw new ValidationFailed([
      { field: 'provenance', message: `There is no publication "${slug}".`, key: 'domain.article.publication-unknown', values: { slug } },
    ]);
  return id;
}

/** What a caller writing many articles can hand writeNewArticle to spare it work. */
export interface WriteOptions {
  /** How names become rows; directLookups when left out. */
  readonly lookups?: BylineLookups;
  /** The body already rendered (renderMarkdown of bodyMarkdown), e.g. in a thread while the caller read on. */
  readonly bodyHtml?: string;
}

/**
 * Writes a new, already validated article in the caller's transaction and gives back its
 * id, slug and the cache tags to announce once committed: an import writes the article
 * and its own records in one transaction, so a run stopped half-way never leaves one
 * without the other.
 */
export async function writeNewArticle(
  trx: Transaction<DB>,
  input: ArticleInput,
  now: string,
  options: WriteOptions = {},
): Promise<CreatedArticle & { tags: CacheTag[] }> {
  const lookups = options.lookups ?? directLookups;
  const byline = await resolveByline(trx, input, lookups);
  const topics = [];
  for (const name of input.topics) topics.push(await lookups.topic(trx, name));
  const base = input.slug ? slugify(input.slug) : slugify(input.title);
  const slug = await freeArticleSlug(trx, base);
  const lastUpdate = input.updates.at(-1)?.at ?? null;
  const id = await insertArticle(trx, {
    article: {
      slug,
      language: input.language,
      title: input.title.trim(),
      kicker_override: input.kickerOverride,
      type: input.type,
      standfirst: input.standfirst.trim(),
      body_md: input.bodyMarkdown,
      body_html: options.bodyHtml ?? renderMarkdown(input.bodyMarkdown),
      status: input.status,
      published_at: input.publishedAt ? new Date(input.publishedAt).toISOString() : null,
      last_update_at: lastUpdate ? new Date(lastUpdate).toISOString() : null,
      primary_country: input.countries[0] ?? null,
      primary_topic_id: topics[0]?.id ?? null,
      byline_collective: input.collective?.trim() || null,
      byline_collective_section_id: byline.collectiveSectionId,
      provenance_publication_id: await publicationId(trx, input.provenance?.publicationSlug),
      provenance_note: input.provenance?.note ?? null,
      provenance_url: input.provenance?.url ?? null,
      image_id: input.image?.mediaId ?? null,
      image_caption: input.image?.caption ?? null,
      image_credit: input.image?.credit ?? null,
      campaign_id: input.campaignId,
      translation_group: null,
      featured: input.featured ? 1 : 0,
      created_at: now,
      modified_at: now,
      version: 1,
    },
    credits: byline.credits,
    countries: input.countries,
    topicIds: topics.map((t) => t.id),
    sectionIds: [...byline.sectionIds.keys()],
    updates: input.updates.map((u) => ({ at: new Date(u.at).toISOString(), note: u.note })),
  });
  const tags = articleCacheTags({
    slug,
    type: input.type,
    publishedAt: input.publishedAt,
    countries: input.countries,
    topicSlugs: topics.map((t) => t.slug),
    sectionSlugs: [...byline.sectionIds.values()],
    contributorSlugs: byline.contributorSlugs,
    language: input.language,
  });
  return { id, slug, tags };
}

/**
 * Creates an article in one transaction: its byline (creating contributors and topics
 * it names), countries, sections and updates. Every section a credit names is one the
 * article is published for. Announces the cache tags it touched once committed.
 */
export async function createArticle(deps: { db: Kysely<DB>; changes: ContentChanges; now?: () => Date }, input: ArticleInput): Promise<CreatedArticle> {
  const errors = validateArticle(input);
  if (errors.length > 0) throw new ValidationFailed(errors);
  const now = (deps.now?.() ?? new Date()).toISOString();
  const result = await deps.db.transaction().execute((trx) => writeNewArticle(trx, input, now));
  if (input.status === 'published') deps.changes.announce(result.tags);
  return { id: result.id, slug: result.slug };
}
