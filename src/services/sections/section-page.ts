import type { Kysely } from 'kysely';
import { NotFound } from '../../domain/errors.js';
import type { MediaItem } from '../../domain/media/media.js';
import type { Publication, Section } from '../../domain/sections/section.js';
import type { DB } from '../../store/db/schema.js';
import { findMedia } from '../../store/media/media.store.js';
import { activeCampaignsOfSection, findSectionBySlug, listSectionPublications } from '../../store/sections/section.store.js';

/** What a section's home page shows above its articles. */
export interface SectionHome {
  readonly section: Section;
  readonly logo: MediaItem | null;
  readonly publications: readonly Publication[];
  /** Its campaigns that take actions now. */
  readonly campaigns: readonly { id: number; slug: string; title: string; summary: string }[];
}

/** A section's home (retired ones too: their page stays); NotFound for an unknown slug. */
export async function sectionHome(db: Kysely<DB>, slug: string): Promise<SectionHome> {
  const section = await findSectionBySlug(db, slug);
  if (!section) throw new NotFound('The section');
  const [logo, publications, campaigns] = await Promise.all([
    section.logoMediaId === null ? undefined : findMedia(db, section.logoMediaId),
    listSectionPublications(db, section.id),
    activeCampaignsOfSection(db, section.id),
  ]);
  return { section, logo: logo ?? null, publications, campaigns };
}
