import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';
import { withId } from './0001-foundation.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * Urgent actions and petitions: the campaign's letter and demands, targets' pacing,
 * outcomes, supporters and their consents, actions, and the outbox that delivers mail.
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await extendCampaigns(db);
  await createSupporterTables(db, dialect);
  await createActionTables(db, dialect);
  await createOutboxTables(db, dialect);
}

async function extendCampaigns(db: AnyDb): Promise<void> {
  const campaignColumns: [string, 'text' | 'integer', string | number | null][] = [
    ['kind', 'text', 'letter'],
    ['demands', 'text', '[]'],
    ['letter_subjects', 'text', '[]'],
    ['letter_body', 'text', ''],
    ['petition_text', 'text', ''],
    ['call_script', 'text', ''],
    ['delivery_paused', 'integer', 0],
    ['closed_at', 'text', null],
    ['data_erased_at', 'text', null],
  ];
  for (const [name, type, fallback] of campaignColumns) {
    await db.schema
      .alterTable('campaigns')
      .addColumn(name, type, (c) => (fallback === null ? c : c.notNull().defaultTo(fallback)))
      .execute();
  }
  const targetColumns: [string, 'text' | 'integer', string | number | null][] = [
    ['pace_per_hour', 'integer', 30],
    ['office_hours', 'text', '09:00-17:00'],
    ['time_zone', 'text', 'UTC'],
    ['digest_every', 'integer', null],
    ['next_slot_at', 'text', null],
  ];
  for (const [name, type, fallback] of targetColumns) {
    await db.schema
      .alterTable('campaign_targets')
      .addColumn(name, type, (c) => (fallback === null ? c : c.notNull().defaultTo(fallback)))
      .execute();
  }
}

async function createSupporterTables(db: AnyDb, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('campaign_outcomes'), dialect)
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .execute();

  // One row per email address. Erasure nulls email, name and city and keeps the row,
  // so that actions (and the counts made of them) survive.
  await withId(db.schema.createTable('supporters'), dialect)
    .addColumn('email', 'text', (c) => c.unique())
    .addColumn('name', 'text')
    .addColumn('city', 'text')
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('data_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'text')
    .execute();

  // A consent is recorded with the exact wording shown and takes effect once the
  // address is confirmed (double opt-in).
  await withId(db.schema.createTable('consents'), dialect)
    .addColumn('supporter_id', 'integer', (c) => c.notNull().references('supporters.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id').onDelete('cascade'))
    .addColumn('section_id', 'integer', (c) => c.references('sections.id'))
    .addColumn('wording', 'text', (c) => c.notNull())
    .addColumn('given_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .execute();
  await db.schema.createIndex('consents_supporter').on('consents').columns(['supporter_id', 'scope']).execute();
  await db.schema.createIndex('consents_campaign').on('consents').columns(['campaign_id', 'scope']).execute();
}

async function createActionTables(db: AnyDb, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('actions'), dialect)
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('supporter_id', 'integer', (c) => c.references('supporters.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('letter', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('confirm_token_hash', 'text', (c) => c.unique())
    .addColumn('ip_key', 'text')
    .addColumn('proof_of_work', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('held_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('expires_at', 'text')
    .execute();
  // A supporter sends one letter (or signs once) per campaign, however often they submit.
  await db.schema
    .createIndex('actions_one_per_supporter')
    .on('actions')
    .columns(['campaign_id', 'supporter_id', 'method'])
    .unique()
    .where(sql.ref('method'), 'in', ['placard', 'signature'])
    .execute();
  await db.schema.createIndex('actions_counts').on('actions').columns(['campaign_id', 'status', 'method', 'country']).execute();
  await db.schema.createIndex('actions_rate').on('actions').columns(['campaign_id', 'ip_key', 'created_at']).execute();
  await db.schema.createIndex('actions_day').on('actions').columns(['campaign_id', 'confirmed_at']).execute();
  await db.schema.createIndex('actions_expiry').on('actions').columns(['status', 'expires_at']).execute();
}

async function createOutboxTables(db: AnyDb, dialect: Dialect): Promise<void> {
  // The transactional outbox: every email Placard sends is a row here, written in the
  // same transaction as whatever caused it, and claimed by a worker with a lease.
  await withId(db.schema.createTable('outbox'), dialect)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'integer', (c) => c.references('campaigns.id').onDelete('cascade'))
    .addColumn('target_id', 'integer', (c) => c.references('campaign_targets.id').onDelete('cascade'))
    .addColumn('action_id', 'integer', (c) => c.references('actions.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('recipient', 'text')
    .addColumn('cc', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('from_name', 'text')
    .addColumn('reply_to', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'not_before']).execute();
  await db.schema.createIndex('outbox_campaign').on('outbox').columns(['campaign_id', 'target_id', 'status']).execute();
  // One letter per action and target: a retried confirmation cannot queue a second.
  await db.schema
    .createIndex('outbox_one_letter')
    .on('outbox')
    .columns(['action_id', 'target_id', 'kind'])
    .unique()
    .where(sql.ref('kind'), '=', 'letter')
    .execute();

  // Actions waiting to go out in a digest to a target (or, with no target, in the daily
  // copy to the organisation); outbox_id is set when the digest is written.
  await withId(db.schema.createTable('digest_entries'), dialect)
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('target_id', 'integer', (c) => c.references('campaign_targets.id').onDelete('cascade'))
    .addColumn('action_id', 'integer', (c) => c.notNull().references('actions.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'integer', (c) => c.references('outbox.id'))
    .execute();
  await db.schema.createIndex('digest_entries_pending').on('digest_entries').columns(['campaign_id', 'target_id', 'outbox_id']).execute();
  await db.schema.createIndex('digest_entries_action').on('digest_entries').columns(['action_id']).execute();
}
