/** A clock tests can move: sessions expire and scheduled articles publish when it says so. */
export function testClock(start = '2026-03-01T09:00:00.000Z') {
  let now = Date.parse(start);
  const clock = () => new Date(now);
  return Object.assign(clock, {
    advance(minutes: number) {
      now += minutes * 60_000;
    },
    set(iso: string) {
      now = Date.parse(iso);
    },
  });
}

/** What testClock returns. */
export type TestClock = ReturnType<typeof testClock>;
