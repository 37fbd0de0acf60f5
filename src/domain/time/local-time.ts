/**
 * Wall-clock times in a time zone, for the people who type and read them: an editor in
 * Almaty schedules for 09:00 Almaty time, and Placard stores the UTC instant. The rules
 * of daylight-saving time come from the ICU data Node ships (`Intl`), never from a table
 * of our own.
 */

/** "2026-03-29T02:30": what a `datetime-local` input sends, without seconds or zone. */
export type LocalDateTime = string;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d{1,3})?)?$/;
const DAY = 86_400_000;

const wallClocks = new Map<string, Intl.DateTimeFormat>();
function wallClock(zone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(zone, format);
  }
  return format;
}

/** Whether `zone` is an IANA time zone this runtime knows ("Asia/Almaty", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of an instant in a zone, as milliseconds since 1970 "as if UTC". */
function wallMillis(instant: number, zone: string): number {
  const parts = Object.fromEntries(
    wallClock(zone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
}

/** The zone's offset from UTC at an instant, in minutes (Almaty +300 or +360, Stockholm +60 or +120). */
export function offsetMinutes(instant: Date | number, zone: string): number {
  const at = typeof instant === 'number' ? instant : instant.getTime();
  const whole = at - (at % 1000);
  return Math.round((wallMillis(whole, zone) - whole) / 60_000);
}

/** How a typed wall-clock time maps onto instants in a zone. */
export type ZonedResult =
  /** The time happens once: the usual case. */
  | { readonly kind: 'exact'; readonly utc: string }
  /** Clocks go back and the time happens twice: the earlier is chosen, the later given. */
  | { readonly kind: 'ambiguous'; readonly utc: string; readonly later: string }
  /** Clocks jump forward over it: it never happens that day. */
  | { readonly kind: 'skipped' }
  /** Not a date and time at all. */
  | { readonly kind: 'invalid' };

/**
 * The UTC instant(s) at which a wall-clock time happens in a zone. The offsets a day
 * before and a day after are tried, which finds both sides of any daylight-saving change.
 */
export function zonedToUtc(local: LocalDateTime, zone: string): ZonedResult {
  const m = LOCAL.exec(local.trim());
  if (!m || !isTimeZone(zone)) return { kind: 'invalid' };
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return { kind: 'invalid' };
  const candidates = [...new Set([offsetMinutes(asUtc - DAY, zone), offsetMinutes(asUtc + DAY, zone)])]
    .map((offset) => asUtc - offset * 60_000)
    .filter((instant) => wallMillis(instant, zone) === asUtc)
    .sort((a, b) => a - b);
  const [first, second] = [...new Set(candidates)];
  if (first === undefined) return { kind: 'skipped' };
  const utc = new Date(first).toISOString();
  return second === undefined ? { kind: 'exact', utc } : { kind: 'ambiguous', utc, later: new Date(second).toISOString() };
}

/** What a `datetime-local` input shows for a stored instant, in a zone: "2026-10-25T02:30". */
export function utcToLocalInput(iso: string, zone: string): LocalDateTime {
  return new Date(wallMillis(new Date(iso).getTime(), zone)).toISOString().slice(0, 16);
}

/** The calendar day ("2026-04-30") an instant falls on in a zone. */
export function localDay(iso: string | Date, zone: string): string {
  const at = typeof iso === 'string' ? new Date(iso).getTime() : iso.getTime();
  return new Date(wallMillis(at, zone)).toISOString().slice(0, 10);
}

/**
 * The last instant of a calendar day in a zone, in UTC: a deadline of "30 April" in
 * Almaty ends at 23:59:59.999 Almaty time. Midnight that begins the next day is found
 * even where a daylight-saving change falls on it.
 */
export function endOfLocalDay(day: string, zone: string): string {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
  for (const minute of ['00:00', '01:00', '02:00']) {
    const start = zonedToUtc(`${next}T${minute}`, zone);
    if (start.kind === 'exact' || start.kind === 'ambiguous') return new Date(Date.parse(start.utc) - 1).toISOString();
  }
  throw new Error(`no start of ${next} in ${zone}`);
}

/** Every IANA zone this runtime knows, for the selects: UTC first, then alphabetical. */
export function timeZoneNames(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
}
