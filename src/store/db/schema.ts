import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../../domain/accounts/staff.js';
import type { ArticleStatus, ArticleType } from '../../domain/articles/article.js';
import type { ArticleSnapshot } from '../../domain/articles/revision-diff.js';
import type { ActionInput, ActionMethod, ActionStatus, ConsentScope, IntakeForm } from '../../domain/campaigns/action.js';
import type { CampaignKind, CampaignStatus, DeliveryMode, IdentityMode } from '../../domain/campaigns/campaign.js';
import type { OutboxKind, OutboxStatus } from '../../domain/outbox/outbox.js';
import type { Json } from './json.js';

/*
 * Row types of Placard's tables. Times are ISO 8601 UTC strings ("2012-08-27T00:00:00.000Z")
 * on both databases so that rows compare, sort and serialise the same way everywhere
 * (docs/decisions/0002-times-as-iso-text.md). Booleans are 0/1 integers for the same reason.
 *
 * A column that holds one of a fixed set of values is typed with the domain's union, and a
 * JSON column with what its text holds (Json<T>, store/db/json.ts), so the mappers read
 * rows without casts. The database does not check either: only the store writes these
 * columns, and its writes are typed.
 */

export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  short_label: string;
  country: string;
  /** BCP 47 tags. */
  languages: Json<readonly string[]>;
  website: string | null;
  /** ISO 3166-1 codes, the primary (`country`) first. */
  countries: Json<readonly string[]>;
  /** IANA name ("Asia/Almaty"). */
  time_zone: string | null;
  logo_media_id: number | null;
  description: string | null;
  contact_email: string | null;
  /** When it was retired; null while active. */
  retired_at: string | null;
}

export interface ContributorsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  sort_key: string;
  bio: string | null;
  section_id: number | null;
}

export interface PublicationsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  url: string | null;
  section_id: number | null;
}

export interface TopicsTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

/** An item of another system's archive and the article it became (migration 0018). */
export interface ImportedItemsTable {
  source: string;
  item_key: string;
  article_id: number;
  content_hash: string;
  imported_at: string;
}

/** A file of another system's uploads and the media item it became. */
export interface ImportedMediaTable {
  source: string;
  file: string;
  media_id: number;
}

/** An address an imported article had on the old site, answered with a redirect. */
export interface OldAddressesTable {
  address: string;
  article_id: number;
  source: string;
  created_at: string;
}

export interface MediaTable {
  id: Generated<number>;
  path: string;
  mime: string;
  width: number | null;
  height: number | null;
  alt: string;
  caption: string | null;
  credit: string | null;
  created_at: string;
  uploaded_by: number | null;
  original_name: string | null;
  sha256: string | null;
}

export interface ArticlesTable {
  id: Generated<number>;
  slug: string;
  language: string;
  title: string;
  kicker_override: string | null;
  type: ArticleType;
  standfirst: string;
  body_md: string;
  body_html: string;
  status: ArticleStatus;
  published_at: string | null;
  last_update_at: string | null;
  primary_country: string | null;
  primary_topic_id: number | null;
  byline_collective: string | null;
  byline_collective_section_id: number | null;
  provenance_publication_id: number | null;
  provenance_note: string | null;
  provenance_url: string | null;
  image_id: number | null;
  image_caption: string | null;
  image_credit: string | null;
  campaign_id: number | null;
  /** The translation group (docs/decisions/0022): articles that are one text in several languages. */
  translation_group: string | null;
  /** A translation: the version of its group's original it was translated from (or last brought up to date with). */
  translation_source_version: number | null;
  /** A translation: when it was made or last marked up to date; a public update of the original after this puts it behind. */
  translation_synced_at: string | null;
  /** 1 when editors want it as the front page's lead story. */
  featured: number;
  created_at: string;
  modified_at: string;
  version: number;
  /** The account that owns a draft (an author edits only their own). */
  owner_id: number | null;
  withdrawn_at: string | null;
  withdrawal_note: string | null;
}

export interface ArticleContributorsTable {
  article_id: number;
  position: number;
  contributor_id: number;
  section_id: number | null;
  role: string | null;
}

export interface ArticleCountriesTable {
  article_id: number;
  position: number;
  country: string;
}

export interface ArticleTopicsTable {
  article_id: number;
  position: number;
  topic_id: number;
}

export interface ArticleSectionsTable {
  article_id: number;
  position: number;
  section_id: number;
}

/** A translation group and its original, the article the others are translated from. */
export interface TranslationGroupsTable {
  id: string;
  original_id: number;
  created_at: string;
}

