import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { ConsentScope } from '../../domain/campaigns/action.js';
import type { DB } from '../db/schema.js';

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
