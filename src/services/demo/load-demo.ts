import type { Kysely } from 'kysely';
import type { ArticleInput } from '../../domain/articles/article-input.js';
import { deriveKicker } from '../../domain/articles/kicker.js';
import { createArticle } from '../articles/create-article.js';
import type { ContentChanges } from '../shared/content-changes.js';
import type { DB } from '../../store/db/schema.js';
import { insertCampaign } from '../../store/campaigns/campaign.store.js';
import { insertPublication, insertSection } from '../../store/sections/section.store.js';
import { parseDemoPage, type DemoArticle, type DemoContent } from './parse-demo-page.js';

/** The captured page's lead article is "this morning"'s; a time of day keeps it above the day's other items. */
const LEAD_TIME = 'T10:00:00.000Z';
const LIST_TIME = 'T12:00:00.000Z';

/** The page's own kicker is kept where the derived one would differ ("Greece election", "US"). */
function keepKicker(item: DemoArticle): string | null {
  const derived = deriveKicker({ override: null, primaryCountry: item.countries[0] ?? null, primaryTopic: item.topics[0] ?? null });
  return item.kicker && item.kicker !== derived ? item.kicker : null;
}

function toInput(item: DemoArticle, extra: Partial<ArticleInput> = {}): ArticleInput {
  const time = item.list === 'lead' ? LEAD_TIME : LIST_TIME;
  return {
    title: item.title,
    language: 'en',
    type: item.type,
    status: 'published',
    standfirst: item.standfirst,
    bodyMarkdown: item.bodyMarkdown,
    kickerOverride: keepKicker(item),
    countries: item.countries,
    topics: item.topics,
    sectionSlugs: [],
    credits: item.byline.contributors.map((c) => ({ name: c.name, sectionSlug: c.sectionSlug, role: c.role })),
    collective: item.byline.collective,
    collectiveSectionSlug: item.byline.collectiveSectionSlug,
    provenance: item.provenance ? { publicationSlug: item.provenance.publicationSlug, note: item.provenance.note, url: null } : null,
    publishedAt: `${item.publishedOn}${time}`,
    // The page shows "[updated]" but not when or why; the note says only what is known.
    updates: item.updated ? [{ at: `${item.publishedOn}T18:00:00.000Z`, note: 'This article was updated after publication.' }] : [],
    campaignId: null,
    featured: false,
    image: null,
    ...extra,
  };
}

async function loadSectionsAndCampaign(db: Kysely<DB>, content: DemoContent): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const sectionIds = new Map<string, number>();
    for (const section of content.sections) sectionIds.set(section.slug, await insertSection(trx, section));
    for (const p of content.publications) {
      await insertPublication(trx, { slug: p.slug, name: p.name, url: null, sectionId: p.sectionSlug ? (sectionIds.get(p.sectionSlug) ?? null) : null });
    }
    return insertCampaign(
      trx,
      {
        slug: 'stop-state-brutality-in-kazakhstan',
        reference: null,
        title: 'Stop state brutality in Kazakhstan!',
        summary: 'Drop all charges against Ainur Kurmanov, Esenbek Ukteshbayev and other activists of Socialist Movement Kazakhstan. Release Natalya Sokolova.',
        status: 'active',
        // Letters to Kazakhstan's authorities must not hand them supporters' names.
        identityMode: 'protective',
        languages: ['en', 'ru'],
        copyTo: content.copyTo,
        deadline: null,
        sectionId: sectionIds.get('cwi') ?? null,
        targets: content.targets.map((t) => ({ name: t.name, title: t.position, organisation: t.organisation, country: t.country, email: t.email, phone: t.phone, postalAddress: null, salutation: null, deliveryMode: 'paced' as const })),
      },
      new Date().toISOString(),
    );
  });
}

/**
 * Loads the demo content derived from the captured page: its sections and publications,
 * the lead article with its call to action, and every item of "Latest news" and
 * "Analysis". A listed item's body is its standfirst: nothing is invented.
 */
export async function loadDemo(deps: { db: Kysely<DB>; changes: ContentChanges }, pageText: string): Promise<{ articles: number }> {
  const content = parseDemoPage(pageText);
  const campaignId = await loadSectionsAndCampaign(deps.db, content);
  await createArticle(deps, toInput(content.lead, { campaignId, featured: true }));
  const items = [...content.latest, ...content.analysis];
  for (const item of items) await createArticle(deps, toInput(item));
  return { articles: items.length + 1 };
}
