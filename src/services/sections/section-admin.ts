import type { Kysely } from 'kysely';
import type { StaffUser } from '../../domain/accounts/staff.js';
import { tags, type CacheTag } from '../../domain/cache/cache-tags.js';
import { NotFound, ValidationFailed } from '../../domain/errors.js';
import type { Publication, Section } from '../../domain/sections/section.js';
import { checkPublication, checkSection, sectionSlugBase, type PublicationInput, type SectionInput } from '../../domain/sections/section-input.js';
import { slugify, uniqueSlug } from '../../domain/text/slug.js';
import type { DB } from '../../store/db/schema.js';
import {
  articleSlugsFromPublication,
  articleSlugsShowingSection,
  deletePublication,
  getPublication,
  getSection,
  insertPublication,
  insertSection,
  listSectionPublications,
  listSections,
  sectionSlugTaken,
  setSectionRetired,
  slugsStartingWith,
  updatePublication,
  updateSection,
} from '../../store/sections/section.store.js';
import { audit } from '../audit/audit.js';
import type { Clock } from '../shared/clock.js';
import type { ContentChanges } from '../shared/content-changes.js';

/** What the section use cases need. */
export interface SectionAdminDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly changes: ContentChanges;
}

/** Who changes a section: a member of staff, or a label for the command line. */
export type SectionActor = Pick<StaffUser, 'id' | 'name'> | string;

/** Every section, retired ones too, for the admin's list and the command line's table. */
export async function allSections(db: Kysely<DB>): Promise<Section[]> {
  return listSections(db);
}

/** A section and its publications, for its edit page. */
export async function sectionForEditing(db: Kysely<DB>, id: number): Promise<{ section: Section; publications: Publication[] }> {
  const section = await getSection(db, id);
  return { section, publications: await listSectionPublications(db, id) };
}

/*
 * What a section's change shows on: the index of sections, its own page (under the old
 * and the new slug), the front page's bylines and every article that names it.
 */
async function sectionTags(db: Kysely<DB>, id: number, slugs: readonly string[]): Promise<CacheTag[]> {
  const articles = await articleSlugsShowingSection(db, id);
  return [tags.sections, tags.front, ...slugs.map((s) => tags.section(s)), ...articles.map((a) => tags.article(a))];
}

/**
 * Creates a section from the admin form or the command line. A typed slug that another
 * section has is refused (it would be that section's address); an empty one is made from
 * the name, unique. Refused input throws ValidationFailed with every problem.
 */
export async function createSectionFrom(deps: SectionAdminDeps, actor: SectionActor, input: SectionInput): Promise<Section> {
  const checked = checkSection(input);
  if (!checked.ok) throw new ValidationFailed(checked.errors);
  const v = checked.value;
  if (v.slug && (await sectionSlugTaken(deps.db, v.slug, null)))
    throw new ValidationFailed([{ field: 'slug', key: 'admin.sections.error.slugTaken', message: 'Another section already has this slug; choose another.' }]);
  const id = await deps.db.transaction().execute(async (trx) => {
    const slug = v.slug || uniqueSlug(sectionSlugBase(input), await slugsStartingWith(trx, 'sections', slugify(v.name)));
    const created = await insertSection(trx, {
      slug,
      name: v.name,
      shortLabel: v.shortLabel,
      country: v.countries[0]!,
      countries: v.countries,
      languages: v.languages,
      website: null,
      timeZone: v.timeZone,
      logoMediaId: v.logoMediaId,
      description: v.description,
      contactEmail: v.contactEmail,
    });
    await audit(
      { db: trx, clock: deps.clock },
      { actor, action: 'section-created', subject: { type: 'section', id: created }, summary: `Created the section “${v.name}” (${slug})` },
    );
    return created;
  });
  const section = await getSection(deps.db, id);
  deps.changes.announce([tags.sections, tags.section(section.slug)]);
  return section;
}

