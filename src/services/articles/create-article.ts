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

/** Resolves credits, the collective section and sections to ids, creating contributors it names. */
export async function resolveByline(trx: Transaction<DB>, input: Pick<ArticleInput, 'credits' | 'collectiveSectionSlug' | 'sectionSlugs'>) {
  const credits: CreditRow[] = [];
  const contributorSlugs: string[] = [];
  const sectionIds = new Map<number, string>();
  for (const [i, credit] of input.credits.entries()) {
    const sectionId = credit.sectionSlug ? await sectionIdBySlug(trx, credit.sectionSlug, `credits.${i}.section`) : null;
    const contributor = await contributorFor(trx, credit, sectionId);
    credits.push({ contributorId: contributor.id, sectionId, role: credit.role });
    contributorSlugs.push(contributor.slug);
    if (sectionId !== null && credit.sectionSlug) sectionIds.set(sectionId, credit.sectionSlug);
  }
  const collectiveSectionId = input.collectiveSectionSlug ? await sectionIdBySlug(trx, input.collectiveSectionSlug, 'collectiveSection') : null;
  if (collectiveSectionId !== null && input.collectiveSectionSlug) sectionIds.set(collectiveSectionId, input.collectiveSectionSlug);
  for (const slug of input.sectionSlugs) sectionIds.set(await sectionIdBySlug(trx, slug, 'sections'), slug);
  return { credits, contributorSlugs, collectiveSectionId, sectionIds };
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

/**
 * Writes a new, already validated article in the caller's transaction and gives back its
 * id, slug and the cache tags to announce once committed: an import writes the article
 * and its own records in one transaction, so a run stopped half-way never leaves one
 * without the other.
 */
export async function writeNewArticle(trx: Transaction<DB>, input: ArticleInput, now: string): Promise<CreatedArticle & { tags: CacheTag[] }> {
  const byline = await resolveByline(trx, input);
  const topics = [];
  for (const name of input.topics) topics.push(await topicFor(trx, name));
  const base = input.slug ? slugify(input.slug) : slugify(input.title);
  const slug = uniqueSlug(base, await slugsStartingWith(trx, 'articles', base));
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
      body_html: renderMarkdown(input.bodyMarkdown),
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
