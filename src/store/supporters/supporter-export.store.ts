import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** A supporter who may be contacted about a campaign, with since when for each kind of follow-up. */
export interface ConsentingSupporter {
  readonly name: string | null;
  readonly email: string | null;
  readonly city: string | null;
  readonly country: string;
  /** When the consent to this campaign's updates was confirmed, or null. */
  readonly campaignUpdatesSince: string | null;
  /** When the consent to the section's news was confirmed, or null. */
  readonly sectionNewsSince: string | null;
}

/** A confirmed signature as it is handed in; name and city are null once the signer erased their data. */
export interface Signature {
  readonly name: string | null;
  readonly city: string | null;
  readonly country: string;
  readonly confirmedAt: string | null;
  readonly erased: boolean;
}

type Campaign = { readonly id: number; readonly sectionId: number | null };

/**
 * Consents that allow contact about this campaign: confirmed, not withdrawn, of a
 * supporter not erased, and either this campaign's updates or the section's news (given
 * on this campaign's form, or for the campaign's section by someone who acted on it).
 */
function consentsFor(campaign: Campaign) {
  return (eb: ExpressionBuilder<DB, 'consents' | 'supporters'>) =>
    eb.and([
      eb('consents.confirmed_at', 'is not', null),
      eb('consents.withdrawn_at', 'is', null),
      eb('supporters.erased_at', 'is', null),
      eb.or([
        eb.and([eb('consents.scope', '=', 'campaign_updates'), eb('consents.campaign_id', '=', campaign.id)]),
        eb.and([
          eb('consents.scope', '=', 'section_news'),
          eb.or([
            eb('consents.campaign_id', '=', campaign.id),
            ...(campaign.sectionId === null
              ? []
              : [
                  eb.and([
                    eb('consents.section_id', '=', campaign.sectionId),
                    eb.exists(
                      eb
                        .selectFrom('actions')
                        .select('actions.id')
                        .whereRef('actions.supporter_id', '=', 'supporters.id')
                        .where('actions.campaign_id', '=', campaign.id),
                    ),
                  ]),
                ]),
          ]),
        ]),
      ]),
    ]);
}

/** Supporters who consented to follow-up on this campaign, in the order they first did. */
export async function listConsentingSupporters(db: Kysely<DB>, campaign: Campaign): Promise<ConsentingSupporter[]> {
  const rows = await db
    .selectFrom('consents')
    .innerJoin('supporters', 'supporters.id', 'consents.supporter_id')
    .select(['supporters.id', 'supporters.name', 'supporters.email', 'supporters.city', 'supporters.country', 'consents.scope', 'consents.confirmed_at'])
    .where(consentsFor(campaign))
    .orderBy('consents.confirmed_at')
    .orderBy('consents.id')
    .execute();
  const bySupporter = new Map<number, { -readonly [K in keyof ConsentingSupporter]: ConsentingSupporter[K] }>();
  for (const row of rows) {
    const entry = bySupporter.get(row.id) ?? {
      name: row.name,
      email: row.email,
      city: row.city,
      country: row.country,
      campaignUpdatesSince: null,
      sectionNewsSince: null,
    };
    if (row.scope === 'campaign_updates') entry.campaignUpdatesSince ??= row.confirmed_at;
    else entry.sectionNewsSince ??= row.confirmed_at;
    bySupporter.set(row.id, entry);
  }
  return [...bySupporter.values()];
}

/** How many supporters {@link listConsentingSupporters} would list. */
export async function countConsentingSupporters(db: Kysely<DB>, campaign: Campaign): Promise<number> {
  const row = await db
    .selectFrom('consents')
    .innerJoin('supporters', 'supporters.id', 'consents.supporter_id')
    .select((eb) => eb.fn.count<number | string>('supporters.id').distinct().as('n'))
    .where(consentsFor(campaign))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A petition's confirmed signatures, in the order they were confirmed. */
export async function listSignatures(db: Kysely<DB>, campaignId: number): Promise<Signature[]> {
  const rows = await db
    .selectFrom('actions')
    .leftJoin('supporters', 'supporters.id', 'actions.supporter_id')
    .select(['supporters.name', 'supporters.city', 'actions.country', 'actions.confirmed_at', 'supporters.erased_at'])
    .where('actions.campaign_id', '=', campaignId)
    .where('actions.method', '=', 'signature')
    .where('actions.status', '=', 'confirmed')
    .orderBy('actions.confirmed_at')
    .orderBy('actions.id')
    .execute();
  return rows.map((r) => ({
    name: r.erased_at ? null : r.name,
    city: r.erased_at ? null : r.city,
    country: r.country,
    confirmedAt: r.confirmed_at,
    erased: r.erased_at !== null || r.name === null,
  }));
}

/** How many confirmed signatures a petition has. */
export async function countSignatures(db: Kysely<DB>, campaignId: number): Promise<number> {
  const row = await db
    .selectFrom('actions')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('method', '=', 'signature')
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
