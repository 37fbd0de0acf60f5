import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ActionMethod, ActionStatus } from '../../domain/campaigns/action.js';
import type { ActionsTable, DB } from '../db/schema.js';

/** An action as the submission and confirmation use cases need it. */
export interface ActionRow {
  readonly id: number;
  readonly campaignId: number;
  readonly supporterId: number | null;
  readonly method: ActionMethod;
  readonly status: ActionStatus;
  readonly country: string;
  readonly letter: string | null;
  readonly signAs: string | null;
  /** The language of the model letter the supporter edited; null is the campaign's first. */
  readonly letterLanguage: string | null;
  readonly expiresAt: string | null;
  readonly confirmedAt: string | null;
  /** The language of the page the supporter acted on. */
  readonly language: string;
}

/** An action to store. */
export interface NewAction {
  readonly campaignId: number;
  readonly supporterId: number | null;
  readonly method: ActionMethod;
  readonly status: ActionStatus;
  readonly country: string;
  readonly letter: string | null;
  /** The name a protective letter is signed with; null in named mode. */
  readonly signAs?: string | null;
  /** The language of the model letter the supporter edited; null or absent is the campaign's first. */
  readonly letterLanguage?: string | null;
  readonly idempotencyKey: string | null;
  readonly confirmTokenHash: string | null;
  readonly ipKey: string | null;
  readonly proofOfWork: boolean;
  readonly heldReason: string | null;
  readonly createdAt: string;
  readonly confirmedAt: string | null;
  readonly expiresAt: string | null;
  /** Self-reports: the keyed hash of the reporter's address and the campaign (one report per address). */
  readonly reporterKey?: string | null;
  /** The language of the page the supporter acted on ("en" when not known). */
  readonly language?: string;
}

const COLUMNS = [
  'id',
  'campaign_id',
  'supporter_id',
  'method',
  'status',
  'country',
  'letter',
  'sign_as',
  'letter_language',
  'expires_at',
  'confirmed_at',
  'language',
] as const;

function toAction(row: Pick<Selectable<ActionsTable>, (typeof COLUMNS)[number]>): ActionRow {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    supporterId: row.supporter_id,
    method: row.method,
    status: row.status,
    country: row.country,
    letter: row.letter,
    signAs: row.sign_as,
    letterLanguage: row.letter_language,
    expiresAt: row.expires_at,
    confirmedAt: row.confirmed_at,
    language: row.language,
  };
}

