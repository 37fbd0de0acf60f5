import { endOfLocalDay } from '../../domain/time/local-time.js';
import { campaignZone } from '../../domain/time/reader-zone.js';
import type { Kysely } from 'kysely';
import type { StaffUser } from '../../domain/accounts/staff.js';
import { tags, type CacheTag } from '../../domain/cache/cache-tags.js';
import type { Campaign, CampaignStatus } from '../../domain/campaigns/campaign.js';
import { defaultIdentityMode } from '../../domain/campaigns/campaign.js';
import { allowedStatusChanges, readinessProblems, type CampaignInput } from '../../domain/campaigns/campaign-input.js';
import { translationReadiness } from '../../domain/campaigns/campaign-translations-input.js';
import type { Messages } from '../../i18n/messages.js';
import type { FieldError } from '../../domain/articles/article-input.js';
import { slugify, uniqueSlug } from '../../domain/text/slug.js';
import { NotFound, ValidationFailed } from '../../domain/errors.js';
import type { Section } from '../../domain/sections/section.js';
import {
  campaignSectionId,
  campaignSlugsStartingWith,
  campaignSlugTaken,
  linkedArticles,
  listAdminCampaigns,
  redirectQueuedLetters,
  replaceTargets,
  setCampaignStatus,
  setDeliveryPaused,
  targetsWithDeliveries,
  updateCampaignFields,
  type AdminCampaignRow,
  type CampaignScope,
  type LinkedArticle,
} from '../../store/campaigns/campaign-admin.store.js';
import { findCampaign, insertCampaign, type CampaignFields } from '../../store/campaigns/campaign.store.js';
import type { DB } from '../../store/db/schema.js';
import { audit } from '../audit/audit.js';
import { respaceQueuedLetters } from '../delivery/respace-letters.js';
import { listSections, sectionSlugOfCampaign } from '../../store/sections/section.store.js';
import type { CampaignDeps } from './campaign-deps.js';
import { highRiskCountries } from './high-risk-countries.js';

export type { AdminCampaignRow, LinkedArticle };

/**
 * Which campaigns a member of staff manages: a coordinator assigned to sections manages
 * those sections' campaigns; a coordinator without sections, and an administrator, all.
 */
export function campaignScope(user: StaffUser): CampaignScope {
  return user.role === 'coordinator' && user.sectionIds.length > 0 ? { kind: 'sections', sectionIds: user.sectionIds } : { kind: 'all' };
}

/** Whether the user manages a campaign of this section (null: no section). */
export function managesCampaign(user: StaffUser, sectionId: number | null): boolean {
  const scope = campaignScope(user);
  return scope.kind === 'all' || (sectionId !== null && scope.sectionIds.includes(sectionId));
}

/**
 * A campaign the user manages, with its targets. Anything else is NotFound, not Forbidden:
 * another section's campaigns cannot even be confirmed to exist.
 */
export async function campaignForStaff(db: Kysely<DB>, user: StaffUser, id: number): Promise<Campaign> {
  const facts = await campaignSectionId(db, id);
  if (!facts || !managesCampaign(user, facts.sectionId)) throw new NotFound('The campaign');
  const campaign = await findCampaign(db, id);
  if (!campaign) throw new NotFound('The campaign');
  return campaign;
}

/** The campaigns the user manages, newest first, with their confirmed counts. */
export async function campaignsFor(db: Kysely<DB>, user: StaffUser): Promise<AdminCampaignRow[]> {
  return listAdminCampaigns(db, campaignScope(user));
}

/** What the campaign form offers the user: their sections (all, when unrestricted) and the high-risk countries. */
export interface CampaignChoices {
  readonly sections: readonly Section[];
  /** False when the user must choose one of their sections. */
  readonly sectionOptional: boolean;
  readonly highRisk: readonly string[];
}

/**
 * The choices the campaign form offers this user. Retired sections are not offered, but
 * for the one a campaign is already in (`keepSectionId`), so that saving it keeps it there.
 */
export async function campaignChoices(db: Kysely<DB>, user: StaffUser, keepSectionId: number | null = null): Promise<CampaignChoices> {
  const scope = campaignScope(user);
  const sections = (await listSections(db)).filter((s) => s.retiredAt === null || s.id === keepSectionId);
  return {
    sections: scope.kind === 'all' ? sections : sections.filter((s) => scope.sectionIds.includes(s.id)),
    sectionOptional: scope.kind === 'all',
    highRisk: await highRiskCountries(db),
  };
}

/**
 * The cache tags a change to a campaign touches: its own page, every article that embeds
 * it, its section's page, which lists its open campaigns, and the sitemap of campaigns.
 */
export async function campaignTags(db: Kysely<DB>, campaignId: number): Promise<CacheTag[]> {
  const section = await sectionSlugOfCampaign(db, campaignId);
  return [
    tags.campaign(campaignId),
    tags.campaigns,
    ...(await linkedArticles(db, campaignId)).map((a) => tags.article(a.slug)),
    ...(section ? [tags.section(section)] : []),
  ];
}

