import type { Kysely, Transaction } from 'kysely';
import type { ArticleStatus } from '../../domain/articles/article.js';
import type { CampaignKind, CampaignStatus } from '../../domain/campaigns/campaign.js';
import type { DB } from '../db/schema.js';
import { campaignColumns, replaceTranslations, targetColumns, type CampaignFields, type NewTarget } from './campaign.store.js';
import { indexCampaign } from '../search/search-index.store.js';

/** Which campaigns a coordinator may see: all of them, or those of some sections. */
export type CampaignScope = { readonly kind: 'all' } | { readonly kind: 'sections'; readonly sectionIds: readonly number[] };

/** One row of the coordinator's list. */
export interface AdminCampaignRow {
  readonly id: number;
  readonly slug: string;
  readonly reference: string | null;
  readonly title: string;
  readonly kind: CampaignKind;
  readonly status: CampaignStatus;
  readonly deadline: string | null;
  /** The zone the deadline's day was chosen in. */
  readonly deadlineZone: string | null;
  readonly section: string | null;
  /** Confirmed actions sent through Placard and confirmed signatures. */
  readonly confirmed: number;
}

/** The campaigns in scope, newest first, each with its confirmed count. */
export async function listAdminCampaigns(db: Kysely<DB>, scope: CampaignScope): Promise<AdminCampaignRow[]> {
  if (scope.kind === 'sections' && scope.sectionIds.length === 0) return [];
  let query = db
    .selectFrom('campaigns')
    .leftJoin('sections', 'sections.id', 'campaigns.section_id')
    .select((eb) => [
      'campaigns.id',
      'campaigns.slug',
      'campaigns.reference',
      'campaigns.title',
      'campaigns.kind',
      'campaigns.status',
      'campaigns.deadline',
      'campaigns.deadline_zone as deadlineZone',
      'sections.name as section',
      eb
        .selectFrom('actions')
        .select((c) => c.fn.countAll<number | string>().as('n'))
        .whereRef('actions.campaign_id', '=', 'campaigns.id')
        .where('actions.status', '=', 'confirmed')
        .where('actions.method', 'in', ['placard', 'signature'])
        .as('confirmed'),
    ])
    .orderBy('campaigns.created_at', 'desc')
    .orderBy('campaigns.id', 'desc');
  if (scope.kind === 'sections') query = query.where('campaigns.section_id', 'in', scope.sectionIds);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, confirmed: Number(r.confirmed ?? 0) }));
}

/** The section a campaign belongs to (null for none), or undefined when there is no such campaign. */
export async function campaignSectionId(db: Kysely<DB>, id: number): Promise<{ sectionId: number | null } | undefined> {
  const row = await db.selectFrom('campaigns').select('section_id').where('id', '=', id).executeTakeFirst();
  return row ? { sectionId: row.section_id } : undefined;
}

