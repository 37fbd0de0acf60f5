import type { Kysely, Transaction } from 'kysely';
import { allows, canEditArticle, canSeeArticle, type StaffUser } from '../../domain/accounts/staff.js';
import { articleCacheTags, validateArticle, type FieldError } from '../../domain/articles/article-input.js';
import { publishableImageRule } from '../../domain/media/media-rules.js';
import { findMedia } from '../../store/media/media.store.js';
import { retireSlug } from '../../store/articles/article-write.store.js';
import type { ArticleStatus } from '../../domain/articles/article.js';
import { mayLinkCampaign } from '../../domain/articles/call-to-action.js';
import { MARKDOWN_MAX_CHARS } from '../../domain/articles/markdown.js';
import type { ArticleSnapshot } from '../../domain/articles/revision-diff.js';
import { Conflict, Forbidden, NotFound, TextTooComplex, ValidationFailed } from '../../domain/errors.js';
import { slugify, uniqueSlug } from '../../domain/text/slug.js';
import {
  articleSlugsTaken,
  campaignLinkFacts,
  findArticleFacts,
  loadSnapshot,
  loadTagFacts,
  mediaExists,
  sectionIdsBySlug,
  updateArticleContent,
  type ArticleFacts,
  type ArticleLists,
} from '../../store/articles/article-admin.store.js';
import { insertRevision } from '../../store/articles/article-revision.store.js';
import { listSections } from '../../store/sections/section.store.js';
import { insertArticle } from '../../store/articles/article-write.store.js';
import type { DB } from '../../store/db/schema.js';
import { audit } from '../audit/audit.js';
import type { Clock } from '../shared/clock.js';
import type { ContentChanges } from '../shared/content-changes.js';
import { publicationId, resolveByline, topicFor } from './create-article.js';
import type { MarkdownRenderer } from './markdown-pool.js';

/** What the newsroom's article services need. */
export interface ArticleEditDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly changes: ContentChanges;
}

/** What saving an article's content needs: the edit deps and the renderer of its body. */
export interface ArticleSaveDeps extends ArticleEditDeps {
  readonly markdown: Pick<MarkdownRenderer, 'render'>;
}

/**
 * The body's HTML, rendered before the transaction opens: a render may take up to its
 * time limit and must not hold the database's write lock meanwhile. Null for a body over
 * the length limit, which validation then refuses beside the field; a render that takes
 * too long is refused beside the field too, so the editor keeps the text.
 */
async function renderBody(deps: ArticleSaveDeps, source: string): Promise<string | null> {
  if (source.length > MARKDOWN_MAX_CHARS) return null;
  try {
    return await deps.markdown.render(source);
  } catch (error) {
    if (error instanceof TextTooComplex) throw new ValidationFailed([{ field: 'bodyMarkdown', message: error.message }]);
    throw error;
  }
}

/**
 * The sections a user may file articles under: a section editor's own, an author's own
 * when they have any; everyone's for the roles that span all sections.
 */
export function offeredSectionIds(user: StaffUser, all: readonly number[]): number[] {
  const limited = user.role === 'section_editor' || (user.role === 'author' && user.sectionIds.length > 0);
  return limited ? all.filter((id) => user.sectionIds.includes(id)) : [...all];
}

/** Loads an article for a change by this user: NotFound when they may not see it (so it is not even confirmed), Forbidden when they may not change it. */
export async function factsForEdit(db: Kysely<DB>, user: StaffUser, id: number): Promise<ArticleFacts> {
  const facts = await findArticleFacts(db, id);
  if (!facts || !canSeeArticle(user, facts)) throw new NotFound('The article');
  if (!canEditArticle(user, facts)) throw new Forbidden('This article can no longer be changed by you: it has been submitted for review.');
  return facts;
}

/**
 * The sections an article is filed under after a save. A user who is offered only some
 * sections can neither add another nor lose one they were never shown: those the
 * article had outside their offer are kept.
 */
async function sectionSlugsAfterSave(
  trx: Transaction<DB>,
  user: StaffUser,
  requested: readonly string[],
  current: readonly number[],
): Promise<{ slugs: string[]; errors: FieldError[] }> {
  const bySlug = await sectionIdsBySlug(trx);
  const offered = new Set(offeredSectionIds(user, [...bySlug.values()]));
  // A retired section is not offered for new filings; an article already in it keeps it (docs/decisions/0019).
  const retired = new Map((await listSections(trx)).filter((s) => s.retiredAt !== null).map((s) => [s.id, s.name]));
  const errors: FieldError[] = [];
  for (const slug of requested) {
    const id = bySlug.get(slug);
    if (id === undefined) errors.push({ field: 'sections', message: `There is no section "${slug}".`, key: 'domain.section-unknown', values: { slug } });
    else if (!offered.has(id))
      errors.push({ field: 'sections', message: 'You can file articles only under your own sections.', key: 'domain.article.section-not-yours' });
    else if (retired.has(id) && !current.includes(id))
      errors.push({
        field: 'sections',
        message: `The section “${retired.get(id)}” is retired: choose one of the sections offered.`,
        key: 'domain.section-retired',
        values: { name: retired.get(id) ?? slug },
      });
  }
  const kept = [...bySlug].filter(([, id]) => current.includes(id) && !offered.has(id)).map(([slug]) => slug);
  return { slugs: [...new Set([...requested, ...kept])], errors };
}

