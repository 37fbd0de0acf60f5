import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { allows, canEditArticle, canSeeArticle, type StaffUser } from '../../domain/accounts/staff.js';
import type { FieldError } from '../../domain/articles/article-input.js';
import { diffSnapshots, type FieldDiff } from '../../domain/articles/revision-diff.js';
import {
  canonicalLanguage,
  isBehind,
  linkRefusal,
  publishedMembers,
  type LinkRefusal,
  type TranslationGroup,
  type TranslationMember,
} from '../../domain/articles/translations.js';
import { tags, type CacheTag } from '../../domain/cache/cache-tags.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../domain/errors.js';
import type { Messages } from '../../i18n/messages.js';
import { findArticleFacts, loadSnapshot } from '../../store/articles/article-admin.store.js';
import { getRevision } from '../../store/articles/article-revision.store.js';
import {
  dissolveTranslationGroup,
  findTranslationFacts,
  findTranslationGroup,
  insertTranslationGroup,
  joinTranslationGroup,
  leaveTranslationGroup,
  markTranslationSynced,
  newestRevisionAtOrBefore,
} from '../../store/articles/translation.store.js';
import type { DB } from '../../store/db/schema.js';
import { publishedMonthsOf } from '../../store/sitemaps/sitemap.store.js';
import { audit } from '../audit/audit.js';
import type { ContentChanges } from '../shared/content-changes.js';
import { createDraft, type ArticleEditDeps, type ArticleSaveDeps } from './save-article.js';

export type { TranslationGroup, TranslationMember };

/*
 * Article translations (docs/decisions/0022): the admin's Translations panel and what the
 * public article page shows of an article's group.
 */

/** How a translation differs from the original today: the original's public update, and its changes since the translated version. */
export interface BehindOriginal {
  readonly original: TranslationMember;
  /** The original's last public update. */
  readonly updatedAt: string;
  /** The original's version the translation follows. */
  readonly fromVersion: number;
  /**
   * The original's changes since then; null when that version's text is not stored (an
   * imported article) or when the user may not open the original.
   */
  readonly changes: readonly FieldDiff[] | null;
  /**
   * Whether the user may open the original in the admin. A section editor of another
   * section may not: they learn that it is behind and when, never its text (not even
   * through the diff, whose old side no public page shows).
   */
  readonly mayOpenOriginal: boolean;
}

/** What the editor's Translations panel shows of an article. */
export interface TranslationPanel {
  readonly group: TranslationGroup | null;
  /** Null while the article is in no group. */
  readonly original: TranslationMember | null;
  readonly behind: BehindOriginal | null;
}

async function visibleArticle(db: Kysely<DB>, user: StaffUser, id: number) {
  const facts = await findArticleFacts(db, id);
  if (!facts || !canSeeArticle(user, facts)) throw new NotFound('The article');
  return facts;
}

async function groupOf(db: Kysely<DB>, id: number): Promise<TranslationGroup | null> {
  const own = await findTranslationFacts(db, { id });
  return own?.group ? ((await findTranslationGroup(db, own.group)) ?? null) : null;
}

const originalOf = (group: TranslationGroup | null) => group?.members.find((m) => m.id === group.originalId) ?? null;

/** The group with only the members this user may see: a section editor does not learn another section's drafts from it. */
async function visibleGroup(db: Kysely<DB>, user: StaffUser, group: TranslationGroup | null): Promise<TranslationGroup | null> {
  if (!group) return null;
  const visible = [];
  for (const member of group.members) {
    const facts = await findArticleFacts(db, member.id);
    if (facts && canSeeArticle(user, facts)) visible.push(member);
  }
  return { ...group, members: visible };
}

