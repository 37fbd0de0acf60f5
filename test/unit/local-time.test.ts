import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endOfLocalDay, isTimeZone, localDay, offsetMinutes, timeZoneNames, utcToLocalInput, zonedToUtc } from '../../src/domain/time/local-time.ts';

describe('wall-clock times in a zone', () => {
  it('maps an ordinary time to one instant', () => {
    expect(zonedToUtc('2026-06-15T09:00', 'Asia/Almaty')).toEqual({ kind: 'exact', utc: '2026-06-15T04:00:00.000Z' });
    expect(zonedToUtc('2026-06-15T09:00', 'Europe/Stockholm')).toEqual({ kind: 'exact', utc: '2026-06-15T07:00:00.000Z' });
    expect(zonedToUtc('2026-01-15T09:00', 'Europe/Stockholm')).toEqual({ kind: 'exact', utc: '2026-01-15T08:00:00.000Z' });
    expect(zonedToUtc('2026-01-15T09:00', 'America/Sao_Paulo')).toEqual({ kind: 'exact', utc: '2026-01-15T12:00:00.000Z' });
  });

  it('knows that a time skipped when clocks go forward never happens (Stockholm, 29 March 2026, 02:00 → 03:00)', () => {
    expect(zonedToUtc('2026-03-29T02:30', 'Europe/Stockholm')).toEqual({ kind: 'skipped' });
    expect(zonedToUtc('2026-03-29T01:59', 'Europe/Stockholm')).toEqual({ kind: 'exact', utc: '2026-03-29T00:59:00.000Z' });
    expect(zonedToUtc('2026-03-29T03:00', 'Europe/Stockholm')).toEqual({ kind: 'exact', utc: '2026-03-29T01:00:00.000Z' });
  });

  it('knows that a time repeated when clocks go back happens twice, and picks the earlier (Stockholm, 25 October 2026)', () => {
    expect(zonedToUtc('2026-10-25T02:30', 'Europe/Stockholm')).toEqual({
      kind: 'ambiguous',
      utc: '2026-10-25T00:30:00.000Z',
      later: '2026-10-25T01:30:00.000Z',
    });
    expect(zonedToUtc('2026-10-25T03:30', 'Europe/Stockholm')).toEqual({ kind: 'exact', utc: '2026-10-25T02:30:00.000Z' });
  });

  it('follows the southern hemisphere and zones that changed their rules (Israel, Almaty’s move to UTC+5 in 2024)', () => {
    expect(zonedToUtc('2026-03-27T02:30', 'Asia/Jerusalem')).toEqual({ kind: 'skipped' });
    expect(offsetMinutes(new Date('2023-06-01T00:00:00Z'), 'Asia/Almaty')).toBe(360);
    expect(offsetMinutes(new Date('2026-06-01T00:00:00Z'), 'Asia/Almaty')).toBe(300);
    expect(offsetMinutes(new Date('2026-01-01T00:00:00Z'), 'Australia/Sydney')).toBe(660);
    expect(offsetMinutes(new Date('2026-07-01T00:00:00Z'), 'Australia/Sydney')).toBe(600);
  });

  it('refuses what is not a date, a time or a zone', () => {
    for (const [local, zone] of [
      ['2026-02-30T09:00', 'UTC'],
      ['2026-06-15T24:00', 'UTC'],
      ['tomorrow', 'UTC'],
      ['2026-06-15T09:00', 'Mars/Olympus'],
    ] as const) {
      expect(zonedToUtc(local, zone)).toEqual({ kind: 'invalid' });
    }
    expect(isTimeZone('Asia/Almaty')).toBe(true);
    expect(isTimeZone('Asia/Almaty; DROP')).toBe(false);
    expect(timeZoneNames()[0]).toBe('UTC');
    expect(timeZoneNames()).toContain('Africa/Lagos');
  });

  it('shows a stored instant as the wall-clock time that was typed, across both changes', () => {
    expect(utcToLocalInput('2026-03-29T01:00:00.000Z', 'Europe/Stockholm')).toBe('2026-03-29T03:00');
    expect(utcToLocalInput('2026-10-25T00:30:00.000Z', 'Europe/Stockholm')).toBe('2026-10-25T02:30');
    expect(utcToLocalInput('2026-10-25T01:30:00.000Z', 'Europe/Stockholm')).toBe('2026-10-25T02:30');
    expect(localDay('2026-04-30T20:00:00.000Z', 'Asia/Almaty')).toBe('2026-05-01');
  });

  it('ends a day at local midnight, also on the days clocks change', () => {
    expect(endOfLocalDay('2026-04-30', 'Asia/Almaty')).toBe('2026-04-30T18:59:59.999Z');
    expect(endOfLocalDay('2026-03-28', 'Europe/Stockholm')).toBe('2026-03-28T22:59:59.999Z');
    expect(endOfLocalDay('2026-03-29', 'Europe/Stockholm')).toBe('2026-03-29T21:59:59.999Z');
    expect(endOfLocalDay('2026-10-25', 'Europe/Stockholm')).toBe('2026-10-25T22:59:59.999Z');
    expect(endOfLocalDay('2026-04-30', 'UTC')).toBe('2026-04-30T23:59:59.999Z');
    // Havana's clocks go forward at midnight: the day after 7 March 2026 begins at 01:00.
    expect(endOfLocalDay('2026-03-07', 'America/Havana')).toBe('2026-03-08T04:59:59.999Z');
  });

  it('round-trips every instant through the wall clock in any of a set of zones', () => {
    const zones = ['Europe/Stockholm', 'Asia/Almaty', 'Africa/Lagos', 'America/Sao_Paulo', 'Asia/Jerusalem', 'Europe/Athens'];
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2030-01-01') }), fc.constantFrom(...zones), (ms, zone) => {
        const instant = new Date(ms - (ms % 60_000)).toISOString();
        const back = zonedToUtc(utcToLocalInput(instant, zone), zone);
        expect(back.kind === 'exact' || back.kind === 'ambiguous').toBe(true);
        if (back.kind === 'exact') expect(back.utc).toBe(instant);
        if (back.kind === 'ambiguous') expect([back.utc, back.later]).toContain(instant);
      }),
      { numRuns: 500 },
    );
  });
});