/**
 * A public article's lead image must have alt text (a screen-reader user must know what
 * it shows). Checked when an article is published or scheduled, and when a public or
 * scheduled one is saved, inside the same transaction.
 */
export async function leadImageProblems(trx: Transaction<DB>, snapshot: Pick<ArticleSnapshot, 'image'>, status: ArticleStatus): Promise<FieldError[]> {
  if (!snapshot.image || (status !== 'published' && status !== 'scheduled')) return [];
  const problem = publishableImageRule(await findMedia(trx, snapshot.image.mediaId));
  return problem ? [{ field: 'image', ...problem }] : [];
}

/**
 * The campaign an article calls to must be one the user may attach (call-to-action.ts):
 * the rule is kept here, not only by what the form offers. A campaign the article
 * already had stays when someone else saves it, as sections outside their offer do.
 */
async function campaignProblems(trx: Transaction<DB>, user: StaffUser, campaignId: number | null, currentId: number | null): Promise<FieldError[]> {
  if (campaignId === null || campaignId === currentId) return [];
  const campaign = await campaignLinkFacts(trx, campaignId);
  if (!campaign) return [{ field: 'campaignId', message: 'There is no campaign with this number.', key: 'domain.article.campaign-unknown' }];
  if (!mayLinkCampaign(user, campaign))
    return [
      {
        field: 'campaignId',
        message: 'Choose one of the campaigns offered: a published campaign of your sections or an international one.',
        key: 'domain.article.campaign-not-offered',
      },
    ];
  return [];
}

async function referenceProblems(
  trx: Transaction<DB>,
  user: StaffUser,
  snapshot: ArticleSnapshot,
  current: { status: ArticleStatus; campaignId: number | null },
): Promise<FieldError[]> {
  const errors: FieldError[] = [...(await leadImageProblems(trx, snapshot, current.status))];
  if (errors.length === 0 && snapshot.image && !(await mediaExists(trx, snapshot.image.mediaId)))
    errors.push({ field: 'image', message: 'Choose an image from the media library.', key: 'domain.article.image-unknown' });
  errors.push(...(await campaignProblems(trx, user, snapshot.campaignId, current.campaignId)));
  return errors;
}

/** The row values and lists a snapshot is stored as, after checking every rule. */
async function prepare(
  trx: Transaction<DB>,
  user: StaffUser,
  snapshot: ArticleSnapshot,
  current: { id: number; status: ArticleStatus; publishedAt: string | null; sectionIds: readonly number[]; campaignId: number | null } | null,
  bodyHtml: string | null,
) {
  const sections = await sectionSlugsAfterSave(trx, user, snapshot.sectionSlugs, current?.sectionIds ?? []);
  const input = { ...snapshot, sectionSlugs: sections.slugs, status: current?.status ?? 'draft', publishedAt: current?.publishedAt ?? null, updates: [] };
  const errors = [
    ...validateArticle(input),
    ...sections.errors,
    ...(await referenceProblems(trx, user, snapshot, { status: input.status, campaignId: current?.campaignId ?? null })),
  ];
  // bodyHtml is null only for a body over the limit, which validateArticle has refused.
  if (errors.length > 0 || bodyHtml === null) throw new ValidationFailed(errors);
  const byline = await resolveByline(trx, input);
  const topics = [];
  for (const name of snapshot.topics) topics.push(await topicFor(trx, name));
  const base = slugify(snapshot.slug.trim() || snapshot.title);
  const slug = uniqueSlug(base, await articleSlugsTaken(trx, base, current?.id ?? null));
  const values = {
    slug,
    language: snapshot.language,
    title: snapshot.title.trim(),
    kicker_override: snapshot.kickerOverride?.trim() || null,
    type: snapshot.type,
    standfirst: snapshot.standfirst.trim(),
    body_md: snapshot.bodyMarkdown,
    body_html: bodyHtml,
    primary_country: snapshot.countries[0] ?? null,
    primary_topic_id: topics[0]?.id ?? null,
    byline_collective: snapshot.collective?.trim() || null,
    byline_collective_section_id: byline.collectiveSectionId,
    provenance_publication_id: await publicationId(trx, snapshot.provenance?.publicationSlug),
    provenance_note: snapshot.provenance?.note ?? null,
    provenance_url: snapshot.provenance?.url ?? null,
    image_id: snapshot.image?.mediaId ?? null,
    image_caption: snapshot.image?.caption ?? null,
    image_credit: snapshot.image?.credit ?? null,
    campaign_id: snapshot.campaignId,
    featured: snapshot.featured ? 1 : 0,
  };
  const lists: ArticleLists = {
    credits: byline.credits,
    countries: snapshot.countries,
    topicIds: topics.map((t) => t.id),
    sectionIds: [...byline.sectionIds.keys()],
  };
  return { values, lists };
}

