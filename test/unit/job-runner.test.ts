import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createJob, type Job } from '../../src/jobs/job-runner.js';
import { createWakeSignal } from '../../src/services/shared/wake-signal.js';

/*
 * The runner on real timers with short intervals: what it runs, when, never two at once,
 * and that a failing run is logged and does not end the job.
 */

async function until(what: string, probe: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise and the function that settles it: a run that ends when the test says so. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** A logger that keeps its lines, parsed. */
function capturedLogger() {
  const lines: { level: number; msg: string; job?: string; err?: { message: string } }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const started: Job<unknown>[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((job) => job.stop()));
});

function track<T>(job: Job<T>): Job<T> {
  started.push(job);
  return job;
}

describe('unit: the job runner', () => {
  it('runs at once on start, then every interval, and not after stop', async () => {
    let runs = 0;
    const job = track(createJob({ name: 'ticker', intervalMs: 20, run: async () => ++runs }));
    job.start();
    await until('the first run', () => runs === 1, 50);
    await until('runs on the interval', () => runs >= 4);
    await job.stop();
    const stoppedAt = runs;
    await sleep(80);
    expect(runs).toBe(stoppedAt);
  });

  it('begins the first run within start, so a stop right after it waits for that run', async () => {
    let finished = 0;
    const job = createJob({
      name: 'daily',
      intervalMs: 60_000,
      run: async () => {
        await sleep(20);
        finished++;
      },
    });
    job.start();
    await job.stop();
    expect(finished).toBe(1);
  });

  it('starting twice starts one loop with one preparation', async () => {
    let prepared = 0;
    let runs = 0;
    const job = track(
      createJob({
        name: 'twice',
        intervalMs: 60_000,
        prepare: async () => void prepared++,
        run: async () => ++runs,
      }),
    );
    job.start();
    job.start();
    await until('the first run', () => runs === 1);
    await sleep(30);
    expect({ prepared, runs }).toEqual({ prepared: 1, runs: 1 });
  });

  it('prepares before the first run, and starts even when preparing fails', async () => {
    const { logger, lines } = capturedLogger();
    const order: string[] = [];
    const job = track(
      createJob({
        name: 'leases',
        intervalMs: 60_000,
        logger,
        prepare: async () => {
          order.push('prepare');
          throw new Error('database away');
        },
        run: async () => void order.push('run'),
      }),
    );
    job.start();
    await until('the first run', () => order.includes('run'));
    expect(order).toEqual(['prepare', 'run']);
    expect(lines).toContainEqual(
      expect.objectContaining({ job: 'leases', msg: 'preparing leases failed', err: expect.objectContaining({ message: 'database away' }) }),
    );
  });

  it('never runs twice at once: runOnce during a run waits for it, then runs again for every caller at once', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const gates = [gate(), gate()];
    const job = createJob({
      name: 'serial',
      intervalMs: 60_000,
      run: async () => {
        const mine = runs++;
        active++;
        most = Math.max(most, active);
        await gates[mine]?.promise;
        active--;
        return mine;
      },
    });
    const first = job.runOnce();
    await until('the first run to begin', () => runs === 1);
    // Called during the first run: what they ask about may have arrived after it looked.
    const second = job.runOnce();
    const third = job.runOnce();
    await sleep(20);
    expect(runs).toBe(1);
    gates[0]?.open();
    expect(await first).toBe(0);
    await until('the follow-up run to begin', () => runs === 2);
    gates[1]?.open();
    expect([await second, await third]).toEqual([1, 1]);
    expect({ runs, most }).toEqual({ runs: 2, most: 1 });
  });

  it('a failed run rejects its caller, is logged with the job’s name when the timer ran it, and the job goes on', async () => {
    const { logger, lines } = capturedLogger();
    let runs = 0;
    const job = track(
      createJob({
        name: 'flaky',
        intervalMs: 20,
        logger,
        run: async () => {
          runs++;
          if (runs <= 2) throw new Error(`broken run ${runs}`);
          return runs;
        },
      }),
    );
    await expect(job.runOnce()).rejects.toThrow('broken run 1');
    job.start();
    await until('a run after the failure', () => runs >= 4);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        job: 'flaky',
        msg: 'flaky failed; trying again at the next interval',
        err: expect.objectContaining({ message: 'broken run 2' }),
      }),
    );
    // Called directly, a run's failure is the caller's to handle: it is not logged twice.
    expect(lines.filter((l) => l.err?.message === 'broken run 1')).toEqual([]);
  });

  it('runs when woken between intervals, and once more when woken during a run', async () => {
    const wake = createWakeSignal({ delayMs: 0 });
    let runs = 0;
    let hold = gate();
    const job = track(
      createJob({
        name: 'woken',
        intervalMs: 60_000,
        wake,
        run: async () => {
          runs++;
          await hold.promise;
        },
      }),
    );
    hold.open();
    job.start();
    await until('the first run', () => runs === 1);
    await sleep(10);
    wake.wake();
    await until('the woken run', () => runs === 2);

    // Three wakes during a run make one follow-up, not three.
    hold = gate();
    wake.wake();
    await until('the run that will be woken during', () => runs === 3);
    for (let i = 0; i < 3; i++) {
      wake.wake();
      await sleep(5);
    }
    expect(runs).toBe(3);
    hold.open();
    await until('the follow-up', () => runs === 4);
    await sleep(30);
    expect(runs).toBe(4);
  });

  it('stop asks the run in progress to end, waits for it, and stops listening for wakes', async () => {
    const wake = createWakeSignal({ delayMs: 0 });
    const batches: number[] = [];
    let runs = 0;
    const job = createJob({
      name: 'batches',
      intervalMs: 60_000,
      wake,
      run: async (signal) => {
        runs++;
        // A run of many batches, as the workers' rounds are, checking between batches.
        for (let i = 0; i < 100 && !signal.aborted; i++) {
          await sleep(2);
          batches.push(i);
        }
      },
    });
    job.start();
    await until('a few batches', () => batches.length >= 3);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    expect(stopped).toBe(false);
    await stopping;
    const done = batches.length;
    expect(done).toBeLessThan(100);
    wake.wake();
    await sleep(30);
    expect({ runs, batches: batches.length }).toEqual({ runs: 1, batches: done });
    // After a stop, a run asked for directly is a whole one again.
    await job.runOnce();
    expect(batches.length).toBe(done + 100);
  });

  it('stop, then start again, runs the job again', async () => {
    let runs = 0;
    const job = track(createJob({ name: 'restart', intervalMs: 60_000, run: async () => void runs++ }));
    job.start();
    await until('the first run', () => runs === 1);
    await job.stop();
    job.start();
    await until('the run of the second start', () => runs === 2);
  });
});
