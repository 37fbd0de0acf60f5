import type { CountryCode } from '../geo/countries.js';

/*
 * Urgent actions and petitions: a campaign names targets and carries a model letter
 * (or, for a petition, a text to sign); supporters act, and Placard counts and delivers.
 */

/** 'letter': an urgent action whose supporters write to targets; 'petition': signatures handed in. */
export const CAMPAIGN_KINDS = ['letter', 'petition'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * named: each letter carries the supporter's name and country, Reply-To is the supporter.
 * protective: the organisation sends, signed with the name the supporter chose and country only; the
 * target never receives a supporter's address or full name.
 */
export const IDENTITY_MODES = ['named', 'protective'] as const;
export type IdentityMode = (typeof IDENTITY_MODES)[number];

/** paced: individual letters, at most N an hour in office hours; digest: one message per day or per N actions. */
export const DELIVERY_MODES = ['paced', 'digest'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** A person or office that supporters write to. */
export interface Target {
  readonly id: number;
  readonly name: string | null;
  /** What they are: "Head of the Supreme Court of Kazakhstan". */
  readonly title: string;
  readonly organisation: string | null;
  readonly country: CountryCode;
  readonly email: string | null;
  readonly phone: string | null;
  readonly postalAddress: string | null;
  readonly salutation: string | null;
  readonly deliveryMode: DeliveryMode;
  /** Paced: at most this many letters an hour. */
  readonly pacePerHour: number;
  /** Paced: "09:00-17:00" in the target's time zone. */
  readonly officeHours: string;
  /** IANA time zone of the target's office, "Asia/Almaty". */
  readonly timeZone: string;
  /** Digest: one message per this many actions; null is one a day. */
  readonly digestEvery: number | null;
  /** The language this official's letters go in: one of the campaign's languages (the first unless a coordinator chose). */
  readonly letterLanguage: string;
}

/** The model letter: subjects rotated across letters, a body with {{name}}, {{city}}, {{country}}. */
export interface ModelLetter {
  readonly subjects: readonly string[];
  readonly body: string;
}

/**
 * What a campaign says in one language: the words a coordinator writes for each of the
 * campaign's languages. The first language's are the campaign's own fields.
 */
export interface CampaignTexts {
  readonly language: string;
  readonly title: string;
  readonly summary: string;
  readonly demands: readonly string[];
  readonly letter: ModelLetter;
  readonly petitionText: string;
  readonly callScript: string;
}

/** A dated public update on the campaign: "Released", "Charges dropped". */
export interface Outcome {
  readonly id: number;
  readonly occurredOn: string;
  readonly title: string;
  readonly body: string;
}

/*
 * One campaign, three shapes: as stored and read (Campaign), as created (NewCampaign) and
 * as the coordinator's form asks for it (CampaignInput, campaign-input.ts). The last two
 * are derived from the first, so a field added to a campaign is added once.
 */

/** An urgent action as readers see it. */
export interface Campaign {
  readonly id: number;
  readonly slug: string;
  readonly reference: string | null;
  readonly title: string;
  readonly summary: string;
  readonly status: CampaignStatus;
  readonly identityMode: IdentityMode;
  readonly targets: readonly Target[];
  readonly copyTo: readonly string[];
  /**
   * The last instant supporters may act (ISO UTC): the end of the chosen day in the
   * campaign's zone. A bare day ("2026-04-30") is read as the end of that day in UTC.
   */
  readonly deadline: string | null;
  /** The zone the deadline's day was chosen in, which shows that day again; null reads as UTC. */
  readonly deadlineZone?: string | null;
  readonly kind: CampaignKind;
  readonly demands: readonly string[];
  readonly letter: ModelLetter;
  readonly petitionText: string;
  /** What to say on the phone, for supporters who call. */
  readonly callScript: string;
  /** The campaign's languages, its first language first: the fields above are in that one. */
  readonly languages: readonly string[];
  /** The same texts in each further language of `languages`, in their order. */
  readonly translations: readonly CampaignTexts[];
  readonly sectionId: number | null;
  /** Delivery is held back (supporters can still act); the coordinator resumes it. */
  readonly deliveryPaused: boolean;
  readonly closedAt: string | null;
}

/** What a coordinator writes about a campaign, kept as written: its words, lists and deadline. */
export type CampaignContent = Pick<
  Campaign,
  'kind' | 'reference' | 'title' | 'summary' | 'demands' | 'letter' | 'petitionText' | 'callScript' | 'copyTo' | 'languages' | 'translations' | 'deadline'
>;

/** The content fields a new campaign may leave out: the table has a default for each (a letter campaign, no demands, …). */
type DefaultedContent = 'kind' | 'demands' | 'letter' | 'petitionText' | 'callScript' | 'translations';

/**
 * A target to create; pacing left out takes the table's defaults (30 an hour, 09:00–17:00
 * UTC, daily digest), a letter language left out the campaign's first language.
 */
export type NewTarget = Omit<Target, 'id' | 'pacePerHour' | 'officeHours' | 'timeZone' | 'digestEvery' | 'letterLanguage'> &
  Partial<Pick<Target, 'pacePerHour' | 'officeHours' | 'timeZone' | 'digestEvery' | 'letterLanguage'>>;

/**
 * A campaign to create, with its targets in the order supporters see them. It starts with
 * delivery running and not closed; the rest of what a campaign is, it says.
 */
export type NewCampaign = Omit<Campaign, 'id' | 'targets' | 'deliveryPaused' | 'closedAt' | DefaultedContent> &
  Partial<Pick<Campaign, DefaultedContent>> & { readonly targets: readonly NewTarget[] };

/** The last instant of a deadline as stored: an instant as it is, a bare day as the end of that day in UTC. */
export function deadlineInstant(deadline: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(deadline) ? Date.parse(`${deadline}T23:59:59.999Z`) : Date.parse(deadline);
}

/** Whether supporters may act now: active, and not past the deadline's last instant (the end of its day in the campaign's zone). */
export function acceptsActions(campaign: Pick<Campaign, 'status' | 'deadline'>, now: Date): boolean {
  if (campaign.status !== 'active') return false;
  if (!campaign.deadline) return true;
  return now.getTime() <= deadlineInstant(campaign.deadline);
}

/**
 * Protective mode is the default whenever any target sits in a country that an
 * administrator has marked high-risk: a supporter's name must not reach that government
 * unless a coordinator decides otherwise.
 */
export function defaultIdentityMode(targetCountries: readonly CountryCode[], highRisk: ReadonlySet<CountryCode>): IdentityMode {
  return targetCountries.some((c) => highRisk.has(c)) ? 'protective' : 'named';
}

/** A phone number as a `tel:` URI: digits and a leading +, nothing else (RFC 3966 global number). */
export function telHref(phone: string): string {
  const digits = phone.replace(/[^0-9+]/g, '').replace(/(?!^)\+/g, '');
  return `tel:${digits}`;
}

/** A target's one-line label: "Head of the Supreme Court of Kazakhstan – Alina Bulatovna Rakhimbekova". */
export function targetLabel(target: Pick<Target, 'name' | 'title'>): string {
  return target.name ? `${target.title} – ${target.name}` : target.title;
}
