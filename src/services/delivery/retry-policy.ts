/*
 * When a temporarily failed message is tried again. The delays grow, so a server that is
 * down for minutes gets its mail minutes later, while one down for a day is not hammered:
 * 1 min, 5 min, 15 min, 1 h, 2 h, then every 4 h.
 *
 * Retries stop once the delays add up to 48 hours (the promise) — counted from the
 * first failure, not from when the message was queued: a paced letter may wait days for its
 * slot, and it must still get its 48 hours of retries. Counting attempts rather than
 * comparing clocks also means time the worker itself was stopped is not charged to the
 * message.
 */

const MINUTE = 60_000;

/** Delay before the next try, indexed by attempts made so far (1-based); the last repeats. */
export const RETRY_DELAYS_MS: readonly number[] = [1, 5, 15, 60, 120, 240].map((m) => m * MINUTE);

/** How long temporary failures are retried. */
export const RETRY_WINDOW_MS = 48 * 60 * MINUTE;

/** The delay after the n-th failed attempt. */
export function retryDelay(attempts: number): number {
  const index = Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1;
  return RETRY_DELAYS_MS[index] ?? RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1] ?? MINUTE;
}

/** The delays already waited after `attempts` failed attempts. */
function waited(attempts: number): number {
  let total = 0;
  for (let n = 1; n < attempts; n++) total += retryDelay(n);
  return total;
}

/**
 * What to do after the `attempts`-th attempt failed temporarily: try again at a time, or
 * give up because the message has been retried for the whole window.
 */
export function nextRetry(attempts: number, now: Date): { readonly retryAt: Date } | { readonly giveUp: true } {
  if (waited(attempts) >= RETRY_WINDOW_MS) return { giveUp: true };
  return { retryAt: new Date(now.getTime() + retryDelay(attempts)) };
}
