/*
 * Paced delivery: a target receives at most N letters an hour, only inside its office
 * hours (Monday to Friday unless the days are given), in its own time zone. A flood of identical mail at 3 a.m. gets a
 * campaign filtered as spam; a steady stream through the working day gets it read.
 */

/** Office hours: the days (0 Sunday … 6 Saturday) and minutes after midnight. */
export interface OfficeHours {
  readonly days: ReadonlySet<number>;
  readonly open: number;
  readonly close: number;
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * "09:00-17:00" (Monday to Friday) or with days first: "Mon-Sat 08:30-18:00",
 * "Sun-Sat 00:00-24:00" (every hour of every day).
 */
export function parseOfficeHours(text: string): OfficeHours | null {
  const match = /^(?:([A-Za-z]{3})-([A-Za-z]{3})\s+)?([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(text.trim());
  if (!match) return null;
  const first = match[1] ? DAY_NAMES.indexOf(match[1].toLowerCase()) : 1;
  const last = match[2] ? DAY_NAMES.indexOf(match[2].toLowerCase()) : 5;
  if (first < 0 || last < 0) return null;
  const days = new Set<number>();
  for (let d = first; ; d = (d + 1) % 7) {
    days.add(d);
    if (d === last) break;
  }
  const open = Number(match[3]) * 60 + Number(match[4]);
  const close = Number(match[5]) * 60 + Number(match[6]);
  return close > open ? { days, open, close } : null;
}

/** True for an IANA time-zone name that this runtime knows ("Asia/Almaty"). */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

// Building an Intl.DateTimeFormat costs far more than using one (it was a tenth of the
// CPU of confirming actions), and a campaign has a handful of zones: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (formatters.size > 1000) formatters.clear();
    formatters.set(zone, formatter);
  }
  return formatter;
}

interface LocalTime {
  readonly weekday: number; // 0 Sunday … 6 Saturday
  readonly minutes: number; // after local midnight
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function localTime(at: Date, zone: string): LocalTime {
  const parts = formatterFor(zone).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return { weekday: WEEKDAYS.indexOf(part('weekday')), minutes: Number(part('hour')) * 60 + Number(part('minute')) };
}

/**
 * The earliest moment at or after `at` that falls on an office day inside office hours.
 * Steps in whole minutes (at most a week of them), which is exact across daylight-saving
 * changes without a time-zone library.
 */
export function nextOfficeMoment(at: Date, officeHours: string, zone: string): Date {
  const hours = parseOfficeHours(officeHours) ?? { days: new Set([1, 2, 3, 4, 5]), open: 9 * 60, close: 17 * 60 };
  const safeZone = isTimeZone(zone) ? zone : 'UTC';
  let t = at.getTime();
  const isOpen = (time: LocalTime) => hours.days.has(time.weekday) && time.minutes >= hours.open && time.minutes < hours.close;
  let local = localTime(new Date(t), safeZone);
  if (isOpen(local)) return at;
  // Jump to the next whole minute, then move in steps that cannot overshoot an opening.
  t = Math.ceil(t / 60_000) * 60_000;
  for (let i = 0; i < 8 * 24 * 60; i++) {
    local = localTime(new Date(t), safeZone);
    if (isOpen(local)) return new Date(t);
    const untilOpen = local.minutes < hours.open ? hours.open - local.minutes : 24 * 60 - local.minutes + hours.open;
    // Daylight-saving shifts are at most an hour: stepping one hour short of the opening is safe.
    t += Math.max(1, Math.min(untilOpen - 60, 24 * 60)) * 60_000;
  }
  return at;
}

/**
 * When the next paced letter to a target may leave, and when the one after it may:
 * no earlier than the target's previous slot plus 60/N minutes, inside office hours.
 */
export function nextDeliverySlot(
  now: Date,
  target: { readonly nextSlotAt: string | null; readonly pacePerHour: number; readonly officeHours: string; readonly timeZone: string },
): { slot: Date; following: Date } {
  const previous = target.nextSlotAt ? new Date(target.nextSlotAt) : now;
  const earliest = previous.getTime() > now.getTime() ? previous : now;
  const slot = nextOfficeMoment(earliest, target.officeHours, target.timeZone);
  const interval = 3_600_000 / Math.max(1, target.pacePerHour);
  return { slot, following: new Date(slot.getTime() + interval) };
}
