import type { Kysely } from 'kysely';
import type { StaffUser } from '../../domain/accounts/staff.js';
import type { Campaign, Outcome } from '../../domain/campaigns/campaign.js';
import { highRiskTargets } from '../../domain/campaigns/campaign-input.js';
import { listOutcomes } from '../../store/campaigns/campaign.store.js';
import {
  actionsPerCountry,
  actionsPerDay,
  deliveryCounts,
  latestDeliveryErrors,
  tallyActions,
  type ActionTally,
  type CountRow,
  type DeliveryError,
} from '../../store/campaigns/campaign-stats.store.js';
import type { DB } from '../../store/db/schema.js';
import type { Clock } from '../shared/clock.js';
import { campaignArticles, campaignForStaff, type LinkedArticle } from './campaign-admin.js';
import { listHeldActions, type HeldAction } from './held-actions.js';
import { highRiskCountries } from './high-risk-countries.js';

export type { ActionTally, CountRow, DeliveryError, HeldAction };

/** Held submissions the dashboard lists at once; the rest wait for these to be handled. */
export const HELD_SHOWN = 200;

/** Days the dashboard's per-day chart covers, today included. */
export const CHART_DAYS = 30;

/** Messages to one target (or, target null, the organisation's copies) by delivery status. */
export interface TargetDelivery {
  readonly targetId: number | null;
  readonly label: string;
  readonly queued: number;
  readonly sent: number;
  readonly failed: number;
  readonly bounced: number;
  readonly errors: readonly DeliveryError[];
}

/** Everything the coordinator's page of one campaign shows. */
export interface CampaignDashboard {
  readonly campaign: Campaign;
  readonly tally: ActionTally;
  /** One row per day of the last {@link CHART_DAYS}, oldest first, days without actions at zero. */
  readonly perDay: readonly CountRow[];
  readonly perCountry: readonly CountRow[];
  readonly delivery: readonly TargetDelivery[];
  readonly outcomes: readonly Outcome[];
  /** The oldest held submissions (at most {@link HELD_SHOWN}); how many there are is in the tally. */
  readonly held: readonly HeldAction[];
  readonly articles: readonly LinkedArticle[];
  /** Targets' countries marked high-risk; a named campaign with any is flagged. */
  readonly highRiskTargetCountries: readonly string[];
}

/** The last `days` UTC days up to today, as YYYY-MM-DD, oldest first. */
export function lastDays(now: Date, days: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

async function perDayRows(db: Kysely<DB>, campaignId: number, now: Date): Promise<CountRow[]> {
  const days = lastDays(now, CHART_DAYS);
  const rows = new Map((await actionsPerDay(db, campaignId, days[0]!)).map((r) => [r.key, r]));
  return days.map((day) => rows.get(day) ?? { key: day, confirmed: 0, selfReported: 0 });
}

async function deliveryRows(db: Kysely<DB>, campaign: Campaign): Promise<TargetDelivery[]> {
  const [counts, errors] = await Promise.all([deliveryCounts(db, campaign.id), latestDeliveryErrors(db, campaign.id, 50)]);
  const row = (targetId: number | null, label: string): TargetDelivery => {
    const count = (status: string) => counts.filter((c) => c.targetId === targetId && c.status === status).reduce((n, c) => n + c.count, 0);
    return {
      targetId,
      label,
      queued: count('queued') + count('sending'),
      sent: count('sent'),
      failed: count('failed'),
      bounced: count('bounced'),
      errors: errors.filter((e) => e.targetId === targetId).slice(0, 3),
    };
  };
  const targets = campaign.targets.map((t) => row(t.id, t.name ? `${t.title} (${t.name})` : t.title));
  return campaign.copyTo.length > 0 || counts.some((c) => c.targetId === null) ? [...targets, row(null, 'Copies to the organisation')] : targets;
}

/** The dashboard of a campaign the user manages (NotFound otherwise). */
export async function campaignDashboard(deps: { db: Kysely<DB>; clock: Clock }, user: StaffUser, id: number): Promise<CampaignDashboard> {
  const campaign = await campaignForStaff(deps.db, user, id);
  const [tally, perDay, perCountry, delivery, outcomes, held, articles, highRisk] = await Promise.all([
    tallyActions(deps.db, id),
    perDayRows(deps.db, id, deps.clock()),
    actionsPerCountry(deps.db, id),
    deliveryRows(deps.db, campaign),
    listOutcomes(deps.db, id),
    listHeldActions(deps.db, id).then((rows) => rows.slice(0, HELD_SHOWN)),
    campaignArticles(deps.db, id),
    highRiskCountries(deps.db),
  ]);
  const highRiskTargetCountries = highRiskTargets(
    campaign.targets.map((t) => t.country),
    new Set(highRisk),
  );
  return { campaign, tally, perDay, perCountry, delivery, outcomes, held, articles, highRiskTargetCountries };
}
