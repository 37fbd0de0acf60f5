/*
 * Paced delivery: a target receives at most N letters an hour, only on weekdays inside
 * its office hours, in its own time zone. A flood of identical mail at 3 a.m. gets a
 * campaign filtered as spam; a steady stream through the working day gets it read.
 */

/** "09:00-17:00" as minutes after midnight. */
export function parseOfficeHours(text: string): { open: number; close: number } | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(text.trim());
  if (!match) return null;
  const open = Number(match[1]) * 60 + Number(match[2]);
  const close = Number(match[3]) * 60 + Number(match[4]);
  return close > open ? { open, close } : null;
}

/** True for an IANA time-zone name that this runtime knows ("Asia/Almaty"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

interface LocalTime {
  readonly weekday: number; // 0 Sunday … 6 Saturday
  readonly minutes: number; // after local midnight
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function localTime(at: Date, zone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return { weekday: WEEKDAYS.indexOf(part('weekday')), minutes: Number(part('hour')) * 60 + Number(part('minute')) };
}

/**
 * The earliest moment at or after `at` that falls on a weekday inside office hours.
 * Steps in whole minutes (at most a week of them), which is exact across daylight-saving
 * changes without a time-zone library.
 */
export function nextOfficeMoment(at: Date, officeHours: string, zone: string): Date {
  const hours = parseOfficeHours(officeHours) ?? { open: 9 * 60, close: 17 * 60 };
  const safeZone = isTimeZone(zone) ? zone : 'UTC';
  let t = at.getTime();
  const isOpen = (time: LocalTime) => time.weekday >= 1 && time.weekday <= 5 && time.minutes >= hours.open && time.minutes < hours.close;
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
