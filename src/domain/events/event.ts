import type { CountryCode } from '../geo/countries.js';

/** Kinds of gathering a section organises. */
export const EVENT_KINDS = ['protest', 'lobby', 'picket', 'meeting', 'vigil'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_STATUSES = ['planned', 'cancelled', 'held'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * A protest, lobby or picket, often one of many in several countries tied to one
 * campaign, with a report article afterwards ("Reports of CWI-organised lobbies in
 * Ireland, Israel, Austria"). Times are UTC instants with the IANA zone they happen in,
 * so a calendar shows the local time at the place.
 */
export interface PlacardEvent {
  readonly id: number;
  readonly slug: string;
  readonly kind: EventKind;
  readonly title: string;
  readonly summary: string;
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly timeZone: string;
  readonly country: CountryCode;
  readonly city: string | null;
  readonly venue: string | null;
  readonly status: EventStatus;
  readonly campaignId: number | null;
  readonly sectionId: number | null;
  readonly reportArticleId: number | null;
}

/** An event is over once it has ended (or, without an end, once it has started). */
export function isPast(event: Pick<PlacardEvent, 'startsAt' | 'endsAt'>, now: Date): boolean {
  return new Date(event.endsAt ?? event.startsAt).getTime() < now.getTime();
}
