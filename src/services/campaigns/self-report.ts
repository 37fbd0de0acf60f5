import type { Transaction } from 'kysely';
import { findActionByIdempotencyKey, insertAction } from '../../store/campaigns/action.store.js';
import { hasUnconfirmedConsents, insertConsents } from '../../store/campaigns/supporter.store.js';
import type { DB } from '../../store/db/schema.js';
import type { ActionDeps } from './action-deps.js';
import { confirmationExpiry, newConfirmToken, queueConfirmation } from './confirm-action.js';
import { assertAcceptsActions, consentsGiven, rateDecision, saveSupporter, scopedKey, type Submission, type SubmissionOutcome } from './record-action.js';

/** How the supporter acted by themselves: from their own mail client, or by phone. */
export type SelfReportMethod = 'own_mail' | 'call';

/**
 * POST /campaigns/:slug/self-report: "I have sent it" or "I called". It counts at once
 * (apart from confirmed letters), under the same rate limit and hold as letters. An
 * address is kept only when the supporter asked for email (a consent): then a
 * confirmation email confirms that consent, and nothing else waits on it.
 */
export async function recordSelfReport(deps: ActionDeps, submission: Submission & { readonly method: SelfReportMethod }): Promise<SubmissionOutcome> {
  assertAcceptsActions(submission.campaign, deps.clock());
  const outcome = await deps.batcher.run((trx) => reportIn(trx, deps, submission));
  if (outcome === 'confirmed') deps.counter.changed(submission.campaign.campaign.id);
  return outcome;
}

async function reportIn(trx: Transaction<DB>, deps: ActionDeps, submission: Submission & { readonly method: SelfReportMethod }): Promise<SubmissionOutcome> {
  const { campaign } = submission.campaign;
  const key = scopedKey(campaign.id, submission.idempotencyKey);
  if (key && (await findActionByIdempotencyKey(trx, key))) return 'replayed';
  const now = deps.clock();
  const rate = await rateDecision(trx, deps, submission);
  const held = rate.heldReason !== null;
  const consents = consentsGiven(submission.campaign, submission.input);
  // No consent, no address kept: counting a call needs only the country.
  const supporter = consents.length > 0 && submission.input.email !== '' ? await saveSupporter(trx, deps, submission.input) : null;
  const token = supporter && !held ? newConfirmToken() : null;
  const actionId = await insertAction(trx, {
    campaignId: campaign.id,
    supporterId: supporter?.id ?? null,
    method: submission.method,
    status: held ? 'held' : 'confirmed',
    country: submission.input.country,
    letter: null,
    idempotencyKey: key,
    confirmTokenHash: token?.hash ?? null,
    ipKey: rate.ipKey,
    proofOfWork: rate.proof,
    heldReason: rate.heldReason,
    createdAt: now.toISOString(),
    confirmedAt: held ? null : now.toISOString(),
    expiresAt: token ? confirmationExpiry(now) : null,
  });
  if (supporter) await insertConsents(trx, supporter.id, consents, now.toISOString());
  if (held) return 'held';
  // Consents confirmed before need no second email.
  if (supporter && token && (await hasUnconfirmedConsents(trx, supporter.id, campaign.id))) {
    await queueConfirmation(trx, deps, { campaign, supporter, actionId, token: token.token, purpose: 'consent', now });
  }
  return 'confirmed';
}
