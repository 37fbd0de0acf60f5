import { describe, expect, it } from 'vitest';
import { nextDeliverySlot, nextOfficeMoment, parseOfficeHours } from '../../src/domain/campaigns/pacing.js';
import { nextRetry, retryDelay, RETRY_WINDOW_MS } from '../../src/services/delivery/retry-policy.js';

const MINUTE = 60_000;

describe('unit: paced delivery', () => {
  it('reads office hours with and without days', () => {
    expect(parseOfficeHours('09:00-17:00')).toEqual({ days: new Set([1, 2, 3, 4, 5]), open: 540, close: 1020 });
    expect(parseOfficeHours('Mon-Sat 08:30-18:00')?.days).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(parseOfficeHours('Sun-Sat 00:00-24:00')).toMatchObject({ open: 0, close: 1440 });
    expect(parseOfficeHours('17:00-09:00')).toBeNull();
    expect(parseOfficeHours('9-5')).toBeNull();
  });

  it('moves a letter written at night or at the weekend to the next opening, in the target’s time zone', () => {
    // Sunday 1 March 2026, 09:00 UTC = 14:00 in Almaty (UTC+5): closed on Sunday.
    const sunday = new Date('2026-03-01T09:00:00.000Z');
    expect(nextOfficeMoment(sunday, '09:00-17:00', 'Asia/Almaty').toISOString()).toBe('2026-03-02T04:00:00.000Z');
    // Monday 18:30 in Almaty: after closing, so Tuesday 09:00 local.
    expect(nextOfficeMoment(new Date('2026-03-02T13:30:00.000Z'), '09:00-17:00', 'Asia/Almaty').toISOString()).toBe('2026-03-03T04:00:00.000Z');
    // Inside office hours: at once.
    const open = new Date('2026-03-02T05:17:00.000Z');
    expect(nextOfficeMoment(open, '09:00-17:00', 'Asia/Almaty')).toEqual(open);
  });

  it('keeps office hours across a daylight-saving change', () => {
    // Europe/Dublin moves to summer time on Sunday 29 March 2026: 09:00 local is 08:00 UTC after it.
    expect(nextOfficeMoment(new Date('2026-03-28T12:00:00.000Z'), '09:00-17:00', 'Europe/Dublin').toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('spaces letters 60/N minutes apart and never before the previous slot', () => {
    const now = new Date('2026-03-02T05:00:00.000Z');
    const target = { nextSlotAt: null, pacePerHour: 12, officeHours: '09:00-17:00', timeZone: 'Asia/Almaty' };
    const first = nextDeliverySlot(now, target);
    expect(first.slot).toEqual(now);
    expect(first.following.getTime() - first.slot.getTime()).toBe(5 * MINUTE);
    const second = nextDeliverySlot(now, { ...target, nextSlotAt: first.following.toISOString() });
    expect(second.slot).toEqual(first.following);
  });

  it('carries letters past closing time to the next morning', () => {
    // 16:58 in Almaty with a slot already taken until 17:03: the next one waits for 09:00 tomorrow.
    const now = new Date('2026-03-02T11:58:00.000Z');
    const { slot } = nextDeliverySlot(now, { nextSlotAt: '2026-03-02T12:03:00.000Z', pacePerHour: 12, officeHours: '09:00-17:00', timeZone: 'Asia/Almaty' });
    expect(slot.toISOString()).toBe('2026-03-03T04:00:00.000Z');
  });
});

describe('unit: retries of temporarily failed mail', () => {
  it('waits 1, 5, 15 minutes, an hour, two, then four hours at most', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 12].map((n) => retryDelay(n) / MINUTE)).toEqual([1, 5, 15, 60, 120, 240, 240, 240]);
  });

  it('keeps retrying for 48 hours after the first failure, then gives up', () => {
    const now = new Date('2026-03-02T10:00:00.000Z');
    let attempts = 1;
    let waited = 0;
    for (;;) {
      const next = nextRetry(attempts, now);
      if ('giveUp' in next) break;
      waited += next.retryAt.getTime() - now.getTime();
      attempts++;
    }
    expect(waited).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    expect(waited).toBeLessThan(RETRY_WINDOW_MS + retryDelay(100));
    expect(attempts).toBe(18);
  });
});