/** Whether another campaign already has this slug. */
export async function campaignSlugTaken(db: Kysely<DB>, slug: string, exceptId: number | null): Promise<boolean> {
  let query = db.selectFrom('campaigns').select('id').where('slug', '=', slug);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Every campaign slug that starts with `prefix`, to find a free one. */
export async function campaignSlugsStartingWith(db: Kysely<DB>, prefix: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('campaigns')
    .select('slug')
    .where('slug', 'like', `${prefix.replace(/[%_\\]/g, '')}%`)
    .execute();
  return new Set(rows.map((r) => r.slug));
}

/** Rewrites a campaign's own fields and its texts in further languages (its status and delivery switch are changed apart). */
export async function updateCampaignFields(trx: Transaction<DB>, id: number, campaign: CampaignFields, now: string): Promise<void> {
  await trx
    .updateTable('campaigns')
    .set({ ...campaignColumns(campaign), modified_at: now })
    .where('id', '=', id)
    .execute();
  await replaceTranslations(trx, id, campaign.translations ?? []);
  await indexCampaign(trx, id);
}

/** A target to keep (with its id) or to add (id null). */
export type TargetWrite = NewTarget & { readonly id: number | null };

/**
 * Makes a campaign's targets exactly these, in this order: stored targets are updated in
 * place (their letters and delivery history refer to them), new ones inserted, missing
 * ones deleted. Positions are unique per campaign, so they are first moved out of the way.
 */
export async function replaceTargets(trx: Transaction<DB>, campaignId: number, targets: readonly TargetWrite[]): Promise<void> {
  const kept = targets.flatMap((t) => (t.id === null ? [] : [t.id]));
  let removal = trx.deleteFrom('campaign_targets').where('campaign_id', '=', campaignId);
  if (kept.length > 0) removal = removal.where('id', 'not in', kept);
  await removal.execute();
  await trx
    .updateTable('campaign_targets')
    .set((eb) => ({ position: eb('position', '-', 100_000) }))
    .where('campaign_id', '=', campaignId)
    .execute();
  for (const [position, target] of targets.entries()) {
    const { id, ...fields } = target;
    const columns = targetColumns(campaignId, fields, position);
    if (id === null) await trx.insertInto('campaign_targets').values(columns).execute();
    else await trx.updateTable('campaign_targets').set(columns).where('id', '=', id).where('campaign_id', '=', campaignId).execute();
  }
}

/** A stored target's id and email address, to compare with what the form sends. */
export async function storedTargets(db: Kysely<DB>, campaignId: number): Promise<{ id: number; email: string | null }[]> {
  return db.selectFrom('campaign_targets').select(['id', 'email']).where('campaign_id', '=', campaignId).execute();
}

/** Of these targets, those that letters or digests have been written for. */
export async function targetsWithDeliveries(db: Kysely<DB>, targetIds: readonly number[]): Promise<Set<number>> {
  if (targetIds.length === 0) return new Set();
  const outbox = await db.selectFrom('outbox').select('target_id').distinct().where('target_id', 'in', targetIds).execute();
  const digests = await db.selectFrom('digest_entries').select('target_id').distinct().where('target_id', 'in', targetIds).execute();
  return new Set([...outbox, ...digests].flatMap((r) => (r.target_id === null ? [] : [r.target_id])));
}

/**
 * A target's address changed: letters still queued for it go to the new address, or are
 * cancelled when it has none. Letters already sent stay as they were.
 */
export async function redirectQueuedLetters(trx: Transaction<DB>, targetId: number, email: string | null): Promise<void> {
  const queued = trx.updateTable('outbox').where('target_id', '=', targetId).where('kind', '=', 'letter').where('status', '=', 'queued');
  if (email) await queued.set({ recipient: email }).execute();
  else await queued.set({ status: 'cancelled', last_error: 'The target no longer has an email address.' }).execute();
}

/** Sets a campaign's status; closing records when. */
export async function setCampaignStatus(db: Kysely<DB>, id: number, status: CampaignStatus, now: string): Promise<void> {
  await db
    .updateTable('campaigns')
    .set({ status, modified_at: now, ...(status === 'closed' ? { closed_at: now } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Holds back or resumes a campaign's deliveries. */
export async function setDeliveryPaused(db: Kysely<DB>, id: number, paused: boolean, now: string): Promise<void> {
  await db
    .updateTable('campaigns')
    .set({ delivery_paused: paused ? 1 : 0, modified_at: now })
    .where('id', '=', id)
    .execute();
}

/** An article that embeds a campaign's call to action. */
export interface LinkedArticle {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly status: ArticleStatus;
}

/** The articles whose call to action is this campaign, newest first. */
export async function linkedArticles(db: Kysely<DB>, campaignId: number): Promise<LinkedArticle[]> {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'title', 'status'])
    .where('campaign_id', '=', campaignId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Whether the campaign already has this very outcome (same date, title and text). */
export async function hasSameOutcome(trx: Transaction<DB>, outcome: { campaignId: number; occurredOn: string; title: string; body: string }): Promise<boolean> {
  const row = await trx
    .selectFrom('campaign_outcomes')
    .select('id')
    .where('campaign_id', '=', outcome.campaignId)
    .where('occurred_on', '=', outcome.occurredOn)
    .where('title', '=', outcome.title)
    .where('body', '=', outcome.body)
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a dated outcome update; returns its id. */
export async function insertOutcome(
  trx: Transaction<DB>,
  outcome: { campaignId: number; occurredOn: string; title: string; body: string; createdBy: number | null },
  now: string,
): Promise<number> {
  const { id } = await trx
    .insertInto('campaign_outcomes')
    .values({
      campaign_id: outcome.campaignId,
      occurred_on: outcome.occurredOn,
      title: outcome.title,
      body: outcome.body,
      created_at: now,
      created_by: outcome.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Supporters who asked for news of this campaign: a confirmed consent to its updates, not
 * withdrawn, and not erased since. Each once, however many consents they gave.
 */
export async function updateRecipients(db: Kysely<DB>, campaignId: number): Promise<{ supporterId: number; email: string; language: string }[]> {
  const rows = await db
    .selectFrom('consents')
    .innerJoin('supporters', 'supporters.id', 'consents.supporter_id')
    .select(['supporters.id', 'supporters.email'])
    // The language of the page of their latest action on the campaign: their emails are in it.
    .select((eb) =>
      eb
        .selectFrom('actions')
        .select('actions.language')
        .whereRef('actions.supporter_id', '=', 'supporters.id')
        .where('actions.campaign_id', '=', campaignId)
        .orderBy('actions.id', 'desc')
        .limit(1)
        .as('language'),
    )
    .distinct()
    .where('consents.campaign_id', '=', campaignId)
    .where('consents.scope', '=', 'campaign_updates')
    .where('consents.confirmed_at', 'is not', null)
    .where('consents.withdrawn_at', 'is', null)
    .where('supporters.erased_at', 'is', null)
    .where('supporters.email', 'is not', null)
    .orderBy('supporters.id')
    .execute();
  return rows.flatMap((r) => (r.email ? [{ supporterId: r.id, email: r.email, language: r.language ?? 'en' }] : []));
}
