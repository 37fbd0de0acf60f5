import type { CountryCode } from '../geo/countries.js';

/*
 * Urgent actions. This issue shows an article carrying its call to action (targets with
 * their addresses); the rest of the model is here so that the tables and services that
 * come with urgent actions fit what articles already point at.
 */

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * named: each letter carries the supporter's name and country, Reply-To is the supporter.
 * protective: the organisation sends, signed with first name and country only; the
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
}

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
  readonly deadline: string | null;
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