/** Stores what the article now is as a revision: the snapshot is read back, so it is exactly what was saved. */
async function recordRevision(
  trx: Transaction<DB>,
  revision: { articleId: number; version: number; at: string; by: number; note: string | null },
): Promise<void> {
  const snapshot = await loadSnapshot(trx, revision.articleId);
  await insertRevision(trx, {
    articleId: revision.articleId,
    version: revision.version,
    savedAt: revision.at,
    savedBy: revision.by,
    snapshot,
    note: revision.note,
  });
}

/**
 * Creates a draft owned by the user, with its first revision. `within` runs in the same
 * transaction once the draft is stored (a new translation joins its group there), so a
 * refusal it throws leaves no draft behind.
 */
export async function createDraft(
  deps: ArticleSaveDeps,
  user: StaffUser,
  snapshot: ArticleSnapshot,
  options: { within?: (trx: Transaction<DB>, created: { id: number; at: string }) => Promise<void> } = {},
): Promise<{ id: number; slug: string }> {
  if (!allows(user, 'articles.write')) throw new Forbidden('Your role cannot write articles.');
  const now = deps.clock().toISOString();
  const bodyHtml = await renderBody(deps, snapshot.bodyMarkdown);
  return deps.db.transaction().execute(async (trx) => {
    const { values, lists } = await prepare(trx, user, snapshot, null, bodyHtml);
    const id = await insertArticle(trx, {
      article: {
        ...values,
        status: 'draft',
        published_at: null,
        last_update_at: null,
        translation_group: null,
        created_at: now,
        modified_at: now,
        version: 1,
        owner_id: user.id,
      },
      ...lists,
      updates: [],
    });
    await recordRevision(trx, { articleId: id, version: 1, at: now, by: user.id, note: null });
    await options.within?.(trx, { id, at: now });
    return { id, slug: values.slug };
  });
}

/**
 * Saves the editor's form over the version it was loaded at, as a new revision. When
 * someone saved in the meantime nothing is written and Conflict is thrown: no save
 * silently overwrites another. A published article's pages are refreshed. With
 * `restoredFrom`, the save is a restore of that revision, noted and audited as one.
 */
export async function saveArticle(
  deps: ArticleSaveDeps,
  user: StaffUser,
  target: { id: number; baseVersion: number },
  snapshot: ArticleSnapshot,
  options: { restoredFrom?: number } = {},
): Promise<{ version: number; slug: string }> {
  const now = deps.clock().toISOString();
  const bodyHtml = await renderBody(deps, snapshot.bodyMarkdown);
  const result = await deps.db.transaction().execute(async (trx) => {
    const facts = await factsForEdit(trx, user, target.id);
    if (facts.version !== target.baseVersion) throw new Conflict('Someone else saved this article while you were editing it.');
    const published = facts.status === 'published';
    const before = published ? await loadTagFacts(trx, facts.id) : null;
    const current = {
      id: facts.id,
      status: facts.status,
      publishedAt: facts.publishedAt,
      sectionIds: facts.sectionIds,
      campaignId: facts.campaignId,
    };
    const { values, lists } = await prepare(trx, user, snapshot, current, bodyHtml);
    const saved = await updateArticleContent(trx, { id: facts.id, expectedVersion: target.baseVersion }, { ...values, modified_at: now }, lists);
    if (!saved) throw new Conflict('Someone else saved this article while you were editing it.');
    // A published article's old address keeps working: readers, feeds and other sites link to it.
    if (before && before.slug !== values.slug) await retireSlug(trx, before.slug, facts.id, now);
    const version = target.baseVersion + 1;
    const restored = options.restoredFrom;
    await recordRevision(trx, { articleId: facts.id, version, at: now, by: user.id, note: restored ? `Restored version ${restored}` : null });
    if (restored) {
      await audit(
        { db: trx, clock: deps.clock },
        {
          actor: user,
          action: 'article-restored',
          subject: { type: 'article', id: facts.id },
          summary: `Restored version ${restored} of “${facts.title}” as version ${version}`,
        },
      );
    }
    const tags = before ? [...articleCacheTags(before), ...articleCacheTags(await loadTagFacts(trx, facts.id))] : [];
    return { version, slug: values.slug, tags };
  });
  if (result.tags.length > 0) deps.changes.announce([...new Set(result.tags)]);
  return { version: result.version, slug: result.slug };
}
