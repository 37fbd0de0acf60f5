import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { ActionMethod, ActionStatus, ConsentScope } from '../../domain/campaigns/action.js';
import type { DB } from '../db/schema.js';

/*
 * Supporters and their consents: the rows the action forms create (a supporter per
 * address, the consents ticked on the form) and what the supporter's own data page reads
 * and changes. Erasure, exports and retention have their own stores beside this one.
 */

/** A supporter as the action pages need them: who to write to, and what a letter is signed with. */
export interface SupporterRow {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly city: string | null;
  readonly country: string;
}

/** What a submission says about its sender; the address is lower-cased already. */
export interface SupporterDetails {
  readonly email: string;
  readonly name: string;
  readonly city: string | null;
  readonly country: string;
}

/**
 * The supporter with this address, created when new. `tokenHash` gives the hash of a
 * new supporter's data token, which is derived from the id and so known only after the
 * insert. An existing supporter's name, city and country follow the latest submission
 * only while none of their actions is confirmed: until then nobody has shown the address
 * is theirs, and afterwards a stranger typing their address must not rename them.
 */
export async function upsertSupporter(
  trx: Transaction<DB>,
  details: SupporterDetails,
  options: { now: string; tokenHash: (id: number) => string },
): Promise<SupporterRow> {
  const existing = await trx.selectFrom('supporters').select(['id', 'name', 'city', 'country']).where('email', '=', details.email).executeTakeFirst();
  if (existing) {
    if (await hasConfirmedAction(trx, existing.id))
      return { id: existing.id, email: details.email, name: existing.name ?? details.name, city: existing.city, country: existing.country };
    // A self-report may come without a name or city: what is known stays.
    const updated = { name: details.name || (existing.name ?? ''), city: details.city ?? existing.city, country: details.country };
    await trx.updateTable('supporters').set(updated).where('id', '=', existing.id).execute();
    return { id: existing.id, email: details.email, ...updated };
  }
  const inserted = await trx
    .insertInto('supporters')
    // A placeholder keeps the column unique until the real hash, made from the id, replaces it.
    .values({
      email: details.email,
      name: details.name,
      city: details.city,
      country: details.country,
      data_token_hash: `new:${randomUUID()}`,
      created_at: options.now,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    // Another node inserted the same address a moment ago: theirs stands.
    const theirs = await trx.selectFrom('supporters').select(['id', 'name', 'city', 'country']).where('email', '=', details.email).executeTakeFirstOrThrow();
    return { id: theirs.id, email: details.email, name: theirs.name ?? details.name, city: theirs.city, country: theirs.country };
  }
  await trx
    .updateTable('supporters')
    .set({ data_token_hash: options.tokenHash(inserted.id) })
    .where('id', '=', inserted.id)
    .execute();
  return { id: inserted.id, ...details };
}

async function hasConfirmedAction(trx: Transaction<DB>, supporterId: number): Promise<boolean> {
  // By supporter only, so the planner takes actions_supporter (a few rows) and not the
  // status index (every confirmed action); the status is checked here.
  const rows = await trx.selectFrom('actions').select('status').where('supporter_id', '=', supporterId).execute();
  return rows.some((r) => r.status === 'confirmed');
}

/** A supporter by id, while not erased; from the database or inside a transaction. */
export async function findSupporter(db: Kysely<DB>, id: number): Promise<SupporterRow | undefined> {
  const row = await db
    .selectFrom('supporters')
    .select(['id', 'email', 'name', 'city', 'country'])
    .where('id', '=', id)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.email === null) return undefined;
  return { id: row.id, email: row.email, name: row.name ?? '', city: row.city, country: row.country };
}

/** A supporter as their own data page shows them; name, email and city are null once erased. */
export interface SupporterRecord {
  readonly id: number;
  readonly email: string | null;
  readonly name: string | null;
  readonly city: string | null;
  readonly country: string;
  readonly createdAt: string;
  readonly erasedAt: string | null;
}

/** One of a supporter's actions, with the campaign it was taken on. */
export interface SupporterActionRecord {
  readonly id: number;
  readonly campaignId: number;
  readonly campaignTitle: string;
  readonly campaignSlug: string;
  readonly method: ActionMethod;
  readonly status: ActionStatus;
  readonly country: string;
  readonly letter: string | null;
  /** The name a protective letter was signed with. */
  readonly signAs: string | null;
  readonly createdAt: string;
  readonly confirmedAt: string | null;
}