/** Changes a section's profile; its slug stays unless another is typed (and free). */
export async function editSection(deps: SectionAdminDeps, actor: SectionActor, id: number, input: SectionInput): Promise<Section> {
  const before = await getSection(deps.db, id);
  const checked = checkSection(input);
  if (!checked.ok) throw new ValidationFailed(checked.errors);
  const v = checked.value;
  const slug = v.slug || before.slug;
  if (slug !== before.slug && (await sectionSlugTaken(deps.db, slug, id)))
    throw new ValidationFailed([{ field: 'slug', key: 'admin.sections.error.slugTaken', message: 'Another section already has this slug; choose another.' }]);
  await deps.db.transaction().execute(async (trx) => {
    await updateSection(trx, id, { ...v, slug });
    await audit(
      { db: trx, clock: deps.clock },
      { actor, action: 'section-changed', subject: { type: 'section', id }, summary: `Changed the section “${v.name}” (${slug})` },
    );
  });
  deps.changes.announce(await sectionTags(deps.db, id, [...new Set([before.slug, slug])]));
  return getSection(deps.db, id);
}

/**
 * Retires a section (`retired` true) or brings it back. A retired section keeps its
 * articles, their bylines and its page; it is only no longer offered for new work.
 */
export async function setRetired(deps: SectionAdminDeps, actor: SectionActor, id: number, retired: boolean): Promise<void> {
  const section = await getSection(deps.db, id);
  if ((section.retiredAt !== null) === retired) return;
  await deps.db.transaction().execute(async (trx) => {
    await setSectionRetired(trx, id, retired ? deps.clock().toISOString() : null);
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor,
        action: retired ? 'section-retired' : 'section-unretired',
        subject: { type: 'section', id },
        summary: `${retired ? 'Retired' : 'Brought back'} the section “${section.name}”`,
      },
    );
  });
  deps.changes.announce(await sectionTags(deps.db, id, [section.slug]));
}

/** Adds a publication the section owns ("Socialism Today"); its slug is made from its name. */
export async function addPublication(deps: SectionAdminDeps, actor: SectionActor, sectionId: number, input: PublicationInput): Promise<void> {
  const section = await getSection(deps.db, sectionId);
  const checked = checkPublication(input);
  if (!checked.ok) throw new ValidationFailed(checked.errors);
  const { name, url } = checked.value;
  await deps.db.transaction().execute(async (trx) => {
    const slug = uniqueSlug(slugify(name), await slugsStartingWith(trx, 'publications', slugify(name)));
    const id = await insertPublication(trx, { slug, name, url, sectionId });
    await audit(
      { db: trx, clock: deps.clock },
      { actor, action: 'section-changed', subject: { type: 'publication', id }, summary: `Added the publication “${name}” to the section “${section.name}”` },
    );
  });
  deps.changes.announce([tags.section(section.slug)]);
}

/** Renames a publication or changes its address; the articles first published in it show the change. */
export async function editPublication(deps: SectionAdminDeps, actor: SectionActor, sectionId: number, id: number, input: PublicationInput): Promise<void> {
  const { section, publication } = await publicationOf(deps.db, sectionId, id);
  const checked = checkPublication(input);
  if (!checked.ok) throw new ValidationFailed(checked.errors);
  await deps.db.transaction().execute(async (trx) => {
    await updatePublication(trx, id, checked.value);
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor,
        action: 'section-changed',
        subject: { type: 'publication', id },
        summary: `Changed the publication “${publication.name}” to “${checked.value.name}”`,
      },
    );
  });
  const articles = await articleSlugsFromPublication(deps.db, id);
  deps.changes.announce([tags.section(section.slug), ...articles.map((a) => tags.article(a))]);
}

/** Removes a publication; articles that named it no longer say where they first appeared. */
export async function removePublication(deps: SectionAdminDeps, actor: SectionActor, sectionId: number, id: number): Promise<void> {
  const { section, publication } = await publicationOf(deps.db, sectionId, id);
  const articles = await articleSlugsFromPublication(deps.db, id);
  await deps.db.transaction().execute(async (trx) => {
    await deletePublication(trx, id);
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor,
        action: 'section-changed',
        subject: { type: 'publication', id },
        summary: `Removed the publication “${publication.name}” from the section “${section.name}”`,
      },
    );
  });
  deps.changes.announce([tags.section(section.slug), ...articles.map((a) => tags.article(a))]);
}

/** A publication of this section; another section's publication is not found here. */
async function publicationOf(db: Kysely<DB>, sectionId: number, id: number): Promise<{ section: Section; publication: Publication }> {
  const section = await getSection(db, sectionId);
  const publication = await getPublication(db, id);
  if (publication.sectionId !== sectionId) throw new NotFound('The publication');
  return { section, publication };
}
