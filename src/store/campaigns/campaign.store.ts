import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Campaign, CampaignKind, CampaignStatus, DeliveryMode, IdentityMode, Outcome, Target } from '../../domain/campaigns/campaign.js';
import type { CampaignsTable, CampaignTargetsTable, DB } from '../db/schema.js';

/** A campaign to create, with its targets in the order supporters see them. */
export interface NewCampaign {
  readonly slug: string;
  readonly reference: string | null;
  readonly title: string;
  readonly summary: string;
  readonly status: CampaignStatus;
  readonly identityMode: IdentityMode;
  readonly languages: readonly string[];
  readonly copyTo: readonly string[];
  readonly deadline: string | null;
  readonly sectionId: number | null;
  readonly kind?: CampaignKind;
  readonly demands?: readonly string[];
  readonly letter?: { readonly subjects: readonly string[]; readonly body: string };
  readonly petitionText?: string;
  readonly callScript?: string;
  readonly targets: readonly NewTarget[];
}

/** A target to create; pacing falls back to the table's defaults (30 an hour, 09:00–17:00 UTC, daily digest). */
export type NewTarget = Omit<Target, 'id' | 'pacePerHour' | 'officeHours' | 'timeZone' | 'digestEvery'> &
  Partial<Pick<Target, 'pacePerHour' | 'officeHours' | 'timeZone' | 'digestEvery'>>;

/** The campaigns columns a campaign is written from. */
export function campaignColumns(campaign: Omit<NewCampaign, 'targets'>) {
  return {
    slug: campaign.slug,
    reference: campaign.reference,
    title: campaign.title,
    summary: campaign.summary,
    status: campaign.status,
    identity_mode: campaign.identityMode,
    languages: JSON.stringify(campaign.languages),
    copy_to: JSON.stringify(campaign.copyTo),
    deadline: campaign.deadline,
    section_id: campaign.sectionId,
    kind: campaign.kind ?? 'letter',
    demands: JSON.stringify(campaign.demands ?? []),
    letter_subjects: JSON.stringify(campaign.letter?.subjects ?? []),
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
    .values({ ...campaignColumns(campaign), created_at: now, modified_at: now })
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
    deliveryMode: t.delivery_mode as DeliveryMode,
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
    status: row.status as CampaignStatus,
    identityMode: row.identity_mode as IdentityMode,
    copyTo: JSON.parse(row.copy_to) as string[],
    deadline: row.deadline,
    kind: row.kind as CampaignKind,
    demands: JSON.parse(row.demands) as string[],
    letter: { subjects: JSON.parse(row.letter_subjects) as string[], body: row.letter_body },
    petitionText: row.petition_text,
    callScript: row.call_script,
    languages: JSON.parse(row.languages) as string[],
    sectionId: row.section_id,
    deliveryPaused: row.delivery_paused === 1,
    closedAt: row.closed_at,
    targets: targets.map(toTarget),
  };
}

/** A campaign's identity mode, or undefined for an unknown campaign: all the public counter needs to know of it. */
export async function findIdentityMode(db: Kysely<DB>, id: number): Promise<IdentityMode | undefined> {
  const row = await db.selectFrom('campaigns').select('identity_mode').where('id', '=', id).executeTakeFirst();
  return row ? (row.identity_mode as IdentityMode) : undefined;
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