export interface ArticleUpdatesTable {
  id: Generated<number>;
  article_id: number;
  at: string;
  note: string;
}

export interface CampaignsTable {
  id: Generated<number>;
  slug: string;
  reference: string | null;
  title: string;
  summary: string;
  status: CampaignStatus;
  identity_mode: IdentityMode;
  languages: Json<readonly string[]>;
  /** Addresses. */
  copy_to: Json<readonly string[]>;
  /** The last instant actions are accepted: the end of the chosen day in deadline_zone. */
  deadline: string | null;
  /** The IANA zone the deadline's day was chosen in, to show that day again. */
  deadline_zone: string | null;
  section_id: number | null;
  created_at: string;
  modified_at: string;
  kind: Generated<CampaignKind>;
  demands: Generated<Json<readonly string[]>>;
  /** Subject lines, rotated. */
  letter_subjects: Generated<Json<readonly string[]>>;
  letter_body: Generated<string>; // with {{name}}, {{city}}, {{country}}
  petition_text: Generated<string>;
  call_script: Generated<string>;
  delivery_paused: Generated<number>;
  closed_at: string | null;
  data_erased_at: string | null;
}

export interface CampaignTargetsTable {
  id: Generated<number>;
  campaign_id: number;
  position: number;
  name: string | null;
  title: string;
  organisation: string | null;
  country: string;
  email: string | null;
  phone: string | null;
  postal_address: string | null;
  salutation: string | null;
  delivery_mode: DeliveryMode;
  /** Paced mode: at most this many letters an hour, inside office hours. */
  pace_per_hour: Generated<number>;
  /** "09:00-17:00", in time_zone. */
  office_hours: Generated<string>;
  time_zone: Generated<string>;
  /** Digest mode: one message per this many actions; null means one a day. */
  digest_every: number | null;
  /** Paced mode: the earliest time the next letter to this target may leave. */
  next_slot_at: string | null;
  /** The language of this target's letters; null is the campaign's first language. */
  letter_language: string | null;
}

/** A campaign's texts in one of its languages beyond the first (the campaign's own columns hold the first). */
export interface CampaignTranslationsTable {
  id: Generated<number>;
  campaign_id: number;
  language: string;
  title: string;
  summary: string;
  demands: Json<readonly string[]>;
  letter_subjects: Json<readonly string[]>;
  letter_body: string; // with {{name}}, {{city}}, {{country}}
  petition_text: string;
  call_script: string;
}

export interface CampaignOutcomesTable {
  id: Generated<number>;
  campaign_id: number;
  occurred_on: string; // YYYY-MM-DD
  title: string;
  body: string;
  created_at: string;
  created_by: number | null;
}

export interface SupportersTable {
  id: Generated<number>;
  /** Lower-cased; null once erased. */
  email: string | null;
  name: string | null;
  city: string | null;
  country: string;
  /** SHA-256 of the token in the "your data" link every email carries. */
  data_token_hash: string;
  created_at: string;
  erased_at: string | null;
}

export interface ConsentsTable {
  id: Generated<number>;
  supporter_id: number;
  scope: ConsentScope;
  campaign_id: number | null;
  section_id: number | null;
  /** The exact sentence the supporter ticked. */
  wording: string;
  given_at: string;
  confirmed_at: string | null;
  withdrawn_at: string | null;
}

export interface ActionsTable {
  id: Generated<number>;
  campaign_id: number;
  supporter_id: number | null;
  method: ActionMethod;
  status: ActionStatus;
  country: string;
  /** The letter as the supporter edited it; null once erased or for other methods. */
  letter: string | null;
  /** The name a protective letter is signed with, as the supporter gave it; null once erased. */
  sign_as: string | null;
  idempotency_key: string | null;
  confirm_token_hash: string | null;
  /** HMAC of the sender's address (IPv6 grouped by /64): rate limits without storing addresses. */
  ip_key: string | null;
  proof_of_work: Generated<number>;
  held_reason: string | null;
  created_at: string;
  confirmed_at: string | null;
  expires_at: string | null;
  /** Self-reports: HMAC of the campaign and the reporter's address, so one address counts once. */
  reporter_key: string | null;
  /** The language of the page the supporter acted on; the emails about the action use it. */
  language: Generated<string>;
  /** The language of the model letter the supporter edited; null is the campaign's first language. */
  letter_language: string | null;
}

