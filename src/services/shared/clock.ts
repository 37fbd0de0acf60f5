/** The time, injectable so tests can move it (session expiry, scheduled publishing). */
export type Clock = () => Date;

/** The real clock. */
export const systemClock: Clock = () => new Date();