/** Stores an action; returns its id. */
export async function insertAction(trx: Transaction<DB>, action: NewAction): Promise<number> {
  const { id } = await trx
    .insertInto('actions')
    .values({
      campaign_id: action.campaignId,
      supporter_id: action.supporterId,
      method: action.method,
      status: action.status,
      country: action.country,
      letter: action.letter,
      sign_as: action.signAs ?? null,
      letter_language: action.letterLanguage ?? null,
      idempotency_key: action.idempotencyKey,
      confirm_token_hash: action.confirmTokenHash,
      ip_key: action.ipKey,
      proof_of_work: action.proofOfWork ? 1 : 0,
      held_reason: action.heldReason,
      created_at: action.createdAt,
      confirmed_at: action.confirmedAt,
      expires_at: action.expiresAt,
      reporter_key: action.reporterKey ?? null,
      language: action.language ?? 'en',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The action a request with this idempotency key stored, if any. */
export async function findActionByIdempotencyKey(trx: Transaction<DB>, key: string): Promise<ActionRow | undefined> {
  const row = await trx.selectFrom('actions').select(COLUMNS).where('idempotency_key', '=', key).executeTakeFirst();
  return row ? toAction(row) : undefined;
}

/** The self-report of this campaign with this reporter key, if any. */
export async function findReport(trx: Transaction<DB>, campaignId: number, reporterKey: string): Promise<ActionRow | undefined> {
  const row = await trx.selectFrom('actions').select(COLUMNS).where('campaign_id', '=', campaignId).where('reporter_key', '=', reporterKey).executeTakeFirst();
  return row ? toAction(row) : undefined;
}

/**
 * Gives a self-report the supporter who now asked for email, if it had none, and, when
 * `tokenHash` is given, a new confirmation link (only its hash is kept) valid until `expiresAt`.
 */
export async function linkReport(
  trx: Transaction<DB>,
  actionId: number,
  supporterId: number,
  link: { tokenHash: string; expiresAt: string } | null,
): Promise<void> {
  await trx
    .updateTable('actions')
    .set((eb) => ({
      supporter_id: eb.fn.coalesce('supporter_id', eb.val(supporterId)),
      ...(link ? { confirm_token_hash: link.tokenHash, expires_at: link.expiresAt } : {}),
    }))
    .where('id', '=', actionId)
    .execute();
}

/** The supporter's letter or signature on this campaign (there is at most one), whatever its status. */
export async function findSupporterAction(trx: Transaction<DB>, campaignId: number, supporterId: number, method: ActionMethod): Promise<ActionRow | undefined> {
  const row = await trx
    .selectFrom('actions')
    .select(COLUMNS)
    .where('campaign_id', '=', campaignId)
    .where('supporter_id', '=', supporterId)
    .where('method', '=', method)
    .executeTakeFirst();
  return row ? toAction(row) : undefined;
}

/** How many actions an address group sent to this campaign since `since`, held ones included. */
export async function countRecentActions(trx: Transaction<DB>, campaignId: number, ipKey: string, since: string): Promise<number> {
  const row = await trx
    .selectFrom('actions')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('ip_key', '=', ipKey)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The action whose confirmation link hashes to this, if any. */
export async function findActionByTokenHash(db: Kysely<DB> | Transaction<DB>, tokenHash: string): Promise<ActionRow | undefined> {
  const row = await db.selectFrom('actions').select(COLUMNS).where('confirm_token_hash', '=', tokenHash).executeTakeFirst();
  return row ? toAction(row) : undefined;
}

/** Gives an action a new confirmation link (only its hash is kept) valid until `expiresAt`. */
export async function setConfirmToken(trx: Transaction<DB>, actionId: number, tokenHash: string, expiresAt: string): Promise<void> {
  await trx.updateTable('actions').set({ confirm_token_hash: tokenHash, expires_at: expiresAt }).where('id', '=', actionId).execute();
}

/** Confirms a pending action; false when it was no longer pending (confirmed by a parallel request). */
export async function markActionConfirmed(trx: Transaction<DB>, actionId: number, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('actions')
    .set({ status: 'confirmed', confirmed_at: now })
    .where('id', '=', actionId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** When the last confirmation email for this action was queued, or null. */
export async function lastConfirmationQueuedAt(trx: Transaction<DB>, actionId: number): Promise<string | null> {
  const row = await trx
    .selectFrom('outbox')
    .select('created_at')
    .where('action_id', '=', actionId)
    .where('kind', '=', 'confirmation')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

/**
 * Confirmed actions of a campaign per method and country: the rows behind the public
 * counter; with `before`, only those confirmed before that time (a snapshot).
 */
export async function countConfirmedActions(
  db: Kysely<DB>,
  campaignId: number,
  options: { before?: string } = {},
): Promise<{ method: string; country: string; n: number }[]> {
  const { before } = options;
  const rows = await db
    .selectFrom('actions')
    .select(['method', 'country', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'confirmed')
    .$if(before !== undefined, (qb) => qb.where((eb) => eb(eb.fn.coalesce('confirmed_at', 'created_at'), '<', before ?? '')))
    .groupBy(['method', 'country'])
    .execute();
  return rows.map((r) => ({ method: r.method, country: r.country, n: Number(r.n) }));
}

/** A held action as a coordinator reviews it: what, from where, why held; no personal data. */
export interface HeldActionRow {
  readonly id: number;
  readonly method: ActionMethod;
  readonly country: string;
  readonly heldReason: string | null;
  readonly proofOfWork: boolean;
  readonly createdAt: string;
}

/** A campaign's held actions, oldest first. */
export async function listHeldActionRows(db: Kysely<DB>, campaignId: number): Promise<HeldActionRow[]> {
  const rows = await db
    .selectFrom('actions')
    .select(['id', 'method', 'country', 'held_reason', 'proof_of_work', 'created_at'])
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'held')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    method: r.method,
    country: r.country,
    heldReason: r.held_reason,
    proofOfWork: r.proof_of_work === 1,
    createdAt: r.created_at,
  }));
}

/** A held action of this campaign, or undefined (another campaign's, or no longer held). */
export async function findHeldAction(trx: Transaction<DB>, actionId: number, campaignId: number): Promise<ActionRow | undefined> {
  const row = await trx
    .selectFrom('actions')
    .select(COLUMNS)
    .where('id', '=', actionId)
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'held')
    .executeTakeFirst();
  return row ? toAction(row) : undefined;
}

/** Moves a held action on: to pending (with a link), confirmed or discarded. False when it was no longer held. */
export async function leaveHold(
  trx: Transaction<DB>,
  actionId: number,
  change: { status: Exclude<ActionStatus, 'held'>; confirmedAt?: string | null; confirmTokenHash?: string | null; expiresAt?: string | null },
): Promise<boolean> {
  const result = await trx
    .updateTable('actions')
    .set({
      status: change.status,
      ...(change.confirmedAt === undefined ? {} : { confirmed_at: change.confirmedAt }),
      ...(change.confirmTokenHash === undefined ? {} : { confirm_token_hash: change.confirmTokenHash }),
      ...(change.expiresAt === undefined ? {} : { expires_at: change.expiresAt }),
    })
    .where('id', '=', actionId)
    .where('status', '=', 'held')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
