import type { Logger } from 'pino';
import type { WakeSignal } from '../services/shared/wake-signal.js';

/*
 * Every background job has the same life: a run at start (what fell due while Placard was
 * stopped is done at once), then a run every interval, and sooner when something wakes it.
 * The runner owns that life once, so each job is only its name and what one run does.
 */

/** One background job, as the runner needs to know it. */
export interface JobDefinition<T> {
  /** Names the job in the log ("delivery", "retention"). */
  readonly name: string;
  /** Time between runs, from the start of one interval to the next. */
  readonly intervalMs: number;
  /**
   * One run. `signal` is aborted by `stop()`: a run made of many batches checks it
   * between batches, so stopping waits for one batch rather than a whole run.
   */
  readonly run: (signal: AbortSignal) => Promise<T>;
  /** Wakes the job between intervals (a submission arrived, say). */
  readonly wake?: Pick<WakeSignal, 'subscribe'>;
  /**
   * Done once at start, before the first run (releasing a dead predecessor's leases,
   * say). Should it fail, the failure is logged and the job starts all the same.
   */
  readonly prepare?: () => Promise<void>;
  /** Where a failed run is reported, with the job's name; null: nowhere. */
  readonly logger?: Logger | null;
}

/** A job the runner drives. */
export interface Job<T> {
  /**
   * Runs the job now and resolves with that run's result; a failed run rejects. Runs
   * never overlap: called while one is in progress, it waits for it, then runs again, so
   * its result always covers what was there when it was called. Tests call it directly.
   */
  runOnce(): Promise<T>;
  /**
   * Prepares, runs at once, then every interval and on every wake. Without a preparation
   * the first run begins before start() returns; a stop() during the preparation means
   * no run. Starting twice changes nothing.
   */
  start(): void;
  /** Stops the interval and the wakes, asks a run in progress to end, and waits for it. */
  stop(): Promise<void>;
}

/**
 * Creates a job. A trigger (the interval or a wake) that comes during a run asks for one
 * more run right after it, however many come: work that arrived during a run may have
 * missed it. A run that fails is logged with the job's name and the job goes on: the next
 * trigger runs it again.
 */
export function createJob<T>(definition: JobDefinition<T>): Job<T> {
  const log = definition.logger ?? null;
  let active = false;
  // Which start() is current: a stop() and a new start() while the first still prepares
  // must not leave the first one's timer running.
  let session = 0;
  let starting: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  let controller = new AbortController();
  let current: Promise<T> | null = null;
  // Asked for by runOnce() during a run: one follow-up run that every such caller shares.
  let followUp: Promise<T> | null = null;
  // Asked for by a trigger during a run: a follow-up nobody awaits.
  let triggered = false;

  const execute = (): Promise<T> => {
    const signal = controller.signal;
    const run = (async () => definition.run(signal))().finally(() => {
      current = null;
      if (!triggered) return;
      triggered = false;
      // A follow-up already asked for by runOnce() covers the trigger too.
      if (!followUp && active) trigger();
    });
    current = run;
    return run;
  };

  const runOnce = (): Promise<T> => {
    if (!current) return execute();
    followUp ??= current
      .catch(() => undefined)
      .then(() => {
        followUp = null;
        return current ?? execute();
      });
    return followUp;
  };

  const trigger = () => {
    if (current) {
      triggered = true;
      return;
    }
    runOnce().catch((error: unknown) => log?.error({ err: error, job: definition.name }, `${definition.name} failed; trying again at the next interval`));
  };

  return {
    runOnce,
    start() {
      if (active) return;
      active = true;
      const mine = ++session;
      const begin = () => {
        if (mine !== session) return;
        unsubscribe = definition.wake?.subscribe(trigger) ?? null;
        trigger();
        timer = setInterval(trigger, definition.intervalMs);
        // The jobs never keep the process alive on their own: stopping the server ends it.
        timer.unref();
      };
      if (!definition.prepare) {
        // The first run starts within start(), so a stop() right after it waits for that run.
        begin();
        return;
      }
      starting = definition
        .prepare()
        .catch((error: unknown) => log?.error({ err: error, job: definition.name }, `preparing ${definition.name} failed`))
        .then(begin);
    },
    async stop() {
      active = false;
      session++;
      triggered = false;
      if (timer) clearInterval(timer);
      timer = null;
      unsubscribe?.();
      unsubscribe = null;
      controller.abort();
      // Runs asked for after the stop (a test calling runOnce) start unaborted.
      controller = new AbortController();
      await starting;
      starting = null;
      await Promise.all([current?.catch(() => undefined), followUp?.catch(() => undefined)]);
    },
  };
}
