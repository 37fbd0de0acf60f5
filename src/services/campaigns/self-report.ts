import { createHmac } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { SelfReportMethod } from '../../domain/campaigns/action.js';
import {
  findActionByIdempotencyKey,
  findReport,
  insertAction,
  lastConfirmationQueuedAt,
  linkReport,
  type ActionRow,
} from '../../store/campaigns/action.store.js';
import { hasUnconfirmedConsents, insertConsents } from '../../store/supporters/supporter.store.js';
import type { DB } from '../../store/db/schema.js';
import { secretKey } from '../shared/secret-key.js';
import { messagesFor } from '../../i18n/site-language.js';
import type { ActionDeps } from './action-deps.js';
import { confirmationExpiry, newConfirmToken, queueConfirmation } from './confirm-action.js';
import { consentsGiven, holdReason, RESEND_AFTER_MINUTES, saveSupporter, type IntakeEntry, type SubmissionOutcome } from './record-action.js';

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
 * by either method, is not counted again (the counter counts people who acted, and one
 * who called and also wrote is one) — but boxes ticked on it still count (repeatReport). Without an address a report cannot be matched to an
 * earlier one; the rate limit per address group bounds those. An address is kept only
 * when the supporter asked for email (a consent): then a confirmation email confirms
 * that consent, and nothing else waits on it.
 */
export async function recordSelfReportIn(
  trx: Transaction<DB>,
  deps: ActionDeps,
  entry: IntakeEntry & { readonly method: SelfReportMethod },
): Promise<SubmissionOutcome> {
  const { campaign } = entry.campaign;
  if (entry.idempotencyKey && (await findActionByIdempotencyKey(trx, entry.idempotencyKey))) return 'replayed';
  const key = reporterKey(deps.secret, campaign.id, entry.input.email);
  const earlier = key ? await findReport(trx, campaign.id, key) : undefined;
  if (earlier) return repeatReport(trx, deps, entry, earlier);
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
    language: messagesFor(entry.input.language).language,
  });
  if (supporter) await insertConsents(trx, supporter.id, consents, now.toISOString());
  if (held) return 'held';
  // Consents confirmed before need no second email.
  if (supporter && token && (await hasUnconfirmedConsents(trx, supporter.id, campaign.id))) {
    await queueConfirmation(trx, deps, {
      campaign,
      supporter,
      actionId,
      token: token.token,
      purpose: 'consent',
      now,
      messages: messagesFor(entry.input.language),
    });
  }
  return 'confirmed';
}

/**
 * A report from an address that reported before: not counted again, but a consent ticked
 * on it is kept, with the earlier report, as a first report's would be, and confirmed by
 * email (at most once every ten minutes, as a repeated letter's confirmation).
 */
async function repeatReport(trx: Transaction<DB>, deps: ActionDeps, entry: IntakeEntry, earlier: ActionRow): Promise<SubmissionOutcome> {
  const consents = consentsGiven(entry.campaign, entry.input);
  if (consents.length === 0 || earlier.status === 'discarded') return 'duplicate';
  const now = entry.receivedAt;
  const supporter = await saveSupporter(trx, deps, entry.input, now);
  await insertConsents(trx, supporter.id, consents, now.toISOString());
  // A held report gets its email when a coordinator releases it (held-actions.ts).
  if (earlier.status !== 'confirmed' || !(await hasUnconfirmedConsents(trx, supporter.id, earlier.campaignId))) {
    await linkReport(trx, earlier.id, supporter.id, null);
    return 'duplicate';
  }
  const last = await lastConfirmationQueuedAt(trx, earlier.id);
  if (last && now.getTime() - Date.parse(last) < RESEND_AFTER_MINUTES * 60_000) return 'duplicate';
  const token = newConfirmToken();
  await linkReport(trx, earlier.id, supporter.id, { tokenHash: token.hash, expiresAt: confirmationExpiry(now) });
  await queueConfirmation(trx, deps, {
    campaign: entry.campaign.campaign,
    supporter,
    actionId: earlier.id,
    token: token.token,
    purpose: 'consent',
    now,
    messages: messagesFor(entry.input.language),
  });
  return 'duplicate';
}
