import type { Transaction } from 'kysely';
import type { ActionInput, ConsentScope } from '../../domain/campaigns/action.js';
import { campaignConsentWording, newsConsentWording } from '../../domain/campaigns/action-input.js';
import { acceptsActions } from '../../domain/campaigns/campaign.js';
import { Conflict } from '../../domain/errors.js';
import { countRecentActions, findActionByIdempotencyKey, findSupporterAction, insertAction, lastConfirmationQueuedAt, setConfirmToken, type ActionRow } from '../../store/campaigns/action.store.js';
import { insertConsents, upsertSupporter, type NewConsent, type SupporterRow } from '../../store/campaigns/supporter.store.js';
import type { DB } from '../../store/db/schema.js';
import { ipGroupKey } from '../shared/ip-group.js';
import type { ActionDeps } from './action-deps.js';
import { confirmationExpiry, newConfirmToken, queueConfirmation } from './confirm-action.js';
import { verifyProof } from './proof-of-work.js';
import type { PublicCampaign } from './public-campaign.js';
import { hashDataToken, supporterDataToken } from './supporter-token.js';

/**
 * Submissions per campaign from one address group (an IPv4 address, an IPv6 /64) in a
 * window of five minutes: beyond 5 with a proof of work, or 2 without one, a submission
 * is held for a coordinator. Five is a family or an office sharing one address; two
 * leaves a supporter without JavaScript room to correct a mistake.
 */
export const RATE_LIMIT = { windowMinutes: 5, withProof: 5, withoutProof: 2 } as const;

/** Minutes before a repeated submission may send the confirmation email again. */
export const RESEND_AFTER_MINUTES = 10;

/** A submission as the route hands it over; the input is checked already. */
export interface Submission {
  readonly campaign: PublicCampaign;
  readonly input: ActionInput;
  readonly ip: string;
  readonly proof: { readonly challenge: string; readonly nonce: string } | null;
  readonly idempotencyKey: string | null;
}

/**
 * What happened, for tests and logs. The supporter is told the same in every case, so
 * nobody can learn from the answer whether an address has acted before. (A filled-in
 * honeypot never reaches the services: the route answers it as a success.)
 */
export type SubmissionOutcome = 'pending' | 'confirmed' | 'held' | 'duplicate' | 'replayed';

/** Refuses a submission to a campaign that takes no actions now (closed, paused, past its deadline). */
export function assertAcceptsActions(campaign: PublicCampaign, now: Date): void {
  if (acceptsActions(campaign.campaign, now)) return;
  const why = campaign.campaign.status === 'closed' ? 'has closed' : campaign.campaign.status === 'paused' ? 'is paused' : 'has ended';
  throw new Conflict(`This campaign ${why} and takes no more actions. Thank you for wanting to help.`);
}

/** The consents ticked, each with the exact sentence the form showed beside it. */
export function consentsGiven(campaign: PublicCampaign, input: Pick<ActionInput, 'consentCampaign' | 'consentNews'>): NewConsent[] {
  const { campaign: c, section } = campaign;
  const consents: NewConsent[] = [];
  const add = (scope: ConsentScope, wording: string) => consents.push({ scope, campaignId: c.id, sectionId: section?.id ?? null, wording });
  if (input.consentCampaign) add('campaign_updates', campaignConsentWording(c.title));
  if (input.consentNews && section) add('section_news', newsConsentWording(section.name));
  return consents;
}

/** Whether the address group is over its limit, and why (stored as held_reason). */
export async function rateDecision(trx: Transaction<DB>, deps: ActionDeps, submission: Pick<Submission, 'campaign' | 'ip' | 'proof'>): Promise<{ ipKey: string; proof: boolean; heldReason: string | null }> {
  const now = deps.clock();
  const proof = submission.proof !== null && verifyProof(deps.secret, submission.campaign.campaign.id, submission.proof, now);
  const ipKey = ipGroupKey(deps.secret, submission.ip);
  const since = new Date(now.getTime() - RATE_LIMIT.windowMinutes * 60_000).toISOString();
  const recent = await countRecentActions(trx, submission.campaign.campaign.id, ipKey, since);
  const limit = proof ? RATE_LIMIT.withProof : RATE_LIMIT.withoutProof;
  const heldReason = recent >= limit ? `More than ${limit} submissions in ${RATE_LIMIT.windowMinutes} minutes from one address${proof ? '' : ' without proof of work'}` : null;
  return { ipKey, proof, heldReason };
}