/** The Translations panel of an article the user may see; NotFound otherwise. */
export async function translationPanel(db: Kysely<DB>, user: StaffUser, id: number): Promise<TranslationPanel> {
  await visibleArticle(db, user, id);
  const whole = await groupOf(db, id);
  const group = await visibleGroup(db, user, whole);
  const original = originalOf(whole);
  const self = group?.members.find((m) => m.id === id);
  if (!group || !original || !self || self.id === original.id || !isBehind(self, original)) return { group, original, behind: null };
  const fromVersion = self.sourceVersion ?? 1;
  const updatedAt = original.lastUpdateAt ?? '';
  const originalFacts = await findArticleFacts(db, original.id);
  if (!originalFacts || !canSeeArticle(user, originalFacts))
    return { group, original, behind: { original, updatedAt, fromVersion, changes: null, mayOpenOriginal: false } };
  const stored = await newestRevisionAtOrBefore(db, original.id, fromVersion);
  const changes = stored === undefined ? null : diffSnapshots((await getRevision(db, original.id, stored)).snapshot, await loadSnapshot(db, original.id));
  return { group, original, behind: { original, updatedAt, fromVersion, changes, mayOpenOriginal: true } };
}

const refusalKeys: Readonly<Record<LinkRefusal, string>> = {
  self: 'admin.translations.error.self',
  'same-language': 'admin.translations.error.sameLanguage',
  'other-group': 'admin.translations.error.otherGroup',
  'already-linked': 'admin.translations.error.alreadyLinked',
};

function refused(field: string, message: string): ValidationFailed {
  return new ValidationFailed([{ field, message }] satisfies FieldError[]);
}

/** The article's group, started with it as original when it has none yet. Needs the transaction that adds a member. */
async function ensureGroup(trx: Transaction<DB>, article: { id: number; group: string | null }, at: string): Promise<TranslationGroup> {
  if (article.group) {
    const found = await findTranslationGroup(trx, article.group);
    if (found) return found;
  }
  const id = randomUUID();
  await insertTranslationGroup(trx, { id, originalId: article.id, at });
  return (await findTranslationGroup(trx, id))!;
}

/**
 * Every page of a group: its members' own pages, each page that shows the group's
 * switcher, and the monthly sitemaps that list its published members with their
 * hreflang alternates (an article that joins or leaves a group changes them, and
 * a sitemap that listed it alone did not depend on the group's tag).
 */
async function groupTags(trx: Transaction<DB>, group: TranslationGroup, extra: readonly { id: number; slug: string }[] = []): Promise<CacheTag[]> {
  const months = await publishedMonthsOf(trx, [...group.members.map((m) => m.id), ...extra.map((e) => e.id)]);
  return [
    tags.translations(group.id),
    ...group.members.map((m) => tags.article(m.slug)),
    ...extra.map((e) => tags.article(e.slug)),
    ...months.map((m) => tags.month(m)),
  ];
}

/**
 * Adds a translation: a new draft in `language`, owned by the user, in the article's
 * group (started with this article as original when it has none). The draft starts as a
 * copy of the original's fields with the language changed, so the translator replaces
 * the text in place and the byline, countries, topics, image and call to action, which a
 * translation shares, are already there.
 */
export async function addTranslation(
  deps: ArticleSaveDeps,
  user: StaffUser,
  id: number,
  request: { language: string; messages: Messages },
): Promise<{ id: number }> {
  const m = request.messages;
  await visibleArticle(deps.db, user, id);
  if (!allows(user, 'articles.write')) throw new Forbidden('Your role cannot write articles.');
  const language = canonicalLanguage(request.language);
  if (!language) throw refused('translationLanguage', m.t('admin.translations.error.language'));
  const group = await groupOf(deps.db, id);
  const source = originalOf(group)?.id ?? id;
  const snapshot = await loadSnapshot(deps.db, source);
  const draft = { ...snapshot, language, slug: `${snapshot.slug}-${language.toLowerCase()}`, featured: false };
  const created = await createDraft(deps, user, draft, {
    within: async (trx, made) => {
      const article = await findTranslationFacts(trx, { id });
      if (!article) throw new NotFound('The article');
      const current = await ensureGroup(trx, article, made.at);
      if (current.members.some((member) => member.language === language)) {
        throw refused('translationLanguage', m.t(refusalKeys['same-language'], { language: m.languageName(language) }));
      }
      const original = originalOf(current)!;
      await joinTranslationGroup(trx, made.id, { group: current.id, sourceVersion: original.version, syncedAt: made.at });
      await audit(
        { db: trx, clock: deps.clock },
        {
          actor: user,
          action: 'translation-added',
          subject: { type: 'article', id: made.id },
          summary: `Added a ${language} translation of “${original.title}” as a draft`,
        },
      );
    },
  });
  return { id: created.id };
}

