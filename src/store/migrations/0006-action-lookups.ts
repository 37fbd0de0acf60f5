import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Indexes for the lookups every submission makes, so that its cost stays the same
 * whether a campaign has ten actions or a million: a supporter's action on a campaign
 * (the partial unique index cannot answer `method = ?` with a parameter), a supporter's
 * consents on a campaign, and an action's emails in the outbox (also what deleting an
 * expired action cascades through).
 */
export async function up(db: AnyDb, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex('actions_supporter').on('actions').columns(['supporter_id', 'campaign_id', 'method']).execute();
  await db.schema.createIndex('consents_supporter_campaign').on('consents').columns(['supporter_id', 'campaign_id']).execute();
  await db.schema.createIndex('outbox_action').on('outbox').columns(['action_id', 'kind']).execute();
}
