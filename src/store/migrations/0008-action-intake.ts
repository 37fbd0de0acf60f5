import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';
import { withId } from './0001-foundation.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * The intake: every submission of the public action forms is one row here, written the
 * same way whoever sends it, and processed by a worker (docs/decisions/0007). The row
 * holds the checked form as JSON (with the supporter's address) only until it is
 * processed: processing deletes it in the same transaction. `email` is the address
 * again, lowercased, so that erasing a supporter finds rows not yet processed.
 *
 * actions.reporter_key: a keyed hash of a self-reporter's address and the campaign, so
 * "I called / I wrote myself" from one address counts once per campaign without the
 * address being kept.
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('action_intake'), dialect)
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('ip_key', 'text', (c) => c.notNull())
    .addColumn('proof_of_work', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .execute();
  await db.schema.createIndex('action_intake_ip').on('action_intake').columns(['campaign_id', 'ip_key', 'created_at']).execute();
  await db.schema.createIndex('action_intake_email').on('action_intake').column('email').execute();
  await db.schema.alterTable('actions').addColumn('reporter_key', 'text').execute();
  await db.schema.createIndex('actions_one_report').on('actions').columns(['campaign_id', 'reporter_key']).unique().execute();
}