/** "42", "some-slug" or a pasted address ("https://…/articles/some-slug"): what the link form accepts. */
function parseReference(text: string): { id: number } | { slug: string } | null {
  const trimmed = text.trim();
  if (/^[0-9]{1,9}$/.test(trimmed)) return { id: Number(trimmed) };
  const last =
    trimmed
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .at(-1) ?? '';
  let slug = last;
  try {
    slug = decodeURIComponent(last);
  } catch {
    return null;
  }
  return slug === '' ? null : { slug };
}

/**
 * Joins an existing article (by number or slug) to this article's group as a translation,
 * up to date with the original as it is now. Refused beside the field, with the reason,
 * for the article itself, one already in a group, or a language the group already has.
 */
export async function linkTranslation(deps: ArticleEditDeps, user: StaffUser, id: number, request: { reference: string; messages: Messages }): Promise<void> {
  const m = request.messages;
  await visibleArticle(deps.db, user, id);
  const reference = parseReference(request.reference);
  if (!reference) throw refused('linkReference', m.t('admin.translations.error.notFound'));
  const now = deps.clock().toISOString();
  const announced = await deps.db.transaction().execute(async (trx) => {
    const article = await findTranslationFacts(trx, { id });
    const candidate = await findTranslationFacts(trx, reference);
    const candidateFacts = candidate ? await findArticleFacts(trx, candidate.id) : undefined;
    if (!article) throw new NotFound('The article');
    if (!candidate || !candidateFacts || !canSeeArticle(user, candidateFacts)) throw refused('linkReference', m.t('admin.translations.error.notFound'));
    const existing = article.group ? await findTranslationGroup(trx, article.group) : undefined;
    const members = existing?.members ?? [{ id: article.id, language: article.language }];
    const refusal = linkRefusal(article, members, candidate);
    if (refusal) throw refused('linkReference', m.t(refusalKeys[refusal], { language: m.languageName(candidate.language) }));
    if (!canEditArticle(user, candidateFacts)) throw refused('linkReference', m.t('admin.translations.error.notYours'));
    const group = await ensureGroup(trx, article, now);
    const original = originalOf(group)!;
    if (!(await joinTranslationGroup(trx, candidate.id, { group: group.id, sourceVersion: original.version, syncedAt: now }))) {
      throw new Conflict('That article joined other translations meanwhile; reload the page.');
    }
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor: user,
        action: 'translation-linked',
        subject: { type: 'article', id: candidate.id },
        summary: `Linked “${candidateFacts.title}” (${candidate.language}) as a translation of “${original.title}”`,
      },
    );
    return groupTags(trx, group, [{ id: candidateFacts.id, slug: candidateFacts.slug }]);
  });
  deps.changes.announce(announced);
}

/**
 * Takes an article out of this article's group. The original stays while it has
 * translations (they were translated from it and would lose what "behind" means);
 * when the last translation leaves, the group ends.
 */
