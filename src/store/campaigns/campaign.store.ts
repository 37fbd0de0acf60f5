import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Campaign, CampaignTexts, IdentityMode, NewCampaign, NewTarget, Outcome, Target } from '../../domain/campaigns/campaign.js';
import { fromJson, toJson } from '../db/json.js';
import type { CampaignsTable, CampaignTargetsTable, CampaignTranslationsTable, DB } from '../db/schema.js';
import { indexCampaign } from '../search/search-index.store.js';

export type { NewCampaign, NewTarget };

/** A campaign's own fields as written, without its status: that changes apart (setCampaignStatus). */
export type CampaignFields = Omit<NewCampaign, 'targets' | 'status'>;

/** The campaigns columns a campaign's own fields are written to; its status is not among them. */
export function campaignColumns(campaign: CampaignFields) {
  return {
    slug: campaign.slug,
    reference: campaign.reference,
    title: campaign.title,
    summary: campaign.summary,
    identity_mode: campaign.identityMode,
    languages: toJson(campaign.languages),
    copy_to: toJson(campaign.copyTo),
    deadline: campaign.deadline,
    deadline_zone: campaign.deadline ? (campaign.deadlineZone ?? 'UTC') : null,
    section_id: campaign.sectionId,
    kind: campaign.kind ?? 'letter',
    demands: toJson(campaign.demands ?? []),
    letter_subjects: toJson(campaign.letter?.subjects ?? []),
    letter_body: campaign.letter?.body ?? '',
    petition_text: campaign.petitionText ?? '',
    call_script: campaign.callScript ?? '',
  };
}

/** The campaign_targets columns a target is written from. */
export function targetColumns(campaignId: number, t: NewTarget, position: number) {
  return {
    campaign_id: campaignId,
    position,
    name: t.name,
    title: t.title,
    organisation: t.organisation,
    country: t.country,
    email: t.email,
    phone: t.phone,
    postal_address: t.postalAddress,
    salutation: t.salutation,
    delivery_mode: t.deliveryMode,
    ...(t.pacePerHour === undefined ? {} : { pace_per_hour: t.pacePerHour }),
    ...(t.officeHours === undefined ? {} : { office_hours: t.officeHours }),
    ...(t.timeZone === undefined ? {} : { time_zone: t.timeZone }),
    ...(t.digestEvery === undefined ? {} : { digest_every: t.digestEvery }),
    ...(t.letterLanguage === undefined ? {} : { letter_language: t.letterLanguage }),
  };
}

/**
 * Makes a campaign's texts in its further languages exactly these (its first language's
 * are its own columns). Needs a transaction: texts belong with their campaign.
 */
export async function replaceTranslations(trx: Transaction<DB>, campaignId: number, translations: readonly CampaignTexts[]): Promise<void> {
  await trx.deleteFrom('campaign_translations').where('campaign_id', '=', campaignId).execute();
  if (translations.length === 0) return;
  await trx
    .insertInto('campaign_translations')
    .values(
      translations.map((t) => ({
        campaign_id: campaignId,
        language: t.language,
        title: t.title,
        summary: t.summary,
        demands: toJson(t.demands),
        letter_subjects: toJson(t.letter.subjects),
        letter_body: t.letter.body,
        petition_text: t.petitionText,
        call_script: t.callScript,
      })),
    )
    .execute();
}

function toTexts(row: Selectable<CampaignTranslationsTable>): CampaignTexts {
  return {
    language: row.language,
    title: row.title,
    summary: row.summary,
    demands: fromJson(row.demands),
    letter: { subjects: fromJson(row.letter_subjects), body: row.letter_body },
    petitionText: row.petition_text,
    callScript: row.call_script,
  };
}