/** The stored form of an idempotency key: scoped to the campaign, so keys of two campaigns never meet. */
export function scopedKey(campaignId: number, key: string | null): string | null {
  return key === null ? null : `${campaignId}:${key}`;
}

/** Upserts the supporter by address; their data token's hash is set when they are new. */
export function saveSupporter(trx: Transaction<DB>, deps: ActionDeps, input: ActionInput): Promise<SupporterRow> {
  return upsertSupporter(trx, { email: input.email, name: input.name, city: input.city, country: input.country }, {
    now: deps.clock().toISOString(),
    tokenHash: (id) => hashDataToken(supporterDataToken(deps.secret, id)),
  });
}

/**
 * POST /campaigns/:slug/act: a letter through Placard, or a petition signature. Stored
 * pending with a confirmation email (or held, over the rate limit, with none), in a
 * transaction shared with other submissions, and acknowledged only after it commits.
 * A second submission by the same address sends no second letter; its confirmation
 * email is sent again at most once every ten minutes while the first is unconfirmed.
 */
export async function recordAction(deps: ActionDeps, submission: Submission): Promise<SubmissionOutcome> {
  assertAcceptsActions(submission.campaign, deps.clock());
  return deps.batcher.run((trx) => recordIn(trx, deps, submission));
}

async function recordIn(trx: Transaction<DB>, deps: ActionDeps, submission: Submission): Promise<SubmissionOutcome> {
  const { campaign } = submission.campaign;
  const key = scopedKey(campaign.id, submission.idempotencyKey);
  if (key && (await findActionByIdempotencyKey(trx, key))) return 'replayed';
  const now = deps.clock();
  const rate = await rateDecision(trx, deps, submission);
  const supporter = await saveSupporter(trx, deps, submission.input);
  const method = campaign.kind === 'petition' ? 'signature' : 'placard';
  const existing = await findSupporterAction(trx, campaign.id, supporter.id, method);
  if (existing) {
    if (rate.heldReason !== null || existing.status !== 'pending') return 'duplicate';
    // Boxes ticked this time take effect with the confirmation still awaited.
    await insertConsents(trx, supporter.id, consentsGiven(submission.campaign, submission.input), now.toISOString());
    await resendConfirmation(trx, deps, { campaign: submission.campaign, supporter, action: existing });
    return 'duplicate';
  }
  const held = rate.heldReason !== null;
  const token = newConfirmToken();
  const actionId = await insertAction(trx, {
    campaignId: campaign.id,
    supporterId: supporter.id,
    method,
    status: held ? 'held' : 'pending',
    country: submission.input.country,
    letter: method === 'placard' ? submission.input.letter : null,
    signAs: method === 'placard' ? submission.input.signAs : null,
    idempotencyKey: key,
    confirmTokenHash: held ? null : token.hash,
    ipKey: rate.ipKey,
    proofOfWork: rate.proof,
    heldReason: rate.heldReason,
    createdAt: now.toISOString(),
    confirmedAt: null,
    expiresAt: held ? null : confirmationExpiry(now),
  });
  await insertConsents(trx, supporter.id, consentsGiven(submission.campaign, submission.input), now.toISOString());
  if (held) return 'held';
  await queueConfirmation(trx, deps, { campaign, supporter, actionId, token: token.token, purpose: method === 'placard' ? 'letter' : 'signature', now });
  return 'pending';
}

/** Sends a still-pending action's confirmation again, with a new link, at most once every ten minutes. */
async function resendConfirmation(trx: Transaction<DB>, deps: ActionDeps, target: { campaign: PublicCampaign; supporter: SupporterRow; action: ActionRow }): Promise<void> {
  const { action } = target;
  const now = deps.clock();
  const last = await lastConfirmationQueuedAt(trx, action.id);
  if (last && now.getTime() - Date.parse(last) < RESEND_AFTER_MINUTES * 60_000) return;
  // Only the hash of the first link is stored, so the email carries a new one (the old stops working).
  const token = newConfirmToken();
  await setConfirmToken(trx, action.id, token.hash, confirmationExpiry(now));
  const purpose = action.method === 'signature' ? 'signature' : 'letter';
  await queueConfirmation(trx, deps, { campaign: target.campaign.campaign, supporter: target.supporter, actionId: action.id, token: token.token, purpose, now });
}
