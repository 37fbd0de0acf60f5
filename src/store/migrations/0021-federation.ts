import type { Kysely } from 'kysely';
import type { Dialect } from '../db/database.js';
import { withId } from './0001-foundation.js';

type AnyDb = Kysely<Record<string, never>>;

/**
 * ActivityPub (docs/decisions/0036). The site and every section are actors; their key
 * pairs are made on first use and kept here, so every node signs with the same keys.
 * Fedify's cache and idempotence records live in `federation_kv` and its delivery
 * queue in `federation_queue` (claimed with a lease, like the outbox), so nothing a
 * node holds in memory alone is lost when it stops. `federation_events` is the
 * transactional outbox of publishing: a row written in the transaction that publishes,
 * updates or withdraws an article, turned into activities by a job, so publishing never
 * waits on a remote server and no activity is lost to a crash after the commit.
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await withId(db.schema.createTable('federation_keys'), dialect)
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('federation_keys_actor').on('federation_keys').columns(['actor', 'algorithm']).unique().execute();

  await db.schema
    .createTable('federation_kv')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .execute();

  await withId(db.schema.createTable('federation_queue'), dialect)
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('federation_queue_due').on('federation_queue').columns(['not_before', 'id']).execute();

  await withId(db.schema.createTable('federation_followers'), dialect)
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('follower_uri', 'text', (c) => c.notNull())
    .addColumn('inbox', 'text', (c) => c.notNull())
    .addColumn('shared_inbox', 'text')
    .addColumn('follow_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('federation_followers_actor').on('federation_followers').columns(['actor', 'follower_uri']).unique().execute();

  await withId(db.schema.createTable('federation_following'), dialect)
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('remote_uri', 'text', (c) => c.notNull())
    .addColumn('follow_id', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('federation_following_actor').on('federation_following').columns(['actor', 'remote_uri']).unique().execute();

  await withId(db.schema.createTable('federation_events'), dialect)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('federation_events_pending').on('federation_events').columns(['done_at', 'id']).execute();

  await withId(db.schema.createTable('federation_received'), dialect)
    .addColumn('activity_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_uri', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text')
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
}
