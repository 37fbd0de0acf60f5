import type { Kysely } from 'kysely';
import type { StaffUser } from '../../domain/accounts/staff.js';
import type { Campaign } from '../../domain/campaigns/campaign.js';
import { NotFound } from '../../domain/errors.js';
import type { DB } from '../../store/db/schema.js';
import {
  countConsentingSupporters,
  countSignatures,
  listConsentingSupporters,
  listSignatures,
  type ConsentingSupporter,
  type Signature,
} from '../../store/supporters/supporter-export.store.js';
import { audit } from '../audit/audit.js';
import { campaignForStaff } from '../campaigns/campaign-admin.js';
import type { Clock } from '../shared/clock.js';

/** What the coordinators' exports need. */
export interface ExportDeps {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
}

/** What the exports page shows of a campaign: how many rows each export would have, no one's data. */
export interface ExportsOverview {
  readonly campaign: Campaign;
  readonly consenting: number;
  /** Confirmed signatures; null for a campaign that is not a petition. */
  readonly signatures: number | null;
}

/** The campaign, when this member of staff manages it (the coordinators' rule); otherwise NotFound. */
async function campaignFor(deps: ExportDeps, user: StaffUser, campaignId: number): Promise<Campaign> {
  if (!Number.isSafeInteger(campaignId)) throw new NotFound('The campaign');
  return campaignForStaff(deps.db, user, campaignId);
}

async function petitionFor(deps: ExportDeps, user: StaffUser, campaignId: number): Promise<Campaign> {
  const campaign = await campaignFor(deps, user, campaignId);
  if (campaign.kind !== 'petition') throw new NotFound('A signature list for this campaign');
  return campaign;
}

/** The exports page: counts only, so viewing it is not a view of anyone's data. */
export async function exportsOverview(deps: ExportDeps, user: StaffUser, campaignId: number): Promise<ExportsOverview> {
  const campaign = await campaignFor(deps, user, campaignId);
  const [consenting, signatures] = await Promise.all([
    countConsentingSupporters(deps.db, campaign),
    campaign.kind === 'petition' ? countSignatures(deps.db, campaign.id) : Promise.resolve(null),
  ]);
  return { campaign, consenting, signatures };
}

/** Supporters who consented to follow-up, for a spreadsheet; the export is audited first. */
export async function exportConsentingSupporters(
  deps: ExportDeps,
  user: StaffUser,
  campaignId: number,
): Promise<{ campaign: Campaign; rows: ConsentingSupporter[] }> {
  const campaign = await campaignFor(deps, user, campaignId);
  const rows = await listConsentingSupporters(deps.db, campaign);
  await audit(deps, {
    actor: user,
    action: 'export',
    subject: { type: 'campaign', id: campaign.id },
    summary: `Exported ${plural(rows.length, 'consenting supporter')} of “${campaign.title}” as CSV`,
  });
  return { campaign, rows };
}

/**
 * A petition's confirmed signatures for handing in, as a CSV download or a printable
 * page (a view of a list of supporters); either is audited before it is made.
 */
export async function exportSignatures(
  deps: ExportDeps,
  user: StaffUser,
  campaignId: number,
  as: 'csv' | 'page',
): Promise<{ campaign: Campaign; rows: Signature[] }> {
  const campaign = await petitionFor(deps, user, campaignId);
  const rows = await listSignatures(deps.db, campaign.id);
  await audit(deps, {
    actor: user,
    action: as === 'csv' ? 'export' : 'supporters-viewed',
    subject: { type: 'campaign', id: campaign.id },
    summary:
      as === 'csv'
        ? `Exported ${plural(rows.length, 'signature')} of “${campaign.title}” for delivery as CSV`
        : `Viewed the printable list of ${plural(rows.length, 'signature')} of “${campaign.title}”`,
  });
  return { campaign, rows };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
