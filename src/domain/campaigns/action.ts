import type { CountryCode } from '../geo/countries.js';

/*
 * A supporter's action on a campaign. Sending through Placard and signing a petition need
 * the email address confirmed before they count; sending from one's own mail client and
 * calling are self-reported and counted apart.
 */

/** placard: Placard delivers the letter; own_mail and call: self-reported; signature: a petition. */
export const ACTION_METHODS = ['placard', 'own_mail', 'call', 'signature'] as const;
export type ActionMethod = (typeof ACTION_METHODS)[number];

/** How the supporter acted by themselves: from their own mail client, or by phone. */
export type SelfReportMethod = Extract<ActionMethod, 'own_mail' | 'call'>;

/** Which public form a submission came from: a letter or signature ('act'), or a self-report by its method. */
export type IntakeForm = 'act' | SelfReportMethod;

/** Methods that need the supporter's email address confirmed before they count. */
export const CONFIRMED_METHODS: ReadonlySet<ActionMethod> = new Set(['placard', 'signature']);

/**
 * pending: waiting for the email confirmation (expires after 7 days, then deleted);
 * confirmed: counted (and, for placard, delivered); held: over the rate limit, stored for
 * a coordinator to release or discard; discarded: a coordinator rejected it.
 */
export const ACTION_STATUSES = ['pending', 'confirmed', 'held', 'discarded'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Days an unconfirmed action waits for its confirmation before it is deleted. */
export const CONFIRMATION_DAYS = 7;

/** Consent scopes: follow-up on this campaign, and the section's news. */
export const CONSENT_SCOPES = ['campaign_updates', 'section_news'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

/** What the supporter typed into the action form, after validation. */
export interface ActionInput {
  readonly name: string;
  readonly email: string;
  readonly country: CountryCode;
  readonly city: string | null;
  /** The letter as edited; null for petitions and self-reports without a letter. */
  readonly letter: string | null;
  /**
   * The name a protective letter is signed with ("Sign my letter as"), as the supporter
   * typed it; null in named mode, for petitions and for self-reports.
   */
  readonly signAs: string | null;
  /**
   * The language of the page whose model letter the supporter edited (its hidden
   * `letter_language` field); absent or null is the campaign's first language.
   */
  readonly letterLanguage?: string | null;
  readonly consentCampaign: boolean;
  readonly consentNews: boolean;
  /**
   * The language of the page the supporter acted on (one with a catalogue): every later
   * email about this action is written in it. Absent in submissions older than the field.
   */
  readonly language?: string;
}

/** Counts behind the public counter: confirmed and self-reported, in total and per country. */
export interface ActionCounts {
  readonly confirmed: number;
  readonly selfReported: number;
  readonly byCountry: readonly { readonly country: CountryCode; readonly confirmed: number; readonly selfReported: number }[];
  /** Protective campaigns: the countries with too few supporters to be named, together. */
  readonly others?: { readonly confirmed: number; readonly selfReported: number } | null;
  /** Protective campaigns: when the snapshot shown was taken (ISO); absent for live counts. */
  readonly asOf?: string;
}
