import { createHmac } from 'node:crypto';
import type { Transaction } from 'kysely';
import { findActionByIdempotencyKey, findReport, insertAction } from '../../store/campaigns/action.store.js';
import { hasUnconfirmedConsents, insertConsents } from '../../store/campaigns/supporter.store.js';
import type { DB } from '../../store/db/schema.js';
import { secretKey } from '../shared/secret-key.js';
import type { ActionDeps } from './action-deps.js';
import { confirmationExpiry, newConfirmToken, queueConfirmation } from './confirm-action.js';
import { consentsGiven, holdReason, saveSupporter, type IntakeEntry, type SubmissionOutcome } from './record-action.js';

/** How the supporter acted by themselves: from their own mail client, or by phone. */
export type SelfReportMethod = 'own_mail' | 'call';

/**
 * What actions.reporter_key holds for an address on a campaign: an HMAC under the
 * installation's secret, so one address counts once without the address being kept
 * (a copy of the table alone cannot be turned back into addresses).
 */
export function reporterKey(secret: Buffer, campaignId: number, email: string): string | null {
  if (email === '') return null;
  return createHmac('sha256', secretKey(secret)).update(`report:${campaignId}:${email.toLowerCase()}`).digest('base64url');
}

/**
 * "I have sent it" or "I called", as the intake worker carries it out in its transaction.
 * It counts at once (apart from confirmed letters), under the same rate limit and hold as
 * letters, and once per campaign for an address: a second report from the same address,
 * by either method, changes nothing (the counter counts people who acted, and one who
 * called and also wrote is one). Without an address a report cannot be matched to an
 * earlier one; the rate limit per address group bounds those. An address is kept only
 * when the supporter asked for email (a consent): then a confirmation email confirms
 * that consent, and nothing else waits on it.
 */
export async function recordSelfReportIn(trx: Transaction<DB>, deps: ActionDeps, entry: IntakeEntry & { readonly method: SelfReportMethod }): Promise<SubmissionOutcome> {
  const { campaign } = entry.campaign;
  if (entry.idempotencyKey && (await findActionByIdempotencyKey(trx, entry.idempotencyKey))) return 'replayed';
  const key = reporterKey(deps.secret, campaign.id, entry.input.email);
  if (key && (await findReport(trx, campaign.id, key))) return 'duplicate';
  const now = entry.receivedAt;
  const heldReason = await holdReason(trx, entry);
  const held = heldReason !== null;
  const consents = consentsGiven(entry.campaign, entry.input);
  // No consent, no address kept: counting a call needs only the country.
  const supporter = consents.length > 0 && entry.input.email !== '' ? await saveSupporter(trx, deps, entry.input, now) : null;
  const token = supporter && !held ? newConfirmToken() : null;
  const actionId = await insertAction(trx, {
    campaignId: campaign.id,
    supporterId: supporter?.id ?? null,
    method: entry.method,
    status: held ? 'held' : 'confirmed',
    country: entry.input.country,
    letter: null,
    idempotencyKey: entry.idempotencyKey,
    confirmTokenHash: token?.hash ?? null,
    ipKey: entry.ipKey,
    proofOfWork: entry.proof,
    heldReason,
    createdAt: now.toISOString(),
    confirmedAt: held ? null : now.toISOString(),
    expiresAt: token ? confirmationExpiry(now) : null,
    reporterKey: key,
  });
  if (supporter) await insertConsents(trx, supporter.id, consents, now.toISOString());
  if (held) return 'held';
  // Consents confirmed before need no second email.
  if (supporter && token && (await hasUnconfirmedConsents(trx, supporter.id, campaign.id))) {
    await queueConfirmation(trx, deps, { campaign, supporter, actionId, token: token.token, purpose: 'consent', now });
  }
  return 'confirmed';
}
