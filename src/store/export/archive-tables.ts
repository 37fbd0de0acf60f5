import type { DB } from '../db/schema.js';

/*
 * What a site archive (docs/decisions/0032-export-and-restore.md) does with each table.
 * Every table of `DB` is named here, so a table added by a migration cannot be forgotten:
 * the type `Record<keyof DB, …>` refuses to compile without it, and
 * test/unit/archive-tables.test.ts reads schema.ts to check the same.
 */

/**
 * - `site`: the site itself, exported whole;
 * - `secret-columns`: exported, with the columns or rows named in `secret` left out
 *   unless the operator asks for secrets (`--with-secrets`);
 * - `personal`: supporters' personal data, exported only with `--with-supporters`
 *   (actions: otherwise their counted rows, anonymised, so public counts stay right);
 * - `runtime`: sessions, throttles, tokens and the search index: never exported,
 *   rebuilt or started afresh.
 */
export type TableClass = 'site' | 'secret-columns' | 'personal' | 'runtime';

/** How one table is exported and restored. */
export interface TableSpec {
  readonly class: TableClass;
  /** The primary key (or, for a table without one, a unique order): rows are written in this order. */
  readonly key: readonly string[];
  /** Key columns that hold text: ordered byte-wise on both databases. */
  readonly textKey?: readonly string[];
  /** `secret-columns`: the columns emptied without `--with-secrets`, and the value each gets. */
  readonly secret?: Readonly<Record<string, string | number | null>>;
  /** `secret-columns`: rows whose `key` column holds one of these are left out without secrets. */
  readonly secretRows?: readonly string[];
}

/**
 * Every table, in the order rows are inserted on restore: a table comes after every table
 * its foreign keys point to.
 */
export const ARCHIVE_TABLES: Readonly<Record<keyof DB, TableSpec>> = {
  sections: { class: 'site', key: ['id'] },
  contributors: { class: 'site', key: ['id'] },
  publications: { class: 'site', key: ['id'] },
  topics: { class: 'site', key: ['id'] },
  users: {
    class: 'secret-columns',
    key: ['id'],
    secret: { password_hash: null, totp_secret: null, totp_enabled_at: null, recovery_codes: '[]', totp_last_step: null },
  },
  user_sections: { class: 'site', key: ['user_id', 'section_id'] },
  media: { class: 'site', key: ['id'] },
  media_variants: { class: 'site', key: ['media_id', 'width', 'format', 'path'], textKey: ['format', 'path'] },
  campaigns: { class: 'site', key: ['id'] },
  campaign_targets: { class: 'site', key: ['id'] },
  campaign_translations: { class: 'site', key: ['id'] },
  campaign_outcomes: { class: 'site', key: ['id'] },
  articles: { class: 'site', key: ['id'] },
  article_contributors: { class: 'site', key: ['article_id', 'position'] },
  article_countries: { class: 'site', key: ['article_id', 'position'] },
  article_topics: { class: 'site', key: ['article_id', 'position'] },
  article_sections: { class: 'site', key: ['article_id', 'position'] },
  article_updates: { class: 'site', key: ['id'] },
  translation_groups: { class: 'site', key: ['id'], textKey: ['id'] },
  article_revisions: { class: 'site', key: ['id'] },
  article_old_slugs: { class: 'site', key: ['slug'], textKey: ['slug'] },
  imported_items: { class: 'site', key: ['source', 'item_key'], textKey: ['source', 'item_key'] },
  imported_media: { class: 'site', key: ['source', 'file'], textKey: ['source', 'file'] },
  old_addresses: { class: 'site', key: ['address'], textKey: ['address'] },
  // Who follows the site and its sections on the fediverse, and whom the site follows: the
  // audience moves with the site. The actors' keys are made afresh on the new installation
  // (remote servers fetch an actor's key again when a signature does not verify), and what
  // was queued or received is the old installation's work.
  federation_followers: { class: 'site', key: ['id'] },
  federation_following: { class: 'site', key: ['id'] },
  federation_received: { class: 'personal', key: ['id'] },
  federation_keys: { class: 'runtime', key: ['id'] },
  federation_kv: { class: 'runtime', key: ['key'], textKey: ['key'] },
  federation_queue: { class: 'runtime', key: ['id'] },
  federation_events: { class: 'runtime', key: ['id'] },
  // The sources the site republishes from, their rules, and what they sent with the local
  // copies made of it: a restored site never republishes an article a second time.
  syndication_sources: { class: 'site', key: ['id'] },
  syndicated_items: { class: 'site', key: ['id'] },
  events: { class: 'site', key: ['id'] },
  audit_log: { class: 'site', key: ['id'] },
  // The installation's secret keys the supporters' data links and the address HMACs.
  settings: { class: 'secret-columns', key: ['key'], textKey: ['key'], secretRows: ['server_secret'] },
  supporters: { class: 'personal', key: ['id'] },
  consents: { class: 'personal', key: ['id'] },
  actions: { class: 'personal', key: ['id'] },
  action_intake: { class: 'personal', key: ['id'] },
  outbox: { class: 'personal', key: ['id'] },
  digest_entries: { class: 'personal', key: ['id'] },
  sessions: { class: 'runtime', key: ['token_hash'] },
  account_tokens: { class: 'runtime', key: ['token_hash'] },
  sign_in_attempts: { class: 'runtime', key: ['id'] },
  preview_links: { class: 'runtime', key: ['token_hash'] },
  search_documents: { class: 'runtime', key: ['id'] },
  rate_limit_windows: { class: 'runtime', key: ['key'], textKey: ['key'] },
};

/** A table's name, as the archive and the database call it. */
export type TableName = keyof DB;

/** The tables in restore order. */
export const TABLE_ORDER: readonly TableName[] = Object.keys(ARCHIVE_TABLES) as TableName[];

/**
 * The columns of `actions` that say who acted; emptied when supporters are not exported,
 * leaving what the public counts are made of (campaign, method, country, status, times).
 */
export const ACTION_PERSONAL_COLUMNS: Readonly<Record<string, null>> = {
  supporter_id: null,
  letter: null,
  sign_as: null,
  idempotency_key: null,
  confirm_token_hash: null,
  ip_key: null,
  reporter_key: null,
  held_reason: null,
};
