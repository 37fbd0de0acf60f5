import type { StaffUser } from '../accounts/staff.js';
import type { CampaignStatus } from '../campaigns/campaign.js';

/*
 * An article's call to action shows a campaign's targets (names, addresses, phones) to
 * every reader. A draft campaign is not public: its targets may be unchecked or private
 * until a coordinator activates it, so it is never shown, and it cannot be chosen.
 */

/** Whether a campaign has been made public: active, paused or closed, not a draft. */
export function isPublishedCampaign(campaign: { readonly status: CampaignStatus }): boolean {
  return campaign.status !== 'draft';
}

/**
 * Whether this member of staff may attach the campaign to an article: a published
 * campaign of one of their sections, or one with no section (an international campaign,
 * which every section may call to). Staff who span all sections (administrators, editors,
 * authors without a section) may attach any published campaign; the limit follows the
 * one on sections an article may be filed under (services/articles/save-article.ts).
 */
export function mayLinkCampaign(
  user: Pick<StaffUser, 'role' | 'sectionIds'>,
  campaign: { readonly status: CampaignStatus; readonly sectionId: number | null },
): boolean {
  if (!isPublishedCampaign(campaign)) return false;
  const limited = user.role === 'section_editor' || (user.role === 'author' && user.sectionIds.length > 0);
  if (!limited) return true;
  return campaign.sectionId === null || user.sectionIds.includes(campaign.sectionId);
}
