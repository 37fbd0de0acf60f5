import type { Kysely } from 'kysely';
import type { ArticleStatus } from '../../domain/articles/article.js';
import { tags } from '../../domain/cache/cache-tags.js';
import { NotFound, ValidationFailed } from '../../domain/errors.js';
import { pageCount } from '../../domain/listing/pagination.js';
import type { MediaItem } from '../../domain/media/media.js';
import { checkMediaText, normaliseMediaText } from '../../domain/media/media-rules.js';
import type { DB } from '../../store/db/schema.js';
import { articlesUsingMedia, findMedia, listMedia, listMediaChoices, updateMediaText } from '../../store/media/media.store.js';
import type { ContentChanges } from '../shared/content-changes.js';

/** How many items a page of the library shows: a grid of 4, 3 or 2 columns fills evenly. */
export const LIBRARY_PAGE_SIZE = 24;

/** A page of the media library, newest first, narrowed by a search of alt text, caption and file name. */
export async function browseMedia(db: Kysely<DB>, options: { search?: string; page: number }): Promise<{ items: MediaItem[]; total: number; pages: number }> {
  const search = options.search?.trim().slice(0, 200);
  const { items, total } = await listMedia(db, { search }, { limit: LIBRARY_PAGE_SIZE, offset: (options.page - 1) * LIBRARY_PAGE_SIZE });
  return { items, total, pages: pageCount(total, LIBRARY_PAGE_SIZE) };
}

/** One media item with its renditions and the articles it leads. Throws NotFound. */
export async function mediaDetails(db: Kysely<DB>, id: number): Promise<{ item: MediaItem; usedBy: { slug: string; title: string; status: ArticleStatus }[] }> {
  const item = await findMedia(db, id);
  if (!item) throw new NotFound('That media item');
  return { item, usedBy: await articlesUsingMedia(db, id) };
}

/**
 * Changes an item's alt text, caption and credit. Throws ValidationFailed (the lengths)
 * or NotFound. Published pages showing the image are re-rendered: their cache tags are
 * announced once the change is stored.
 */
export async function editMediaText(
  deps: { db: Kysely<DB>; changes: ContentChanges },
  id: number,
  input: { alt?: unknown; caption?: unknown; credit?: unknown },
): Promise<void> {
  const text = normaliseMediaText(input);
  const errors = checkMediaText(text);
  if (errors.length > 0) throw new ValidationFailed(errors);
  if (!(await updateMediaText(deps.db, id, text))) throw new NotFound('That media item');
  const articles = await articlesUsingMedia(deps.db, id);
  if (articles.length > 0) deps.changes.announce(articles.map((a) => tags.article(a.slug)));
}

/** The images a form may choose from (a section's or the site's logo), newest first. */
export async function mediaChoices(db: Kysely<DB>): Promise<{ id: number; path: string; alt: string }[]> {
  return listMediaChoices(db);
}
