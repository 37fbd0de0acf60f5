import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { CONFIRMATION_DAYS, CONFIRMED_METHODS } from '../../domain/campaigns/action.js';
import type { Campaign } from '../../domain/campaigns/campaign.js';
import type { Messages } from '../../i18n/messages.js';
import { letterLanguageOf, lettersForTargets, textsIn } from '../../domain/campaigns/campaign-languages.js';
import { headerSafe, letterForOfficials } from '../../domain/campaigns/letter.js';
import { findActionByTokenHash, markActionConfirmed, type ActionRow } from '../../store/campaigns/action.store.js';
import { confirmConsents, findSupporter, type SupporterRow } from '../../store/supporters/supporter.store.js';
import type { DB } from '../../store/db/schema.js';
import { enqueueMessage } from '../../store/outbox/outbox.store.js';
import { queueDeliveries } from '../delivery/queue-deliveries.js';
import type { ActionDeps } from './action-deps.js';
import type { CampaignDeps } from './campaign-deps.js';
import { officialsLetters, type LetterPreview } from './letter-preview.js';
import { supporterDataToken, supporterFooter } from './supporter-token.js';

/*
 * Confirming by email. The link carries 256 random bits; only their SHA-256 is stored, so
 * a copy of the database confirms nothing. The link opens a page with a button: mail
 * scanners fetch links (GET) to check them, and a GET must never send a letter.
 */

/** A new confirmation token and the hash that is stored. */
export function newConfirmToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashConfirmToken(token) };
}

/** What actions.confirm_token_hash holds for a token. */
export function hashConfirmToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** When a link made now stops working. */
export function confirmationExpiry(now: Date): string {
  return new Date(now.getTime() + CONFIRMATION_DAYS * 86_400_000).toISOString();
}

/** What the email asks the supporter to confirm. */
export type ConfirmationPurpose = 'letter' | 'signature' | 'consent';

/**
 * Queues the confirmation email in the caller's transaction (the transactional outbox),
 * to the supporter, in the language of the page they acted on (`messages`), ending with
 * the link to their data as every email to them does.
 */
export async function queueConfirmation(
  trx: Transaction<DB>,
  deps: Pick<CampaignDeps, 'publicUrl' | 'mail' | 'secret'>,
  message: { campaign: Campaign; supporter: SupporterRow; actionId: number; token: string; purpose: ConfirmationPurpose; now: Date; messages: Messages },
): Promise<void> {
  const { campaign, supporter, purpose, messages: m } = message;
  const link = `${deps.publicUrl}/confirm/${message.token}`;
  const what = {
    letter: m.t('email.confirm.letter', { title: campaign.title }),
    signature: m.t('email.confirm.signature', { title: campaign.title }),
    consent: m.t('email.confirm.consent', { title: campaign.title }),
  }[purpose];
  // The name as typed: which word of it is the given name is not ours to guess.
  const greeting = supporter.name ? m.t('email.greeting.named', { name: headerSafe(supporter.name) }) : m.t('email.greeting.plain');
  const body = [
    greeting,
    '',
    what,
    link,
    '',
    m.t('email.confirm.howTo', { days: CONFIRMATION_DAYS }),
    m.t('email.confirm.notYou'),
    supporterFooter(deps.publicUrl, supporterDataToken(deps.secret, supporter.id), m),
  ].join('\n');
  await enqueueMessage(
    trx,
    {
      kind: 'confirmation',
      campaignId: campaign.id,
      actionId: message.actionId,
      recipient: supporter.email,
      fromName: deps.mail.fromName,
      subject: headerSafe(m.t('email.confirm.subject', { title: campaign.title })),
      body,
    },
    { now: message.now.toISOString(), domain: deps.mail.domain },
  );
}

/** What a confirmation link stands for, as its page shows it (read only). */
export type ConfirmationState =
  | { readonly kind: 'unknown' }
  | {
      readonly kind: 'pending' | 'confirmed' | 'consent';
      readonly campaign: Campaign;
      readonly purpose: ConfirmationPurpose;
      /** The language of the page the supporter acted on: the page of the link is in it. */
      readonly language: string;
      /** A pending letter: what each official will receive once it is confirmed. */
      readonly letters?: readonly LetterPreview[];
    };

function isLive(action: ActionRow, now: Date): boolean {
  return action.expiresAt === null || action.expiresAt > now.toISOString();
}

function purposeOf(action: ActionRow): ConfirmationPurpose {
  if (!CONFIRMED_METHODS.has(action.method)) return 'consent';
  return action.method === 'signature' ? 'signature' : 'letter';
}

