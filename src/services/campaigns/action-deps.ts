import { createWakeSignal, type WakeSignal } from '../shared/wake-signal.js';
import { createWriteBatcher, type WriteBatcher } from '../shared/write-batcher.js';
import { createActionCounter, type ActionCounter } from './action-counts.js';
import type { CampaignDeps } from './campaign-deps.js';
import { createCampaignLookup, type CampaignLookup } from './public-campaign.js';

/** What supporters' submissions and confirmations work with, beyond the campaign basics. */
export interface ActionDeps extends CampaignDeps {
  /** Submissions and confirmations commit in groups (services/shared/write-batcher.ts). */
  readonly batcher: WriteBatcher;
  /** The public counter, told when a confirmed action commits. */
  readonly counter: ActionCounter;
  /** Campaigns by address and id, kept for a moment. */
  readonly campaigns: CampaignLookup;
  /** Woken by each submission appended to the intake; the intake worker listens. */
  readonly intake: WakeSignal;
}

/** Builds the batcher, counter and lookup around the campaign basics; `close` stops their timers. */
export function createActionDeps(base: CampaignDeps, options: { maxBatch?: number } = {}): ActionDeps & { close(): Promise<void> } {
  const batcher = createWriteBatcher(base.db, { maxBatch: options.maxBatch ?? 200 });
  const counter = createActionCounter(base);
  const campaigns = createCampaignLookup(base);
  return {
    ...base,
    batcher,
    counter,
    campaigns,
    intake: createWakeSignal(),
    async close() {
      await batcher.idle();
      counter.close();
      campaigns.close();
    },
  };
}
