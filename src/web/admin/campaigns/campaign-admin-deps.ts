import type { CampaignDeps } from '../../../services/campaigns/campaign-deps.js';

/** What the coordinator's pages need: the campaign use cases' deps and the admin stylesheet. */
export interface CampaignAdminDeps extends CampaignDeps {
  readonly stylesheet: string;
}