/** What the link is for, without changing anything: GET /confirm/:token. */
export async function describeConfirmation(deps: ActionDeps, token: string): Promise<ConfirmationState> {
  const action = await findActionByTokenHash(deps.db, hashConfirmToken(token));
  const found = action ? await deps.campaigns.byId(action.campaignId) : undefined;
  if (!action || !found) return { kind: 'unknown' };
  const purpose = purposeOf(action);
  const { language } = action;
  const live = isLive(action, deps.clock());
  if (purpose === 'consent')
    return live && action.status === 'confirmed' ? { kind: 'consent', campaign: found.campaign, purpose, language } : { kind: 'unknown' };
  if (action.status === 'confirmed') return { kind: 'confirmed', campaign: found.campaign, purpose, language };
  if (!live || action.status !== 'pending') return { kind: 'unknown' };
  return { kind: 'pending', campaign: found.campaign, purpose, language, letters: await pendingLetters(deps, found.campaign, action) };
}

/** The letters a pending action will send, made as confirming makes them: the supporter sees them before pressing the button. */
async function pendingLetters(deps: ActionDeps, campaign: Campaign, action: ActionRow): Promise<readonly LetterPreview[] | undefined> {
  if (action.method !== 'placard' || action.supporterId === null) return undefined;
  const supporter = await findSupporter(deps.db, action.supporterId);
  if (!supporter) return undefined;
  const who = { name: supporter.name, email: supporter.email, city: supporter.city, country: action.country, signAs: action.signAs };
  return officialsLetters(campaign, supportersLetter(campaign, action), who);
}

/** The text a supporter's action carries and the language of the model letter it began as. */
function supportersLetter(campaign: Campaign, action: ActionRow): { text: string; language: string } {
  const language = letterLanguageOf(campaign, action.letterLanguage);
  return { text: action.letter ?? textsIn(campaign, language).letter.body, language };
}

/** The result of pressing the button. */
export type ConfirmResult =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'closed' | 'confirmed' | 'already'; readonly campaign: Campaign; readonly purpose: ConfirmationPurpose; readonly language: string };

/**
 * POST /confirm/:token. In one transaction: the action becomes confirmed, the consents
 * given with it take effect, and a letter's deliveries are queued (queueDeliveries). A
 * second press finds it confirmed and changes nothing. For a self-report the link
 * confirms the consents only: the report itself counted when it was made.
 */
export async function confirmAction(deps: ActionDeps, token: string): Promise<ConfirmResult> {
  const hash = hashConfirmToken(token);
  // The campaign is read before the transaction: on SQLite the transaction holds the one
  // connection, and the (memoised) lookup must not wait for it.
  const first = await findActionByTokenHash(deps.db, hash);
  const found = first ? await deps.campaigns.byId(first.campaignId) : undefined;
  if (!found) return { kind: 'unknown' };
  const result = await deps.batcher.run((trx) => confirmIn(trx, deps, hash, found.campaign));
  if (result.kind === 'confirmed' && result.purpose !== 'consent') deps.counter.changed(result.campaign.id);
  return result;
}

async function confirmIn(trx: Transaction<DB>, deps: ActionDeps, hash: string, campaign: Campaign): Promise<ConfirmResult> {
  const now = deps.clock();
  const action = await findActionByTokenHash(trx, hash);
  if (!action || action.campaignId !== campaign.id || action.supporterId === null) return { kind: 'unknown' };
  const purpose = purposeOf(action);
  const { language } = action;
  const live = isLive(action, now);
  if (purpose === 'consent') {
    if (action.status !== 'confirmed' || !live) return { kind: 'unknown' };
    const changed = await confirmConsents(trx, action.supporterId, campaign.id, now.toISOString());
    return { kind: changed > 0 ? 'confirmed' : 'already', campaign, purpose, language };
  }
  if (action.status === 'confirmed') return { kind: 'already', campaign, purpose, language };
  if (action.status !== 'pending' || !live) return { kind: 'unknown' };
  // A letter confirmed after the campaign closed would reach officials about a closed case.
  if (campaign.status === 'closed' || campaign.status === 'draft') return { kind: 'closed', campaign, purpose, language };
  const supporter = await findSupporter(trx, action.supporterId);
  if (!supporter) return { kind: 'unknown' };
  if (!(await markActionConfirmed(trx, action.id, now.toISOString()))) return { kind: 'already', campaign, purpose, language };
  await confirmConsents(trx, supporter.id, campaign.id, now.toISOString());
  if (action.method === 'placard') {
    const who = { name: supporter.name, email: supporter.email, city: supporter.city, country: action.country, signAs: action.signAs };
    const own = supportersLetter(campaign, action);
    const letter = letterForOfficials(own.text, who, campaign.identityMode, { language: own.language });
    const byTarget = lettersForTargets(campaign, own, who);
    await queueDeliveries(
      trx,
      campaign,
      { actionId: action.id, letter, byTarget, supporter: { name: supporter.name, email: supporter.email } },
      { now, mail: deps.mail },
    );
  }
  return { kind: 'confirmed', campaign, purpose, language };
}
