import { sql, type Kysely } from 'kysely';
import type { Database, Dialect } from '../db/database.js';
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
];

/** A migration failed; its name is in the message. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Applies every migration not yet recorded, each in its own transaction with its record,
 * so a failure leaves the database at the last good step. Returns the names applied.
 * Kysely's Migrator is not used because it cannot hand the dialect to a migration.
 */
export async function migrate(database: Database): Promise<string[]> {
  const { db, dialect } = database;
  await db.schema
    .createTable('placard_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const raw = db as unknown as Kysely<{ placard_migrations: { name: string; applied_at: string } }>;
  const done = new Set((await raw.selectFrom('placard_migrations').select('name').execute()).map((r) => r.name));
  const unknown = [...done].filter((name) => !migrations.some((m) => m.name === name));
  if (unknown.length > 0) {
    throw new MigrationError(`the database was migrated by a newer Placard (${unknown.join(', ')}); upgrade Placard instead`);
  }
  const applied: string[] = [];
  for (const migration of migrations.filter((m) => !done.has(m.name))) {
    try {
      await raw.transaction().execute(async (trx) => {
        // PostgreSQL: two nodes starting together must not both migrate.
        if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(4242001)`.execute(trx);
        const again = await trx.selectFrom('placard_migrations').select('name').where('name', '=', migration.name).executeTakeFirst();
        if (again) return;
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