/** Writes a campaign and its targets. Needs a transaction: targets belong with their campaign. */
export async function insertCampaign(trx: Transaction<DB>, campaign: NewCampaign, now: string): Promise<number> {
  const { id } = await trx
    .insertInto('campaigns')
    .values({ ...campaignColumns(campaign), status: campaign.status, created_at: now, modified_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const targets = campaign.targets.map((t, position) => targetColumns(id, t, position));
  if (targets.length > 0) await trx.insertInto('campaign_targets').values(targets).execute();
  await replaceTranslations(trx, id, campaign.translations ?? []);
  await indexCampaign(trx, id);
  return id;
}

/**
 * A target row as the domain sees it. Its letter language is one of the campaign's
 * languages: a stored one the campaign no longer has, or none, is the first language.
 */
export function toTarget(t: Selectable<CampaignTargetsTable>, languages: readonly string[] = []): Target {
  const first = languages[0] ?? 'en';
  return {
    id: t.id,
    name: t.name,
    title: t.title,
    organisation: t.organisation,
    country: t.country,
    email: t.email,
    phone: t.phone,
    postalAddress: t.postal_address,
    salutation: t.salutation,
    deliveryMode: t.delivery_mode,
    pacePerHour: t.pace_per_hour,
    officeHours: t.office_hours,
    timeZone: t.time_zone,
    digestEvery: t.digest_every,
    letterLanguage: t.letter_language !== null && languages.includes(t.letter_language) ? t.letter_language : first,
  };
}

function toCampaign(
  row: Selectable<CampaignsTable>,
  targets: readonly Selectable<CampaignTargetsTable>[],
  translations: readonly Selectable<CampaignTranslationsTable>[],
): Campaign {
  const languages = fromJson(row.languages);
  // Texts of a language the campaign no longer lists stay stored but are not shown.
  const texts = languages.slice(1).flatMap((language) => translations.filter((t) => t.language === language).map(toTexts));
  return {
    id: row.id,
    slug: row.slug,
    reference: row.reference,
    title: row.title,
    summary: row.summary,
    status: row.status,
    identityMode: row.identity_mode,
    copyTo: fromJson(row.copy_to),
    deadline: row.deadline,
    deadlineZone: row.deadline_zone,
    kind: row.kind,
    demands: fromJson(row.demands),
    letter: { subjects: fromJson(row.letter_subjects), body: row.letter_body },
    petitionText: row.petition_text,
    callScript: row.call_script,
    languages,
    translations: texts,
    sectionId: row.section_id,
    deliveryPaused: row.delivery_paused === 1,
    closedAt: row.closed_at,
    targets: targets.map((t) => toTarget(t, languages)),
  };
}

/** A campaign's identity mode, or undefined for an unknown campaign: all the public counter needs to know of it. */
export async function findIdentityMode(db: Kysely<DB>, id: number): Promise<IdentityMode | undefined> {
  const row = await db.selectFrom('campaigns').select('identity_mode').where('id', '=', id).executeTakeFirst();
  return row?.identity_mode;
}

/** A campaign with its targets, or undefined. */
export async function findCampaign(db: Kysely<DB>, id: number): Promise<Campaign | undefined> {
  const row = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return withParts(db, row);
}

async function withParts(db: Kysely<DB>, row: Selectable<CampaignsTable>): Promise<Campaign> {
  const targets = await db.selectFrom('campaign_targets').selectAll().where('campaign_id', '=', row.id).orderBy('position').execute();
  const translations = await db.selectFrom('campaign_translations').selectAll().where('campaign_id', '=', row.id).orderBy('id').execute();
  return toCampaign(row, targets, translations);
}

/** A campaign by its public address, with its targets, or undefined. */
export async function findCampaignBySlug(db: Kysely<DB>, slug: string): Promise<Campaign | undefined> {
  const row = await db.selectFrom('campaigns').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!row) return undefined;
  return withParts(db, row);
}

/** A campaign's dated outcome updates, newest first. */
export async function listOutcomes(db: Kysely<DB>, campaignId: number): Promise<Outcome[]> {
  const rows = await db
    .selectFrom('campaign_outcomes')
    .select(['id', 'occurred_on', 'title', 'body'])
    .where('campaign_id', '=', campaignId)
    .orderBy('occurred_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, occurredOn: r.occurred_on, title: r.title, body: r.body }));
}
