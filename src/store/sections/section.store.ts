import type { Kysely, Selectable } from 'kysely';
import type { Contributor, Publication, Section, Topic } from '../../domain/sections/section.js';
import { NotFound } from '../../domain/errors.js';
import { foldForSearch } from '../../domain/text/slug.js';
import { fromJson, toJson } from '../db/json.js';
import type { DB, SectionsTable } from '../db/schema.js';

function toSection(row: Selectable<SectionsTable>): Section {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    shortLabel: row.short_label,
    country: row.country,
    languages: fromJson(row.languages),
    website: row.website,
  };
}

/** Creates a section and returns its id. */
export async function insertSection(db: Kysely<DB>, section: Omit<Section, 'id'>): Promise<number> {
  const row = await db
    .insertInto('sections')
    .values({
      slug: section.slug,
      name: section.name,
      short_label: section.shortLabel,
      country: section.country,
      languages: toJson(section.languages),
      website: section.website,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every section, in name order as the collator sorts it. */
export async function listSections(db: Kysely<DB>): Promise<Section[]> {
  return (await db.selectFrom('sections').selectAll().orderBy('name').orderBy('id').execute()).map(toSection);
}

/** The section with this slug, or undefined. */
export async function findSectionBySlug(db: Kysely<DB>, slug: string): Promise<Section | undefined> {
  const row = await db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? toSection(row) : undefined;
}

/** The id of the section with this slug, or undefined. */
export async function findSectionIdBySlug(db: Kysely<DB>, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom('sections').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}

/** Creates a contributor; `sort_key` folds diacritics so "Oisín" sorts with "Oisin". */
export async function insertContributor(db: Kysely<DB>, c: Omit<Contributor, 'id'>): Promise<number> {
  const id = await insertContributorIfSlugFree(db, c);
  if (id === undefined) throw new Error(`the contributor slug ${c.slug} is taken`);
  return id;
}

/**
 * Creates a contributor unless another row took the slug meanwhile (two editors naming
 * the same new person at once): undefined then, and the caller looks again.
 */
export async function insertContributorIfSlugFree(db: Kysely<DB>, c: Omit<Contributor, 'id'>): Promise<number | undefined> {
  const row = await db
    .insertInto('contributors')
    .values({ slug: c.slug, name: c.name, sort_key: foldForSearch(c.name), bio: null, section_id: c.sectionId })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** The contributor with this slug; NotFound when there is none. */
export async function getContributorBySlug(db: Kysely<DB>, slug: string): Promise<Contributor> {
  const row = await db
    .selectFrom('contributors')
    .select(['id', 'slug', 'name', 'section_id'])
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow(() => new NotFound('The contributor'));
  return { id: row.id, slug: row.slug, name: row.name, sectionId: row.section_id };
}

/** The contributor with exactly this name (the first, should namesakes share it), or undefined. */
export async function findContributorByName(db: Kysely<DB>, name: string): Promise<{ id: number; slug: string } | undefined> {
  return db.selectFrom('contributors').select(['id', 'slug']).where('name', '=', name).executeTakeFirst();
}

/** The id of the publication with this slug, or undefined. */
export async function findPublicationIdBySlug(db: Kysely<DB>, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom('publications').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}

/** Creates a publication ("Socialism Today") and returns its id. */
export async function insertPublication(db: Kysely<DB>, p: Omit<Publication, 'id'>): Promise<number> {
  const row = await db
    .insertInto('publications')
    .values({ slug: p.slug, name: p.name, url: p.url, section_id: p.sectionId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Creates a topic and returns its id. */
export async function insertTopic(db: Kysely<DB>, t: Omit<Topic, 'id'>): Promise<number> {
  const row = await db.insertInto('topics').values({ slug: t.slug, name: t.name }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The id of the topic with this slug, creating it if absent; safe when two saves create it at once. */
export async function ensureTopic(db: Kysely<DB>, t: Omit<Topic, 'id'>): Promise<number> {
  await db
    .insertInto('topics')
    .values({ slug: t.slug, name: t.name })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const row = await db.selectFrom('topics').select('id').where('slug', '=', t.slug).executeTakeFirstOrThrow();
  return row.id;
}

/** The topic with this slug; NotFound when there is none. */
export async function getTopicBySlug(db: Kysely<DB>, slug: string): Promise<Topic> {
  return db
    .selectFrom('topics')
    .select(['id', 'slug', 'name'])
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow(() => new NotFound('The topic'));
}

/** Every slug already used in a table, so a new one can be made unique. */
export async function slugsStartingWith(
  db: Kysely<DB>,
  table: 'sections' | 'contributors' | 'publications' | 'topics' | 'articles' | 'campaigns' | 'events',
  prefix: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom(table)
    .select('slug')
    .where('slug', 'like', `${prefix.replace(/[%_\\]/g, '')}%`)
    .execute();
  return new Set(rows.map((r) => r.slug));
}
