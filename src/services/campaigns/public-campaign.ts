import type { Kysely } from 'kysely';
import { parseCacheTag } from '../../domain/cache/cache-tags.js';
import type { Campaign, Outcome } from '../../domain/campaigns/campaign.js';
import { findCampaign, findCampaignBySlug, listOutcomes } from '../../store/campaigns/campaign.store.js';
import type { DB } from '../../store/db/schema.js';
import { listSections } from '../../store/sections/section.store.js';
import type { ContentChanges } from '../shared/content-changes.js';
import { createPromiseCache } from '../shared/promise-cache.js';

/** A campaign as its public page and forms need it: with the name its news consent speaks of. */
export interface PublicCampaign {
  readonly campaign: Campaign;
  /** The campaign's section, whose news a supporter may ask for; null without a section. */
  readonly section: { readonly id: number; readonly name: string } | null;
}

/** Campaigns by address, kept for a moment: a surge of submissions reads each once a second or two. */
export interface CampaignLookup {
  bySlug(slug: string): Promise<PublicCampaign | undefined>;
  byId(id: number): Promise<PublicCampaign | undefined>;
  close(): void;
}

async function withSection(db: Kysely<DB>, campaign: Campaign | undefined): Promise<PublicCampaign | undefined> {
  if (!campaign) return undefined;
  const section = campaign.sectionId === null ? undefined : (await listSections(db)).find((s) => s.id === campaign.sectionId);
  return { campaign, section: section ? { id: section.id, name: section.name } : null };
}

/**
 * Every submission needs its campaign (status, targets, letter), and at 1,000 submissions
 * a second reading it each time would be most of the work. A lookup is kept for
 * `ttlMs` (real time) and forgotten at once when `campaign:<id>` is announced, so a
 * coordinator's change (closing the campaign, say) applies to the next request.
 */
export function createCampaignLookup(deps: { db: Kysely<DB>; changes: ContentChanges }, ttlMs = 1500): CampaignLookup {
  // Unknown addresses are remembered too; a flood of made-up ones must not grow the map.
  const memo = createPromiseCache<string, PublicCampaign | undefined>({ ttlMs, maxEntries: 1000 });
  // Keys are addresses, not ids, so any campaign's change forgets them all: changes are rare.
  const unsubscribe = deps.changes.subscribe((changed) => {
    if (changed.some((t) => parseCacheTag(t).kind === 'campaign')) memo.clear();
  });
  const unsubscribeReset = deps.changes.onReset(() => memo.clear());
  return {
    bySlug: (slug) => memo.get(`slug:${slug}`, async () => withSection(deps.db, await findCampaignBySlug(deps.db, slug))),
    byId: (id) => memo.get(`id:${id}`, async () => withSection(deps.db, await findCampaign(deps.db, id))),
    close() {
      unsubscribe();
      unsubscribeReset();
    },
  };
}

/** A campaign's public updates ("Released"), newest first. */
export async function campaignOutcomes(db: Kysely<DB>, campaignId: number): Promise<Outcome[]> {
  return listOutcomes(db, campaignId);
}
