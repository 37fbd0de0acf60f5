import type { Kysely, Transaction } from 'kysely';
import type { Campaign, CampaignStatus, DeliveryMode, IdentityMode, Target } from '../../domain/campaigns/campaign.js';
import type { DB } from '../db/schema.js';

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
  readonly targets: readonly Omit<Target, 'id'>[];
}

/** Writes a campaign and its targets. Needs a transaction: targets belong with their campaign. */
export async function insertCampaign(trx: Transaction<DB>, campaign: NewCampaign, now: string): Promise<number> {
  const { id } = await trx
    .insertInto('campaigns')
    .values({
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
      created_at: now,
      modified_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const targets = campaign.targets.map((t, position) => ({
    campaign_id: id,
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
  }));
  if (targets.length > 0) await trx.insertInto('campaign_targets').values(targets).execute();
  return id;
}

/** A campaign with its targets, or undefined. */
export async function findCampaign(db: Kysely<DB>, id: number): Promise<Campaign | undefined> {
  const row = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const targets = await db.selectFrom('campaign_targets').selectAll().where('campaign_id', '=', id).orderBy('position').execute();
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
    targets: targets.map((t) => ({
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
    })),
  };
}
