import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Campaign, IdentityMode, NewCampaign, NewTarget, Outcome, Target } from '../../domain/campaigns/campaign.js';
import { fromJson, toJson } from '../db/json.js';
import type { CampaignsTable, CampaignTargetsTable, DB } from '../db/schema.js';

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
  return id;
}

/** A target row as the domain sees it. */
export function toTarget(t: Selectable<CampaignTargetsTable>): Target {
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
  };
}

function toCampaign(row: Selectable<CampaignsTable>, targets: readonly Selectable<CampaignTargetsTable>[]): Campaign {
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
    kind: row.kind,
    demands: fromJson(row.demands),
    letter: { subjects: fromJson(row.letter_subjects), body: row.letter_body },
    petitionText: row.petition_text,
    callScript: row.call_script,
    languages: fromJson(row.languages),
    sectionId: row.section_id,
    deliveryPaused: row.delivery_paused === 1,
    closedAt: row.closed_at,
    targets: targets.map(toTarget),
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
  const targets = await db.selectFrom('campaign_targets').selectAll().where('campaign_id', '=', id).orderBy('position').execute();
  return toCampaign(row, targets);
}

/** A campaign by its public address, with its targets, or undefined. */
export async function findCampaignBySlug(db: Kysely<DB>, slug: string): Promise<Campaign | undefined> {
  const row = await db.selectFrom('campaigns').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!row) return undefined;
  const targets = await db.selectFrom('campaign_targets').selectAll().where('campaign_id', '=', row.id).orderBy('position').execute();
  return toCampaign(row, targets);
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
