import type { Kysely } from 'kysely';
import type { DB } from '../../store/db/schema.js';
import { findArticleSectionZone, findCampaignSectionZone, findSectionZone } from '../../store/sections/section-zone.store.js';

/*
 * The zone of the thing a page is about, for staff who chose no zone of their own
 * (domain/time/reader-zone.ts): an article's first section's, a campaign's section's.
 * Null when the thing has no section; the site's default applies then.
 */

/** The zone of an article's first section, or null. */
export async function articleSectionZone(db: Kysely<DB>, articleId: number): Promise<string | null> {
  return (await findArticleSectionZone(db, articleId)) ?? null;
}

/** The zone of a campaign's section, or null. */
export async function campaignSectionZone(db: Kysely<DB>, campaignId: number): Promise<string | null> {
  return (await findCampaignSectionZone(db, campaignId)) ?? null;
}

/** The zone of a section by id (a new campaign's chosen section), or null. */
export async function sectionZone(db: Kysely<DB>, sectionId: number | null): Promise<string | null> {
  return sectionId === null ? null : ((await findSectionZone(db, sectionId)) ?? null);
}