/**
 * Moves a campaign to another status: draft → active, active ⇄ paused, any open one →
 * closed (recording when). Activating checks that supporters have something to act on;
 * a refusal ("needs a model letter in Russian") is worded in `options.messages`, the
 * language the member of staff reads the admin in.
 */
export async function changeCampaignStatus(
  deps: Pick<CampaignDeps, 'db' | 'clock' | 'changes'>,
  user: StaffUser,
  change: { readonly id: number; readonly to: string },
  options: { readonly messages: Messages },
): Promise<CampaignStatus> {
  const { id, to } = change;
  const campaign = await campaignForStaff(deps.db, user, id);
  const allowed = allowedStatusChanges(campaign.status);
  const next = allowed.find((s) => s === to);
  if (!next) {
    const message = allowed.length ? `A ${campaign.status} campaign can become ${allowed.join(' or ')}.` : 'A closed campaign stays closed.';
    throw new ValidationFailed([{ field: 'status', message }]);
  }
  if (next === 'active') {
    const problems = [...readinessProblems(campaign), ...translationReadiness(campaign, options.messages)];
    if (problems.length > 0) throw new ValidationFailed(problems);
  }
  await deps.db.transaction().execute(async (trx) => {
    await setCampaignStatus(trx, id, next, deps.clock().toISOString());
    await audit(
      { db: trx, clock: deps.clock },
      { actor: user, action: 'campaign-status-changed', subject: { type: 'campaign', id }, summary: `“${campaign.title}”: ${campaign.status} → ${next}` },
    );
  });
  deps.changes.announce(await campaignTags(deps.db, id));
  return next;
}

/** Holds back (or resumes) the delivery of a campaign's letters; supporters can still act meanwhile. */
export async function setCampaignDelivery(deps: Pick<CampaignDeps, 'db' | 'clock' | 'changes'>, user: StaffUser, id: number, paused: boolean): Promise<void> {
  const campaign = await campaignForStaff(deps.db, user, id);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await setDeliveryPaused(trx, id, paused, now.toISOString());
    // The slots given before the pause have passed: without new ones every waiting
    // letter would leave at once on resuming, the flood pacing exists to prevent.
    if (!paused) await respaceQueuedLetters(trx, campaign, now);
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor: user,
        action: 'campaign-delivery-changed',
        subject: { type: 'campaign', id },
        summary: `“${campaign.title}”: delivery of letters ${paused ? 'held back' : 'resumed'}`,
      },
    );
  });
  deps.changes.announce([tags.campaign(id)]);
}

/** The articles that embed a campaign's call to action. */
export async function campaignArticles(db: Kysely<DB>, campaignId: number): Promise<LinkedArticle[]> {
  return linkedArticles(db, campaignId);
}

/** The stored fields a validated form asks for, once its section, slug and identity mode are settled. */
interface Settled {
  readonly sectionId: number | null;
  readonly slug: string;
  readonly identityMode: Campaign['identityMode'];
  /** The zone the deadline's day ends in: the section's, else the site's default, else UTC. */
  readonly deadlineZone: string;
}

/** What saving a campaign needs beyond the database: the site's default zone, for a deadline where the section has none. */
export type CampaignSaveDeps = Pick<CampaignDeps, 'db' | 'clock' | 'changes'> & { readonly siteTimeZone?: string };

/**
 * Checks what only the database can tell: the section is one the user may choose, the
 * slug is free (a slug left empty is made from the title and numbered when taken).
 */
async function settle(
  db: Kysely<DB>,
  user: StaffUser,
  input: CampaignInput,
  existing: Campaign | null,
  siteTimeZone: string | undefined,
): Promise<{ settled: Settled; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const choices = await campaignChoices(db, user, existing?.sectionId ?? null);
  const section = input.sectionSlug === null ? null : choices.sections.find((s) => s.slug === input.sectionSlug);
  const scope = campaignScope(user);
  const retired =
    section === undefined
      ? (await listSections(db)).find((s) => s.slug === input.sectionSlug && s.retiredAt !== null && (scope.kind === 'all' || scope.sectionIds.includes(s.id)))
      : undefined;
  // A retired section is named, so the coordinator knows why the one they typed was refused.
  if (retired)
    errors.push({
      field: 'section',
      message: `The section “${retired.name}” is retired: choose one of the sections offered.`,
      key: 'domain.section-retired',
      values: { name: retired.name },
    });
  else if (section === undefined) errors.push({ field: 'section', message: 'Choose one of the sections offered.', key: 'domain.campaign.section-not-offered' });
  else if (section === null && !choices.sectionOptional)
    errors.push({ field: 'section', message: 'Choose the section this campaign belongs to.', key: 'domain.campaign.section-required' });
  let slug = input.slug;
  if (slug !== null && (await campaignSlugTaken(db, slug, existing?.id ?? null)))
    errors.push({
      field: 'slug',
      message: `Another campaign already has the address /campaigns/${slug}.`,
      key: 'domain.campaign.slug-taken',
      values: { slug },
    });
  if (slug === null) {
    const base = slugify(input.title) || 'campaign';
    const taken = await campaignSlugsStartingWith(db, base);
    if (existing) taken.delete(existing.slug);
    slug = uniqueSlug(base, taken);
  }
  const highRisk = new Set(choices.highRisk);
  const identityMode =
    input.identityMode ??
    defaultIdentityMode(
      input.targets.map((t) => t.country),
      highRisk,
    );
  const deadlineZone = campaignZone({ thing: section?.timeZone, site: siteTimeZone });
  return { settled: { sectionId: section?.id ?? null, slug, identityMode, deadlineZone }, errors };
}

