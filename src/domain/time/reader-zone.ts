import { isTimeZone } from './local-time.js';

/** The zones that may say how a member of staff reads and types times, most personal first. */
export interface ZoneChoices {
  /** The zone the person chose on their account, or null. */
  readonly account?: string | null;
  /** The zone of what they are looking at: an article's first section, a campaign's section. */
  readonly thing?: string | null;
  /** The site's default time zone. */
  readonly site?: string | null;
}

/**
 * The one rule for the zone a member of staff reads and types times in: their own choice,
 * else the zone of the thing's section, else the site's default, else UTC. A name the
 * runtime does not know (edited by hand, dropped from the time zone data) is passed over
 * rather than breaking the page.
 */
export function readerZone(choices: ZoneChoices): string {
  for (const zone of [choices.account, choices.thing, choices.site]) {
    if (zone && isTimeZone(zone)) return zone;
  }
  return 'UTC';
}

/**
 * The zone a campaign's deadline day ends in: its section's, else the site's default,
 * else UTC. Not the coordinator's own zone: every coordinator and supporter must mean
 * the same day.
 */
export function campaignZone(choices: Omit<ZoneChoices, 'account'>): string {
  return readerZone({ thing: choices.thing, site: choices.site });
}

/** "+02:00", "-03:30", "+00:00": the zone's offset from UTC at an instant, as ISO 8601 writes it. */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
