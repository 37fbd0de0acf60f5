import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

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
  readonly method: string;
  readonly status: string;
  readonly country: string;
  readonly letter: string | null;
  /** The name a protective letter was signed with. */
  readonly signAs: string | null;
  readonly createdAt: string;
  readonly confirmedAt: string | null;
}

/** One of a supporter's consents, with what it was about. */
export interface SupporterConsentRecord {
  readonly id: number;
  readonly scope: string;
  readonly campaignTitle: string | null;
  readonly sectionName: string | null;
  readonly wording: string;
  readonly givenAt: string;
  readonly confirmedAt: string | null;
  readonly withdrawnAt: string | null;
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