export async function unlinkTranslation(deps: ArticleEditDeps, user: StaffUser, id: number, request: { memberId: number; messages: Messages }): Promise<void> {
  await visibleArticle(deps.db, user, id);
  const announced = await deps.db.transaction().execute(async (trx) => {
    const group = await groupOf(trx, id);
    const member = group?.members.find((m) => m.id === request.memberId);
    if (!group || !member) throw new NotFound('That translation');
    const memberFacts = await findArticleFacts(trx, member.id);
    if (!memberFacts || !canEditArticle(user, memberFacts)) throw new Forbidden(request.messages.t('admin.translations.error.notYours'));
    if (member.id === group.originalId && group.members.length > 2)
      throw refused('translations', request.messages.t('admin.translations.error.originalLeaves'));
    await leaveTranslationGroup(trx, member.id);
    if (group.members.length <= 2) await dissolveTranslationGroup(trx, group.id);
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor: user,
        action: 'translation-unlinked',
        subject: { type: 'article', id: member.id },
        summary: `Unlinked “${member.title}” (${member.language}) from the translations of “${originalOf(group)?.title ?? ''}”`,
      },
    );
    return groupTags(trx, group);
  });
  deps.changes.announce(announced);
}

/** Records that a translation now follows the original as it is: it is no longer behind. */
export async function markTranslationUpToDate(deps: ArticleEditDeps, user: StaffUser, id: number): Promise<void> {
  const facts = await visibleArticle(deps.db, user, id);
  if (!canEditArticle(user, facts)) throw new Forbidden('This article can no longer be changed by you: it has been submitted for review.');
  const now = deps.clock().toISOString();
  const announced = await deps.db.transaction().execute(async (trx) => {
    const group = await groupOf(trx, id);
    const original = originalOf(group);
    if (!group || !original || original.id === id) throw new Conflict('This article is not a translation; reload the page.');
    await markTranslationSynced(trx, id, { sourceVersion: original.version, syncedAt: now });
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor: user,
        action: 'translation-marked-current',
        subject: { type: 'article', id },
        summary: `Marked “${facts.title}” up to date with version ${original.version} of the original “${original.title}”`,
      },
    );
    return [tags.article(facts.slug)];
  });
  deps.changes.announce(announced);
}

/**
 * Joins an imported article to another as its translation, up to date with it: for
 * content loaded through createArticle (the demo), which has no member of staff to audit.
 */
export async function linkImportedTranslation(
  deps: { db: Kysely<DB>; changes: ContentChanges },
  link: { originalId: number; translationId: number; at: string },
): Promise<void> {
  const announced = await deps.db.transaction().execute(async (trx) => {
    const original = await findTranslationFacts(trx, { id: link.originalId });
    const translation = await findTranslationFacts(trx, { id: link.translationId });
    if (!original || !translation) throw new NotFound('The article');
    const group = await ensureGroup(trx, original, link.at);
    const refusal = linkRefusal(original, group.members, translation);
    if (refusal) throw new Conflict(`${link.translationId} cannot be linked to ${link.originalId}: ${refusal}`);
    await joinTranslationGroup(trx, translation.id, { group: group.id, sourceVersion: original.version, syncedAt: link.at });
    return groupTags(trx, (await findTranslationGroup(trx, group.id))!);
  });
  deps.changes.announce(announced);
}

/** What an article's public page shows of its translations. */
export interface PublicTranslations {
  readonly groupId: string | null;
  /** The published members, this article among them; empty when it has no published translation. */
  readonly published: readonly TranslationMember[];
  /** The original when published: the x-default of the hreflang links. */
  readonly original: TranslationMember | null;
  /** Set while this article is a translation behind its published original. */
  readonly behind: { readonly original: TranslationMember; readonly updatedAt: string } | null;
}

/** The translations an article's public page links to, and whether it is behind its original. */
export async function publicTranslations(db: Kysely<DB>, articleId: number): Promise<PublicTranslations> {
  const group = await groupOf(db, articleId);
  const published = publishedMembers(group);
  const original = published.find((m) => m.id === group?.originalId) ?? null;
  const self = published.find((m) => m.id === articleId);
  const behind = original && self && self.id !== original.id && isBehind(self, original) ? { original, updatedAt: original.lastUpdateAt ?? '' } : null;
  return { groupId: group?.id ?? null, published: published.length > 1 ? published : [], original, behind };
}
