import { deleteIntakeBefore } from '../../store/campaigns/intake.store.js';
import { campaignsPastRetention, participantsToErase } from '../../store/supporters/supporter-retention.store.js';
import { markCampaignDataErased } from '../../store/supporters/supporter-erasure.store.js';
import { announceCampaigns, eraseSupporters } from './erase-supporter.js';
import type { SupporterDeps } from './supporter-data.js';

/** What retention needs: the supporters' deps and how long to keep participants' data after a campaign closes. */
export interface RetentionDeps extends SupporterDeps {
  readonly retentionDays: number;
}

/** What a retention run did. */
export interface RetentionResult {
  /** Campaigns whose participants' data was dealt with in this run. */
  readonly campaigns: readonly number[];
  /** Supporters erased in this run. */
  readonly erased: number;
}

const DAY_MS = 86_400_000;

/**
 * Erases the participants of every campaign closed more than `retentionDays` ago who
 * did not consent to follow-up, unless they acted on a campaign still in its window
 * (that campaign's own run decides about them later). Each campaign is one
 * transaction, marked done with data_erased_at, so a second run changes nothing.
 */
export async function applyRetention(deps: RetentionDeps): Promise<RetentionResult> {
  const now = deps.clock();
  const cutoff = new Date(now.getTime() - deps.retentionDays * DAY_MS).toISOString();
  // Submissions are processed within seconds; one this old was never processed (a broken
  // worker), and its copy of an address must not outlive the retention period either.
  await deleteIntakeBefore(deps.db, cutoff);
  const done: number[] = [];
  let erased = 0;
  for (const campaignId of await campaignsPastRetention(deps.db, cutoff)) {
    const run = await deps.db.transaction().execute(async (trx) => {
      const ids = await participantsToErase(trx, campaignId, cutoff);
      const campaigns = await eraseSupporters(trx, ids, now.toISOString());
      await markCampaignDataErased(trx, campaignId, now.toISOString());
      return { count: ids.length, campaigns };
    });
    done.push(campaignId);
    erased += run.count;
    announceCampaigns(deps, [...new Set([campaignId, ...run.campaigns])]);
  }
  return { campaigns: done, erased };
}
