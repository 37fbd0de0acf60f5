import type { Kysely } from 'kysely';
import type { StaffUser } from '../../domain/accounts/staff.js';
import { tags } from '../../domain/cache/cache-tags.js';
import { CONFIRMED_METHODS } from '../../domain/campaigns/action.js';
import { findCampaign } from '../../store/campaigns/campaign.store.js';
import { findHeldAction, leaveHold, listHeldActionRows, setConfirmToken, type HeldActionRow } from '../../store/campaigns/action.store.js';
import { findSupporter, hasUnconfirmedConsents } from '../../store/supporters/supporter.store.js';
import type { DB } from '../../store/db/schema.js';
import { audit } from '../audit/audit.js';
import { messagesFor } from '../../i18n/site-language.js';
import type { CampaignDeps } from './campaign-deps.js';
import { confirmationExpiry, newConfirmToken, queueConfirmation } from './confirm-action.js';

/*
 * Submissions over the rate limit are held, never dropped: a coordinator looks at them
 * (method, country, when, why; no names or addresses) and releases or discards each.
 */

/** A held submission as the coordinator's page lists it. */
export type HeldAction = HeldActionRow;

/** Who decides on a held submission, for the audit log. */
export type HeldActionDecider = Pick<StaffUser, 'id' | 'name'>;

/** Which held action: its id and the campaign the coordinator is looking at. */
export interface HeldActionRef {
  readonly actionId: number;
  readonly campaignId: number;
}

/** A campaign's held submissions, oldest first. */
export async function listHeldActions(db: Kysely<DB>, campaignId: number): Promise<HeldAction[]> {
  return listHeldActionRows(db, campaignId);
}

/**
 * Releases a held submission as if it had not been held: a letter or signature becomes
 * pending and its confirmation email is queued (the supporter still confirms); a
 * self-report counts at once. Returns false when the action is not held in this campaign
 * (already released or discarded, or another campaign's), or its supporter was erased.
 */
export async function releaseHeldAction(deps: CampaignDeps, by: HeldActionDecider, ref: HeldActionRef): Promise<boolean> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const action = await findHeldAction(trx, ref.actionId, ref.campaignId);
    const campaign = action ? await findCampaign(trx, ref.campaignId) : undefined;
    if (!action || !campaign) return null;
    const now = deps.clock();
    const supporter = action.supporterId === null ? undefined : await findSupporter(trx, action.supporterId);
    if (CONFIRMED_METHODS.has(action.method)) {
      if (!supporter) return null;
      const token = newConfirmToken();
      if (!(await leaveHold(trx, action.id, { status: 'pending', confirmTokenHash: token.hash, expiresAt: confirmationExpiry(now) }))) return null;
      const purpose = action.method === 'signature' ? 'signature' : 'letter';
      await queueConfirmation(trx, deps, {
        campaign,
        supporter,
        actionId: action.id,
        token: token.token,
        purpose,
        now,
        messages: messagesFor(action.language),
      });
      await auditDecision(trx, deps, by, { action, campaignTitle: campaign.title, released: true });
      return { counted: false };
    }
    if (!(await leaveHold(trx, action.id, { status: 'confirmed', confirmedAt: now.toISOString() }))) return null;
    if (supporter && (await hasUnconfirmedConsents(trx, supporter.id, campaign.id))) {
      const token = newConfirmToken();
      await setConfirmToken(trx, action.id, token.hash, confirmationExpiry(now));
      await queueConfirmation(trx, deps, {
        campaign,
        supporter,
        actionId: action.id,
        token: token.token,
        purpose: 'consent',
        now,
        messages: messagesFor(action.language),
      });
    }
    await auditDecision(trx, deps, by, { action, campaignTitle: campaign.title, released: true });
    return { counted: true };
  });
  if (result?.counted) deps.changes.announce([tags.campaign(ref.campaignId)]);
  return result !== null;
}

/** Discards a held submission: kept for the record, never counted or delivered. False when it was not held here. */
export async function discardHeldAction(deps: CampaignDeps, by: HeldActionDecider, ref: HeldActionRef): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const action = await findHeldAction(trx, ref.actionId, ref.campaignId);
    const campaign = action ? await findCampaign(trx, ref.campaignId) : undefined;
    if (!action || !campaign || !(await leaveHold(trx, ref.actionId, { status: 'discarded' }))) return false;
    await auditDecision(trx, deps, by, { action, campaignTitle: campaign.title, released: false });
    return true;
  });
}

/** Writes the decision to the audit log: the submission's id, method and country, never who sent it. */
async function auditDecision(
  trx: Kysely<DB>,
  deps: Pick<CampaignDeps, 'clock'>,
  by: HeldActionDecider,
  decision: { action: Pick<HeldActionRow, 'id' | 'method' | 'country'>; campaignTitle: string; released: boolean },
): Promise<void> {
  const { action, campaignTitle, released } = decision;
  await audit(
    { db: trx, clock: deps.clock },
    {
      actor: by,
      action: released ? 'held-released' : 'held-discarded',
      subject: { type: 'action', id: action.id },
      summary: `“${campaignTitle}”: ${released ? 'released' : 'discarded'} held submission ${action.id} (${action.method}, ${action.country})`,
    },
  );
}