function fields(input: CampaignInput, settled: Settled): CampaignFields {
  return {
    slug: settled.slug,
    reference: input.reference,
    title: input.title,
    summary: input.summary,
    identityMode: settled.identityMode,
    languages: input.languages,
    copyTo: input.copyTo,
    // The chosen day ends at midnight in the campaign's zone; the instant is stored, and the zone to show the day again.
    deadline: input.deadline ? endOfLocalDay(input.deadline, settled.deadlineZone) : null,
    deadlineZone: input.deadline ? settled.deadlineZone : null,
    sectionId: settled.sectionId,
    kind: input.kind,
    demands: input.demands,
    letter: input.letter,
    petitionText: input.petitionText,
    callScript: input.callScript,
    translations: input.translations,
  };
}

/** Creates a draft campaign from the coordinator's form; ValidationFailed names every problem. */
export async function createCampaign(deps: CampaignSaveDeps, user: StaffUser, input: CampaignInput): Promise<number> {
  const { settled, errors } = await settle(deps.db, user, input, null, deps.siteTimeZone);
  if (errors.length > 0) throw new ValidationFailed(errors);
  const targets = input.targets.map(({ id: _id, ...t }) => t);
  const id = await saving(deps.db, settled.slug, null, () =>
    deps.db.transaction().execute(async (trx) => {
      const created = await insertCampaign(trx, { ...fields(input, settled), status: 'draft', targets }, deps.clock().toISOString());
      await audit(
        { db: trx, clock: deps.clock },
        { actor: user, action: 'campaign-created', subject: { type: 'campaign', id: created }, summary: `Created the draft campaign “${input.title}”` },
      );
      return created;
    }),
  );
  deps.changes.announce([tags.campaign(id)]);
  return id;
}

/**
 * Saves the coordinator's form over a campaign. Stored targets are changed in place; one
 * that letters were written for cannot be removed (its delivery record stays), and
 * letters still queued follow its new address.
 */
export async function updateCampaign(deps: CampaignSaveDeps, user: StaffUser, id: number, input: CampaignInput): Promise<void> {
  const existing = await campaignForStaff(deps.db, user, id);
  const { settled, errors } = await settle(deps.db, user, input, existing, deps.siteTimeZone);
  errors.push(...(await targetProblems(deps.db, existing, input)));
  if (errors.length > 0) throw new ValidationFailed(errors);
  const before = new Map(existing.targets.map((t) => [t.id, t.email]));
  // Taken before the save: a campaign moved to another section leaves the old section's page too.
  const touchedBefore = await campaignTags(deps.db, id);
  await saving(deps.db, settled.slug, id, () =>
    deps.db.transaction().execute(async (trx) => {
      await updateCampaignFields(trx, id, fields(input, settled), deps.clock().toISOString());
      await replaceTargets(trx, id, input.targets);
      for (const t of input.targets) if (t.id !== null && before.get(t.id) !== t.email) await redirectQueuedLetters(trx, t.id, t.email);
    }),
  );
  deps.changes.announce([...new Set([...touchedBefore, ...(await campaignTags(deps.db, id))])]);
}

async function targetProblems(db: Kysely<DB>, existing: Campaign, input: CampaignInput): Promise<FieldError[]> {
  const stored = new Set(existing.targets.map((t) => t.id));
  if (input.targets.some((t) => t.id !== null && !stored.has(t.id)))
    return [
      {
        field: 'targets',
        message: 'The form named a target this campaign does not have; reload the page and try again.',
        key: 'domain.campaign.target-unknown',
      },
    ];
  const kept = new Set(input.targets.map((t) => t.id));
  const removed = existing.targets.filter((t) => !kept.has(t.id));
  const delivered = await targetsWithDeliveries(
    db,
    removed.map((t) => t.id),
  );
  return removed
    .filter((t) => delivered.has(t.id))
    .map((t) => ({
      field: 'targets',
      message: `Letters to ${t.title} have been written, so the target stays on record; clear its email address to stop further letters.`,
      key: 'domain.campaign.target-has-letters',
      values: { title: t.title },
    }));
}

/** Runs a save; should another save take the slug in the meantime, says so as the form would. */
async function saving<T>(db: Kysely<DB>, slug: string, id: number | null, save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (error) {
    if (await campaignSlugTaken(db, slug, id))
      throw new ValidationFailed([
        { field: 'slug', message: `Another campaign already has the address /campaigns/${slug}.`, key: 'domain.campaign.slug-taken', values: { slug } },
      ]);
    throw error;
  }
}
