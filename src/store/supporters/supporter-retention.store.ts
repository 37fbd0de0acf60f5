import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

/** Closed campaigns whose retention has run out (closed at or before `cutoff`) and whose data is not erased yet. */
export async function campaignsPastRetention(db: Kysely<DB>, cutoff: string): Promise<number[]> {
  const rows = await db
    .selectFrom('campaigns')
    .select('id')
    .where('status', '=', 'closed')
    .where('closed_at', 'is not', null)
    .where('closed_at', '<=', cutoff)
    .where('data_erased_at', 'is', null)
    .orderBy('closed_at')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The campaign's participants whose data may go: not erased yet, with no confirmed and
 * not withdrawn consent to any follow-up (a campaign's updates or a section's news), and
 * no action on a campaign still in its retention window (open, or closed after `cutoff`).
 */
export async function participantsToErase(trx: Transaction<DB>, campaignId: number, cutoff: string): Promise<number[]> {
  const rows = await trx
    .selectFrom('supporters')
    .select('supporters.id')
    .where('supporters.erased_at', 'is', null)
    .where((eb) =>
      eb.and([
        eb.exists(
          eb.selectFrom('actions').select('actions.id').whereRef('actions.supporter_id', '=', 'supporters.id').where('actions.campaign_id', '=', campaignId),
        ),
        eb.not(
          eb.exists(
            eb
              .selectFrom('consents')
              .select('consents.id')
              .whereRef('consents.supporter_id', '=', 'supporters.id')
              .where('consents.confirmed_at', 'is not', null)
              .where('consents.withdrawn_at', 'is', null),
          ),
        ),
        eb.not(
          eb.exists(
            eb
              .selectFrom('actions')
              .innerJoin('campaigns', 'campaigns.id', 'actions.campaign_id')
              .select('actions.id')
              .whereRef('actions.supporter_id', '=', 'supporters.id')
              .where('campaigns.id', '!=', campaignId)
              .where((inner) =>
                inner.or([inner('campaigns.status', '!=', 'closed'), inner('campaigns.closed_at', 'is', null), inner('campaigns.closed_at', '>', cutoff)]),
              ),
          ),
        ),
      ]),
    )
    .orderBy('supporters.id')
    .execute();
  return rows.map((r) => r.id);
}
