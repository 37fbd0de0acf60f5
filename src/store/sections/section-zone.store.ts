import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** The time zone of an article's first section, or undefined when it has none. */
export async function findArticleSectionZone(db: Kysely<DB>, articleId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('article_sections')
    .innerJoin('sections', 'sections.id', 'article_sections.section_id')
    .select('sections.time_zone')
    .where('article_sections.article_id', '=', articleId)
    .orderBy('article_sections.position')
    .limit(1)
    .executeTakeFirst();
  return row?.time_zone ?? undefined;
}

/** The time zone of a campaign's section, or undefined when it has none. */
export async function findCampaignSectionZone(db: Kysely<DB>, campaignId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('campaigns')
    .innerJoin('sections', 'sections.id', 'campaigns.section_id')
    .select('sections.time_zone')
    .where('campaigns.id', '=', campaignId)
    .executeTakeFirst();
  return row?.time_zone ?? undefined;
}

/** The time zone of a section, or undefined when there is no such section. */
export async function findSectionZone(db: Kysely<DB>, sectionId: number): Promise<string | undefined> {
  const row = await db.selectFrom('sections').select('time_zone').where('id', '=', sectionId).executeTakeFirst();
  return row?.time_zone ?? undefined;
}