/** Submissions of the public action forms, until the intake worker has processed them. */
export interface ActionIntakeTable {
  id: Generated<number>;
  campaign_id: number;
  form: IntakeForm;
  /** The address in the form, lowercased ('' when none): erasure finds unprocessed rows by it. */
  email: string;
  /** The checked form. */
  payload: Json<ActionInput>;
  /** HMAC of the sender's address group, as actions.ip_key. */
  ip_key: string;
  proof_of_work: Generated<number>;
  /** Scoped to the campaign, as actions.idempotency_key. */
  idempotency_key: string | null;
  created_at: string;
  attempts: Generated<number>;
  lease_owner: string | null;
  lease_until: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  kind: OutboxKind;
  campaign_id: number | null;
  target_id: number | null;
  action_id: number | null;
  /** "<…@domain>", fixed when queued so every retry carries the same one. */
  message_id: string;
  recipient: string | null;
  /** Addresses. */
  cc: Generated<Json<readonly string[]>>;
  from_name: string | null;
  reply_to: string | null;
  subject: string;
  body: string;
  status: OutboxStatus;
  not_before: string;
  attempts: Generated<number>;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface DigestEntriesTable {
  id: Generated<number>;
  campaign_id: number;
  /** null: the daily copy to the organisation. */
  target_id: number | null;
  action_id: number;
  created_at: string;
  outbox_id: number | null;
}

export interface EventsTable {
  id: Generated<number>;
  slug: string;
  campaign_id: number | null;
  section_id: number | null;
  kind: string;
  title: string;
  summary: string;
  starts_at: string;
  ends_at: string | null;
  time_zone: string;
  country: string;
  city: string | null;
  venue: string | null;
  status: string;
  report_article_id: number | null;
  created_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  contributor_id: number | null;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  /** Hashes of the unused recovery codes. */
  recovery_codes: Json<readonly string[]>;
  /** The last TOTP time step used to sign in; a code of that step or before is refused. */
  totp_last_step: number | null;
  disabled_at: string | null;
  created_at: string;
  password_changed_at: string | null;
  /** The admin's language for this person (a catalogue in locales/), or null for the site's default. */
  language: string | null;
  /** An IANA time zone name for showing times to this person, or null for UTC. */
  time_zone: string | null;
}

export interface UserSectionsTable {
  user_id: number;
  section_id: number;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  /** The absolute end (12 h after sign-in); the idle end is computed from last_seen_at. */
  expires_at: string;
  /** When the second factor was passed; null while a TOTP code is still owed. */
  second_factor_at: string | null;
}

export interface AccountTokensTable {
  token_hash: string;
  purpose: string;
  user_id: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SignInAttemptsTable {
  id: Generated<number>;
  at: string;
  ip_key: string;
  account_key: string;
  /** Set when the attempt came with a valid device cookie for the account. */
  device_key: string | null;
  succeeded: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor_label: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  summary: string;
}

/** A request limit's current window for one key (store/shared/rate-limit.store.ts). */
export interface RateLimitWindowsTable {
  key: string;
  hits: number;
  ends_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  saved_at: string;
  saved_by: number | null;
  /**
   * The editable fields. Written whole; read as possibly partial, because a revision
   * saved before a field existed lacks it (domain/articles/revision-diff.ts fills it in).
   */
  snapshot: ColumnType<Json<Partial<ArticleSnapshot>>, Json<ArticleSnapshot>, never>;
  note: string | null;
}

export interface PreviewLinksTable {
  token_hash: string;
  article_id: number;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface MediaVariantsTable {
  media_id: number;
  width: number;
  height: number;
  format: string;
  path: string;
  bytes: number;
}

export interface ArticleOldSlugsTable {
  slug: string;
  article_id: number;
  retired_at: string;
}

/**
 * One searchable text (docs/decisions/0026): an article, or a campaign in one of its
 * languages, its fields folded into index words (domain/text/search-text.ts). SQLite
 * indexes it in the FTS5 table `search_fts`, PostgreSQL in a generated `tsv` column (and `head`, the
 * title and standfirst alone, docs/decisions/0030); none is written by Placard directly,
 * so none is listed here.
 */
export interface SearchDocumentsTable {
  id: Generated<number>;
  article_id: number | null;
  campaign_id: number | null;
  language: string;
  /** The article's type, or 'campaign'. */
  type: string;
  /** 1 for a published article; a campaign's visibility is read from its own status. */
  listed: number;
  /** When the article was published, or the campaign created: for recency and date filters. */
  at: string | null;
  title: string;
  standfirst: string;
  body: string;
}

/** An actor's key pair (docs/decisions/0036), made on first use; JWKs as JSON text. */
export interface FederationKeysTable {
  id: Generated<number>;
  /** The actor's identifier: 'site', or a section's id. */
  actor: string;
  /** 'RSASSA-PKCS1-v1_5' or 'Ed25519'. */
  algorithm: string;
  private_jwk: string;
  public_jwk: string;
  created_at: string;
}

/** Fedify's key–value store: the key is the JSON of Fedify's key array. */
export interface FederationKvTable {
  key: string;
  value: string;
  expires_at: string | null;
}

/** Fedify's delivery and inbox queue, claimed with a lease. */
export interface FederationQueueTable {
  id: Generated<number>;
  message: string;
  not_before: string;
  lease_owner: string | null;
  lease_until: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: string;
}

/** A remote actor following one of Placard's actors. */
export interface FederationFollowersTable {
  id: Generated<number>;
  actor: string;
  follower_uri: string;
  inbox: string;
  shared_inbox: string | null;
  follow_id: string | null;
  created_at: string;
}

/** A remote actor one of Placard's actors follows (accepted once its Accept arrives). */
export interface FederationFollowingTable {
  id: Generated<number>;
  actor: string;
  remote_uri: string;
  follow_id: string;
  accepted_at: string | null;
  created_at: string;
}

/** An article's publication, update or withdrawal, waiting to become activities. */
export interface FederationEventsTable {
  id: Generated<number>;
  article_id: number;
  /** 'create', 'update' or 'delete'. */
  kind: string;
  created_at: string;
  done_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  attempts: Generated<number>;
  last_error: string | null;
}

/** A signed activity that arrived in an inbox, kept as received. */
export interface FederationReceivedTable {
  id: Generated<number>;
  activity_id: string | null;
  type: string;
  actor_uri: string;
  /** The local actor it was addressed to, when it came to a personal inbox. */
  recipient: string | null;
  activity: string;
  received_at: string;
}

/** A remote site or section the site follows to republish from, with the editors' rule for it. */
export interface SyndicationSourcesTable {
  id: Generated<number>;
  remote_uri: string;
  handle: string;
  name: string;
  profile_url: string | null;
  /** The rule: articles in this language ('' for any) go to this section, published or as drafts. */
  rule_language: string | null;
  rule_section_id: number | null;
  rule_status: 'published' | 'draft' | null;
  created_at: string;
}

/** An article a followed source sent, and its local copy once republished. */
export interface SyndicatedItemsTable {
  id: Generated<number>;
  object_id: string;
  source_uri: string;
  url: string;
  title: string;
  summary: string;
  content_html: string;
  language: string;
  published_at: string;
  updated_at: string | null;
  image_url: string | null;
  image_alt: string | null;
  deleted_at: string | null;
  article_id: number | null;
  received_at: string;
}

/** Every table, as Kysely sees the database. */
export interface DB {
  sections: SectionsTable;
  contributors: ContributorsTable;
  publications: PublicationsTable;
  topics: TopicsTable;
  media: MediaTable;
  articles: ArticlesTable;
  article_contributors: ArticleContributorsTable;
  article_countries: ArticleCountriesTable;
  article_topics: ArticleTopicsTable;
  article_sections: ArticleSectionsTable;
  article_updates: ArticleUpdatesTable;
  translation_groups: TranslationGroupsTable;
  campaigns: CampaignsTable;
  campaign_targets: CampaignTargetsTable;
  campaign_translations: CampaignTranslationsTable;
  events: EventsTable;
  users: UsersTable;
  user_sections: UserSectionsTable;
  sessions: SessionsTable;
  account_tokens: AccountTokensTable;
  sign_in_attempts: SignInAttemptsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  article_revisions: ArticleRevisionsTable;
  preview_links: PreviewLinksTable;
  media_variants: MediaVariantsTable;
  article_old_slugs: ArticleOldSlugsTable;
  campaign_outcomes: CampaignOutcomesTable;
  supporters: SupportersTable;
  consents: ConsentsTable;
  actions: ActionsTable;
  action_intake: ActionIntakeTable;
  outbox: OutboxTable;
  digest_entries: DigestEntriesTable;
  search_documents: SearchDocumentsTable;
  rate_limit_windows: RateLimitWindowsTable;
  imported_items: ImportedItemsTable;
  imported_media: ImportedMediaTable;
  old_addresses: OldAddressesTable;
  federation_keys: FederationKeysTable;
  federation_kv: FederationKvTable;
  federation_queue: FederationQueueTable;
  federation_followers: FederationFollowersTable;
  federation_following: FederationFollowingTable;
  federation_events: FederationEventsTable;
  federation_received: FederationReceivedTable;
  syndication_sources: SyndicationSourcesTable;
  syndicated_items: SyndicatedItemsTable;
}
