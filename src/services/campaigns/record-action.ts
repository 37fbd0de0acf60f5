import { letterLanguageOf } from '../../domain/campaigns/campaign-languages.js';
import type { Transaction } from 'kysely';
import type { ActionInput, ConsentScope } from '../../domain/campaigns/action.js';
import { campaignConsentWording, newsConsentWording } from '../../domain/campaigns/action-input.js';
import { acceptsActions } from '../../domain/campaigns/campaign.js';
import { Conflict } from '../../domain/errors.js';
import { countWaitingIntake } from '../../store/campaigns/intake.store.js';
import {
  countRecentActions,
  findActionByIdempotencyKey,
  findSupporterAction,
  insertAction,
  lastConfirmationQueuedAt,
  setConfirmToken,
  type ActionRow,
} from '../../store/campaigns/action.store.js';
import { insertConsents, upsertSupporter, type NewConsent, type SupporterRow } from '../../store/supporters/supporter.store.js';
import type { DB } from '../../store/db/schema.js';
import { messagesFor } from '../../i18n/site-language.js';
import type { ActionDeps } from './action-deps.js';
import { confirmationExpiry, newConfirmToken, queueConfirmation } from './confirm-action.js';
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

/**
 * A submission as the intake worker processes it (services/campaigns/action-intake.ts):
 * the checked input, and what was decided when it arrived, the same for every address.
 */
export interface IntakeEntry {
  /** The intake row; earlier rows of the same address group still waiting count towards its limit. */
  readonly intakeId: number;
  readonly campaign: PublicCampaign;
  readonly input: ActionInput;
  /** HMAC of the sender's address group (services/shared/ip-group.ts). */
  readonly ipKey: string;
  /** Whether a valid proof of work came with it. */
  readonly proof: boolean;
  /** Scoped to the campaign (scopedKey). */
  readonly idempotencyKey: string | null;
  /** When it was acknowledged: the action's time, whenever it is processed. */
  readonly receivedAt: Date;
}

/**
 * What happened, for tests and logs. The supporter is told the same in every case (and
 * before it is decided), so nobody can learn from the answer whether an address has
 * acted before. (A filled-in honeypot never reaches the services: the route answers it
 * as a success.)
 */
export type SubmissionOutcome = 'pending' | 'confirmed' | 'held' | 'duplicate' | 'replayed';

/** Refuses a submission to a campaign that takes no actions now (closed, paused, past its deadline). */
export function assertAcceptsActions(campaign: PublicCampaign, now: Date): void {
  if (acceptsActions(campaign.campaign, now)) return;
  const why = campaign.campaign.status === 'closed' ? 'has closed' : campaign.campaign.status === 'paused' ? 'is paused' : 'has ended';
  throw new Conflict(`This campaign ${why} and takes no more actions. Thank you for wanting to help.`);
}

/** The consents ticked, each with the exact sentence the form showed beside it, in the form's language. */
export function consentsGiven(campaign: PublicCampaign, input: Pick<ActionInput, 'consentCampaign' | 'consentNews' | 'language'>): NewConsent[] {
  const { campaign: c, section } = campaign;
  const m = messagesFor(input.language);
  const consents: NewConsent[] = [];
  const add = (scope: ConsentScope, wording: string) => consents.push({ scope, campaignId: c.id, sectionId: section?.id ?? null, wording });
  if (input.consentCampaign) add('campaign_updates', campaignConsentWording(c.title, m));
  if (input.consentNews && section) add('section_news', newsConsentWording(section.name, m));
  return consents;
}

/**
 * Why this submission is held (stored as held_reason), or null. It counts the address
 * group's actions in the window and its submissions still waiting in the intake ahead
 * of it, so the limit holds however far behind the worker is and however many workers run.
 */
export async function holdReason(
  trx: Transaction<DB>,
  entry: Pick<IntakeEntry, 'intakeId' | 'campaign' | 'ipKey' | 'proof' | 'receivedAt'>,
): Promise<string | null> {
  const campaignId = entry.campaign.campaign.id;
  const since = new Date(entry.receivedAt.getTime() - RATE_LIMIT.windowMinutes * 60_000).toISOString();
  const recent =
    (await countRecentActions(trx, campaignId, entry.ipKey, since)) +
    (await countWaitingIntake(trx, { campaignId, ipKey: entry.ipKey, since, beforeId: entry.intakeId }));
  const limit = entry.proof ? RATE_LIMIT.withProof : RATE_LIMIT.withoutProof;
  return recent >= limit
    ? `More than ${limit} submissions in ${RATE_LIMIT.windowMinutes} minutes from one address${entry.proof ? '' : ' without proof of work'}`
    : null;
}

