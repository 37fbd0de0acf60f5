import type { Kysely } from 'kysely';
import { withLock } from '../db/cluster-lock.js';
import type { Database, Dialect } from '../db/database.js';
import type { DB } from '../db/schema.js';
import * as foundation from './0001-foundation.js';
import * as newsroom from './0002-newsroom.js';
import * as accountsAdmin from './0003-accounts-admin.js';
import * as oldSlugs from './0004-old-slugs.js';
import * as urgentActions from './0005-urgent-actions.js';
import * as actionLookups from './0006-action-lookups.js';
import * as protectiveSigning from './0007-protective-signing.js';
import * as actionIntake from './0008-action-intake.js';
import * as signInAttempts from './0009-sign-in-attempts.js';
import * as sectionProfiles from './0010-section-profiles.js';
import * as actionLanguage from './0011-action-language.js';
import * as staffLanguage from './0012-staff-language.js';
import * as articleTranslations from './0013-article-translations.js';
import * as campaignLanguages from './0014-campaign-languages.js';
import * as zonedDeadlines from './0015-zoned-deadlines.js';
import * as fullTextSearch from './0016-full-text-search.js';
import * as searchSpeed from './0017-search-speed.js';
import * as imports from './0018-imports.js';
import * as sharedRateLimits from './0020-shared-rate-limits.js';
import * as federation from './0021-federation.js';
import * as syndication from './0023-syndication.js';

interface Migration {
  readonly name: string;
  up(db: Kysely<Record<string, never>>, dialect: Dialect): Promise<void>;
}

/** Forward-only migrations, in order. A new one is appended; none is ever edited or removed. */
export const migrations: readonly Migration[] = [
  { name: '0001-foundation', up: foundation.up },
  { name: '0002-newsroom', up: newsroom.up },
  { name: '0003-accounts-admin', up: accountsAdmin.up },
  { name: '0004-old-slugs', up: oldSlugs.up },
  { name: '0005-urgent-actions', up: urgentActions.up },
  { name: '0006-action-lookups', up: actionLookups.up },
  { name: '0007-protective-signing', up: protectiveSigning.up },
  { name: '0008-action-intake', up: actionIntake.up },
  { name: '0009-sign-in-attempts', up: signInAttempts.up },
  { name: '0010-section-profiles', up: sectionProfiles.up },
  { name: '0011-action-language', up: actionLanguage.up },
  { name: '0012-staff-language', up: staffLanguage.up },
  { name: '0013-article-translations', up: articleTranslations.up },
  { name: '0014-campaign-languages', up: campaignLanguages.up },
  { name: '0015-zoned-deadlines', up: zonedDeadlines.up },
  { name: '0016-full-text-search', up: fullTextSearch.up },
  { name: '0017-search-speed', up: searchSpeed.up },
  { name: '0018-imports', up: imports.up },
  { name: '0020-shared-rate-limits', up: sharedRateLimits.up },
  { name: '0021-federation', up: federation.up },
  { name: '0023-syndication', up: syndication.up },
];

/** A migration failed; its name is in the message. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** The advisory lock every node's migrate takes (store/db/cluster-lock.ts). */
export const MIGRATION_LOCK = 'migrate';

type MigrationsDb = Kysely<{ placard_migrations: { name: string; applied_at: string } }>;

/**
 * Applies every migration not yet recorded, each in its own transaction with its record,
 * so a failure leaves the database at the last good step. Returns the names applied.
 * On PostgreSQL the whole of it runs under one advisory lock on a connection of its own,
 * so nodes starting at the same moment migrate one after the other: the first applies
 * everything, the others wait for it and find nothing left to do (creating the record
 * table included, which two servers could otherwise race on).
 * Kysely's Migrator is not used because it cannot hand the dialect to a migration.
 * `until` stops after that migration: a restore fills the schema its archive was made
 * at, then the later migrations convert the rows as they would have on the source.
 */
export async function migrate(database: Database, options: { until?: string } = {}): Promise<string[]> {
  const { dialect } = database;
  return withLock(database.db, dialect, MIGRATION_LOCK, (connection) => migrateHolding(connection, dialect, options));
}

async function migrateHolding(db: Kysely<DB>, dialect: Dialect, options: { until?: string }): Promise<string[]> {
  await db.schema
    .createTable('placard_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const raw = db as unknown as MigrationsDb;
  const done = new Set((await raw.selectFrom('placard_migrations').select('name').execute()).map((r) => r.name));
  const unknown = [...done].filter((name) => !migrations.some((m) => m.name === name));
  if (unknown.length > 0) {
    throw new MigrationError(`the database was migrated by a newer Placard (${unknown.join(', ')}); upgrade Placard instead`);
  }
  const applied: string[] = [];
  const last = options.until === undefined ? migrations.length : migrations.findIndex((m) => m.name === options.until) + 1;
  for (const migration of migrations.slice(0, last).filter((m) => !done.has(m.name))) {
    try {
      await raw.transaction().execute(async (trx) => {
        await migration.up(trx as unknown as Kysely<Record<string, never>>, dialect);
        await trx.insertInto('placard_migrations').values({ name: migration.name, applied_at: new Date().toISOString() }).execute();
        applied.push(migration.name);
      });
    } catch (error) {
      throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`);
    }
  }
  return applied;
}

/**
 * The migrations this Placard knows that the database has not recorded: none when it is
 * current. Throws when the database cannot be read (unreachable, or never migrated).
 * A node answers `/ready` with 503 until this is empty.
 */
export async function pendingMigrations(db: Kysely<DB>): Promise<string[]> {
  const raw = db as unknown as MigrationsDb;
  const done = new Set((await raw.selectFrom('placard_migrations').select('name').execute()).map((r) => r.name));
  return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
}
