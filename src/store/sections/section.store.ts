import type { Kysely, Selectable } from 'kysely';
import type { Contributor, NewSection, Publication, Section, Topic } from '../../domain/sections/section.js';
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
    countries: fromJson(row.countries),
    timeZone: row.time_zone,
    logoMediaId: row.logo_media_id,
    description: row.description,
    contactEmail: row.contact_email,
    retiredAt: row.retired_at,
  };
}

/** Creates a section and returns its id; its countries are its one country unless given. */
export async function insertSection(db: Kysely<DB>, section: NewSection): Promise<number> {
  const countries = section.countries && section.countries.length > 0 ? section.countries : [section.country];
  const row = await db
    .insertInto('sections')
    .values({
      slug: section.slug,
      name: section.name,
      short_label: section.shortLabel,
      country: countries[0]!,
      languages: toJson(section.languages),
      website: section.website,
      countries: toJson(countries),
      time_zone: section.timeZone ?? null,
      logo_media_id: section.logoMediaId ?? null,
      description: section.description ?? null,
      contact_email: section.contactEmail ?? null,
      retired_at: section.retiredAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What the admin changes of a section (not its website, nor when it was retired). */
export type SectionChanges = Pick<
  Section,
  'slug' | 'name' | 'shortLabel' | 'countries' | 'languages' | 'timeZone' | 'logoMediaId' | 'description' | 'contactEmail'
>;

/** Rewrites a section's profile; the first country becomes its primary. */
export async function updateSection(db: Kysely<DB>, id: number, section: SectionChanges): Promise<void> {
  await db
    .updateTable('sections')
    .set({
      slug: section.slug,
      name: section.name,
      short_label: section.shortLabel,
      country: section.countries[0]!,
      countries: toJson(section.countries),
      languages: toJson(section.languages),
      time_zone: section.timeZone,
      logo_media_id: section.logoMediaId,
      description: section.description,
      contact_email: section.contactEmail,
    })
    .where('id', '=', id)
    .execute();
}

/** Retires a section at `at`, or brings it back with null. */
export async function setSectionRetired(db: Kysely<DB>, id: number, at: string | null): Promise<void> {
  await db.updateTable('sections').set({ retired_at: at }).where('id', '=', id).execute();
}

/** The section with this id; NotFound when there is none. */
export async function getSection(db: Kysely<DB>, id: number): Promise<Section> {
  return toSection(
    await db
      .selectFrom('sections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow(() => new NotFound('The section')),
  );
}

/** Whether another section than `exceptId` has this slug. */
export async function sectionSlugTaken(db: Kysely<DB>, slug: string, exceptId: number | null): Promise<boolean> {
  let query = db.selectFrom('sections').select('id').where('slug', '=', slug);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The publications a section owns, by name. */
export async function listSectionPublications(db: Kysely<DB>, sectionId: number): Promise<Publication[]> {
  const rows = await db.selectFrom('publications').selectAll().where('section_id', '=', sectionId).orderBy('name').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, url: r.url, sectionId: r.section_id }));
}

/** The publication with this id; NotFound when there is none. */
export async function getPublication(db: Kysely<DB>, id: number): Promise<Publication> {
  const r = await db
    .selectFrom('publications')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow(() => new NotFound('The publication'));
  return { id: r.id, slug: r.slug, name: r.name, url: r.url, sectionId: r.section_id };
}

/** Renames a publication or changes its address (its slug, which articles' provenance names, stays). */
export async function updatePublication(db: Kysely<DB>, id: number, p: { name: string; url: string | null }): Promise<void> {
  await db.updateTable('publications').set({ name: p.name, url: p.url }).where('id', '=', id).execute();
}

/** Removes a publication; the articles that named it keep their text, without "first published in". */
export async function deletePublication(db: Kysely<DB>, id: number): Promise<void> {
  await db.updateTable('articles').set({ provenance_publication_id: null }).where('provenance_publication_id', '=', id).execute();
  await db.deleteFrom('publications').where('id', '=', id).execute();
}

/** The slugs of the articles that name a publication as where they first appeared. */
export async function articleSlugsFromPublication(db: Kysely<DB>, id: number): Promise<string[]> {
  const rows = await db.selectFrom('articles').select('slug').where('provenance_publication_id', '=', id).execute();
  return rows.map((r) => r.slug);
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

/** Whether a slug is used in a table: one look-up by the unique index, where most new slugs end. */
export async function slugExists(
  db: Kysely<DB>,
  table: 'sections' | 'contributors' | 'publications' | 'topics' | 'articles' | 'campaigns' | 'events',
  slug: string,
): Promise<boolean> {
  const row = await db.selectFrom(table).select('slug').where('slug', '=', slug).executeTakeFirst();
  return row !== undefined;
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

/**
 * The slugs of the articles that show a section's name: those filed under it, those
 * crediting a writer of it, and those bylined to it collectively.
 */
export async function articleSlugsShowingSection(db: Kysely<DB>, sectionId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('articles')
    .select('slug')
    .where((eb) =>
      eb.or([
        eb('byline_collective_section_id', '=', sectionId),
        eb.exists(
          eb.selectFrom('article_sections as x').select('x.article_id').whereRef('x.article_id', '=', 'articles.id').where('x.section_id', '=', sectionId),
        ),
        eb.exists(
          eb.selectFrom('article_contributors as c').select('c.article_id').whereRef('c.article_id', '=', 'articles.id').where('c.section_id', '=', sectionId),
        ),
      ]),
    )
    .execute();
  return rows.map((r) => r.slug);
}

/** The slug of the section a campaign belongs to, or undefined. */
export async function sectionSlugOfCampaign(db: Kysely<DB>, campaignId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('campaigns')
    .innerJoin('sections', 'sections.id', 'campaigns.section_id')
    .select('sections.slug')
    .where('campaigns.id', '=', campaignId)
    .executeTakeFirst();
  return row?.slug;
}

/** A section's campaigns that take actions now, newest first, as its page lists them. */
export async function activeCampaignsOfSection(db: Kysely<DB>, sectionId: number): Promise<{ id: number; slug: string; title: string; summary: string }[]> {
  return db
    .selectFrom('campaigns')
    .select(['id', 'slug', 'title', 'summary'])
    .where('section_id', '=', sectionId)
    .where('status', '=', 'active')
    .orderBy('id', 'desc')
    .execute();
}
