import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { MARKDOWN_MAX_CHARS } from '../../domain/articles/markdown.js';
import { TextTooComplex } from '../../domain/errors.js';
import type { RenderRequest, RenderResponse } from './markdown-worker.js';

/** Renders article bodies away from the thread that answers requests. */
export interface MarkdownRenderer {
  /** The sanitised HTML of a body; TextTooComplex when it is too long or takes too long. */
  render(source: string): Promise<string>;
  /** Stops the threads; renders still waiting are refused. */
  close(): Promise<void>;
}

/** How the pool is sized and limited. */
export interface MarkdownPoolOptions {
  /** Threads; by default one fewer than the cores (one at least), leaving a core to serve. */
  readonly threads?: number;
  /** How long one render may take before its thread is stopped and replaced. */
  readonly timeLimitMs?: number;
  /** Renders that may wait for a thread; beyond them a render is refused at once. */
  readonly maxWaiting?: number;
}

/**
 * 64 waiting texts of at most 200,000 characters hold at most ~25 MB, and the last of
 * them waits its turn behind renders that each stop within the time limit: a flood of
 * previews is refused, not queued without end.
 */
export const DEFAULT_MAX_WAITING_RENDERS = 64;

/**
 * 2 s is five times the slowest render of a body within MARKDOWN_MAX_CHARS measured on
 * one core (0.4 s), so only input built to be slow meets it.
 */
export const DEFAULT_RENDER_TIME_LIMIT_MS = 2_000;

interface Job {
  readonly source: string;
  resolve(html: string): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker | null;
  /** Whether the thread has loaded the renderer: the time limit counts from then, not from its start-up. */
  ready: boolean;
  job: { readonly id: number; readonly job: Job; timer: NodeJS.Timeout | null } | null;
}

// Compiled, this file is dist/…/markdown-pool.js beside markdown-worker.js; under vitest
// it is the .ts source, and the worker and the renderer are loaded as .ts too.
const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const WORKER_URL = new URL(`./markdown-worker${extension}`, import.meta.url);
const MARKDOWN_MODULE = new URL(`../../domain/articles/markdown${extension}`, import.meta.url).href;

const tooSlow = () =>
  new TextTooComplex('The text took too long to render. Long runs of brackets or other markup are the usual cause; simplify or split the text.');

/**
 * A small pool of worker threads running domain/articles/markdown.ts. Markdown-it is
 * synchronous: 1.9 MB of `[` held the event loop for 4 s, and every reader with it.
 * A render runs in a thread with a time limit; on timeout the thread is terminated and
 * the next render starts a new one. Threads start on first use, never at import.
 */
export function createMarkdownPool(options: MarkdownPoolOptions = {}): MarkdownRenderer {
  return new MarkdownPool(
    options.threads ?? Math.max(1, availableParallelism() - 1),
    options.timeLimitMs ?? DEFAULT_RENDER_TIME_LIMIT_MS,
    options.maxWaiting ?? DEFAULT_MAX_WAITING_RENDERS,
  );
}

const closedError = () => new Error('the markdown pool is closed');

class MarkdownPool implements MarkdownRenderer {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    threads: number,
    private readonly timeLimitMs: number,
    private readonly maxWaiting: number,
  ) {
    this.slots = Array.from({ length: threads }, () => ({ worker: null, ready: false, job: null }));
  }

  render(source: string): Promise<string> {
    if (source.length > MARKDOWN_MAX_CHARS) {
      return Promise.reject(
        new TextTooComplex(`The text is ${source.length.toLocaleString('en')} characters long; the limit is ${MARKDOWN_MAX_CHARS.toLocaleString('en')}.`),
      );
    }
    if (this.closed) return Promise.reject(closedError());
    if (this.queue.length >= this.maxWaiting) {
      return Promise.reject(new TextTooComplex('Many texts are being rendered at this moment; preview or save again in a minute. Your text is kept.'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ source, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(closedError());
    await Promise.all(
      this.slots.map(async (slot) => {
        const worker = slot.worker;
        slot.worker = null;
        if (slot.job) this.finish(slot, { error: closedError() });
        if (worker) await worker.terminate();
      }),
    );
  }

  /** Gives each idle slot the next waiting job, starting its thread when it has none. */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0 || this.closed) continue;
      const job = this.queue.shift() as Job;
      slot.worker ??= this.spawn(slot);
      slot.job = { id: this.nextId++, job, timer: null };
      this.start(slot);
    }
  }

  /** Sends the slot's job to its thread once the thread is ready, and starts the clock. */
  private start(slot: Slot): void {
    const running = slot.job;
    if (!running || running.timer || !slot.ready || !slot.worker) return;
    running.timer = setTimeout(() => {
      this.discard(slot);
      this.finish(slot, { error: tooSlow() });
    }, this.timeLimitMs);
    slot.worker.postMessage({ id: running.id, source: running.job.source } satisfies RenderRequest);
  }

  private finish(slot: Slot, outcome: { html: string } | { error: Error }): void {
    const running = slot.job;
    if (!running) return;
    if (running.timer) clearTimeout(running.timer);
    slot.job = null;
    if ('html' in outcome) running.job.resolve(outcome.html);
    else running.job.reject(outcome.error);
    this.dispatch();
  }

  private discard(slot: Slot): void {
    const worker = slot.worker;
    slot.worker = null;
    slot.ready = false;
    if (worker) void worker.terminate();
  }

  private spawn(slot: Slot): Worker {
    // A body within the limits needs a few MB; a bound keeps a runaway render from taking the process's memory.
    const worker = new Worker(WORKER_URL, { workerData: { markdownModule: MARKDOWN_MODULE }, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    worker.unref();
    worker.on('message', (response: RenderResponse | 'ready') => {
      if (response === 'ready') {
        slot.ready = true;
        return this.start(slot);
      }
      if (slot.job?.id !== response.id) return;
      this.finish(slot, 'html' in response ? { html: response.html } : { error: new Error(`markdown render failed: ${response.error}`) });
    });
    worker.on('error', (error) => {
      if (slot.worker !== worker) return;
      this.discard(slot);
      const outOfMemory = 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.finish(slot, { error: outOfMemory ? new TextTooComplex('The text needed too much memory to render; simplify or split it.') : error });
    });
    worker.on('exit', () => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      slot.ready = false;
      this.finish(slot, { error: new Error('the markdown thread stopped') });
    });
    return worker;
  }
}