/** The stored form of an idempotency key: scoped to the campaign, so keys of two campaigns never meet. */
export function scopedKey(campaignId: number, key: string | null): string | null {
  return key === null ? null : `${campaignId}:${key}`;
}

/** Upserts the supporter by address; their data token's hash is set when they are new. */
export function saveSupporter(trx: Transaction<DB>, deps: ActionDeps, input: ActionInput, now: Date): Promise<SupporterRow> {
  return upsertSupporter(
    trx,
    { email: input.email, name: input.name, city: input.city, country: input.country },
    {
      now: now.toISOString(),
      tokenHash: (id) => hashDataToken(supporterDataToken(deps.secret, id)),
    },
  );
}

/**
 * A letter through Placard, or a petition signature, as the intake worker carries it out
 * in its transaction: stored pending with a confirmation email (or held, over the rate
 * limit, with none). A second submission by the same address sends no second letter;
 * its confirmation email is sent again at most once every ten minutes while the first
 * is unconfirmed.
 */
export async function recordActionIn(trx: Transaction<DB>, deps: ActionDeps, entry: IntakeEntry): Promise<SubmissionOutcome> {
  const { campaign } = entry.campaign;
  if (entry.idempotencyKey && (await findActionByIdempotencyKey(trx, entry.idempotencyKey))) return 'replayed';
  const now = entry.receivedAt;
  const heldReason = await holdReason(trx, entry);
  const supporter = await saveSupporter(trx, deps, entry.input, now);
  const method = campaign.kind === 'petition' ? 'signature' : 'placard';
  const existing = await findSupporterAction(trx, campaign.id, supporter.id, method);
  if (existing) {
    if (heldReason !== null || existing.status !== 'pending') return 'duplicate';
    // Boxes ticked this time take effect with the confirmation still awaited.
    await insertConsents(trx, supporter.id, consentsGiven(entry.campaign, entry.input), now.toISOString());
    await resendConfirmation(trx, deps, { campaign: entry.campaign, supporter, action: existing, now });
    return 'duplicate';
  }
  const held = heldReason !== null;
  const token = newConfirmToken();
  const actionId = await insertAction(trx, {
    campaignId: campaign.id,
    supporterId: supporter.id,
    method,
    status: held ? 'held' : 'pending',
    country: entry.input.country,
    letter: method === 'placard' ? entry.input.letter : null,
    signAs: method === 'placard' ? entry.input.signAs : null,
    letterLanguage: method === 'placard' ? letterLanguageOf(campaign, entry.input.letterLanguage) : null,
    idempotencyKey: entry.idempotencyKey,
    confirmTokenHash: held ? null : token.hash,
    ipKey: entry.ipKey,
    proofOfWork: entry.proof,
    heldReason,
    createdAt: now.toISOString(),
    confirmedAt: null,
    expiresAt: held ? null : confirmationExpiry(now),
    language: messagesFor(entry.input.language).language,
  });
  await insertConsents(trx, supporter.id, consentsGiven(entry.campaign, entry.input), now.toISOString());
  if (held) return 'held';
  const purpose = method === 'placard' ? 'letter' : 'signature';
  await queueConfirmation(trx, deps, { campaign, supporter, actionId, token: token.token, purpose, now, messages: messagesFor(entry.input.language) });
  return 'pending';
}

/** Sends a still-pending action's confirmation again, with a new link, at most once every ten minutes. */
async function resendConfirmation(
  trx: Transaction<DB>,
  deps: ActionDeps,
  target: { campaign: PublicCampaign; supporter: SupporterRow; action: ActionRow; now: Date },
): Promise<void> {
  const { action, now } = target;
  const last = await lastConfirmationQueuedAt(trx, action.id);
  if (last && now.getTime() - Date.parse(last) < RESEND_AFTER_MINUTES * 60_000) return;
  // Only the hash of the first link is stored, so the email carries a new one (the old stops working).
  const token = newConfirmToken();
  await setConfirmToken(trx, action.id, token.hash, confirmationExpiry(now));
  const purpose = action.method === 'signature' ? 'signature' : 'letter';
  await queueConfirmation(trx, deps, {
    campaign: target.campaign.campaign,
    supporter: target.supporter,
    actionId: action.id,
    token: token.token,
    purpose,
    now,
    messages: messagesFor(action.language),
  });
}