/** The supporter whose data link hashes to this, or undefined. */
export async function findSupporterByTokenHash(db: Kysely<DB>, tokenHash: string): Promise<SupporterRecord | undefined> {
  const row = await db
    .selectFrom('supporters')
    .select(['id', 'email', 'name', 'city', 'country', 'created_at', 'erased_at'])
    .where('data_token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, email: row.email, name: row.name, city: row.city, country: row.country, createdAt: row.created_at, erasedAt: row.erased_at };
}

/** A supporter's actions, oldest first. */
export async function listSupporterActions(db: Kysely<DB>, supporterId: number): Promise<SupporterActionRecord[]> {
  const rows = await db
    .selectFrom('actions')
    .innerJoin('campaigns', 'campaigns.id', 'actions.campaign_id')
    .select([
      'actions.id',
      'actions.campaign_id',
      'campaigns.title',
      'campaigns.slug',
      'actions.method',
      'actions.status',
      'actions.country',
      'actions.letter',
      'actions.sign_as',
      'actions.created_at',
      'actions.confirmed_at',
    ])
    .where('actions.supporter_id', '=', supporterId)
    .orderBy('actions.created_at')
    .orderBy('actions.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    campaignId: r.campaign_id,
    campaignTitle: r.title,
    campaignSlug: r.slug,
    method: r.method,
    status: r.status,
    country: r.country,
    letter: r.letter,
    signAs: r.sign_as,
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
  }));
}

/*
 * Consents: given on a form, confirmed with the action's email, withdrawn on the data page.
 */

/** A consent as given on a form: its scope, what it is about and the sentence shown. */
export interface NewConsent {
  readonly scope: ConsentScope;
  readonly campaignId: number;
  readonly sectionId: number | null;
  readonly wording: string;
}

/**
 * Records consents as given; they take effect when confirmed ({@link confirmConsents}).
 * A consent the supporter already gave on this campaign (and did not withdraw) is not
 * recorded twice.
 */
export async function insertConsents(trx: Transaction<DB>, supporterId: number, consents: readonly NewConsent[], now: string): Promise<void> {
  if (consents.length === 0) return;
  const held = await trx
    .selectFrom('consents')
    .select('scope')
    .where('supporter_id', '=', supporterId)
    .where('campaign_id', '=', consents[0]?.campaignId ?? 0)
    .where('withdrawn_at', 'is', null)
    .execute();
  const fresh = consents.filter((c) => !held.some((h) => h.scope === c.scope));
  if (fresh.length === 0) return;
  await trx
    .insertInto('consents')
    .values(
      fresh.map((c) => ({ supporter_id: supporterId, scope: c.scope, campaign_id: c.campaignId, section_id: c.sectionId, wording: c.wording, given_at: now })),
    )
    .execute();
}

/** Confirms the supporter's unconfirmed, unwithdrawn consents given on this campaign's forms. */
export async function confirmConsents(trx: Transaction<DB>, supporterId: number, campaignId: number, now: string): Promise<number> {
  const result = await trx
    .updateTable('consents')
    .set({ confirmed_at: now })
    .where('supporter_id', '=', supporterId)
    .where('campaign_id', '=', campaignId)
    .where('confirmed_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Whether the supporter has consents on this campaign still waiting for confirmation. */
export async function hasUnconfirmedConsents(trx: Transaction<DB>, supporterId: number, campaignId: number): Promise<boolean> {
  const row = await trx
    .selectFrom('consents')
    .select('id')
    .where('supporter_id', '=', supporterId)
    .where('campaign_id', '=', campaignId)
    .where('confirmed_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** One of a supporter's consents, with what it was about. */
export interface SupporterConsentRecord {
  readonly id: number;
  readonly scope: ConsentScope;
  readonly campaignTitle: string | null;
  readonly sectionName: string | null;
  readonly wording: string;
  readonly givenAt: string;
  readonly confirmedAt: string | null;
  readonly withdrawnAt: string | null;
}

/** A supporter's consents, oldest first, withdrawn ones included (they are part of the record). */
export async function listSupporterConsents(db: Kysely<DB>, supporterId: number): Promise<SupporterConsentRecord[]> {
  const rows = await db
    .selectFrom('consents')
    .leftJoin('campaigns', 'campaigns.id', 'consents.campaign_id')
    .leftJoin('sections', 'sections.id', 'consents.section_id')
    .select([
      'consents.id',
      'consents.scope',
      'campaigns.title as campaign_title',
      'sections.name as section_name',
      'consents.wording',
      'consents.given_at',
      'consents.confirmed_at',
      'consents.withdrawn_at',
    ])
    .where('consents.supporter_id', '=', supporterId)
    .orderBy('consents.given_at')
    .orderBy('consents.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    scope: r.scope,
    campaignTitle: r.campaign_title,
    sectionName: r.section_name,
    wording: r.wording,
    givenAt: r.given_at,
    confirmedAt: r.confirmed_at,
    withdrawnAt: r.withdrawn_at,
  }));
}

/** Withdraws one of the supporter's consents; false when it is not theirs or was already withdrawn. */
export async function withdrawConsent(db: Kysely<DB>, supporterId: number, consentId: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('consents')
    .set({ withdrawn_at: now })
    .where('id', '=', consentId)
    .where('supporter_id', '=', supporterId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Whether the consent exists and belongs to the supporter. */
export async function consentBelongsTo(db: Kysely<DB>, supporterId: number, consentId: number): Promise<boolean> {
  const row = await db.selectFrom('consents').select('id').where('id', '=', consentId).where('supporter_id', '=', supporterId).executeTakeFirst();
  return row !== undefined;
}
