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
}

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

const tooSlow = () => new TextTooComplex('The text took too long to render. Long runs of brackets or other markup are the usual cause; simplify or split the text.');

/**
 * A small pool of worker threads running domain/articles/markdown.ts. Markdown-it is
 * synchronous: 1.9 MB of `[` held the event loop for 4 s, and every reader with it.
 * A render runs in a thread with a time limit; on timeout the thread is terminated and
 * the next render starts a new one. Threads start on first use, never at import.
 */
export function createMarkdownPool(options: MarkdownPoolOptions = {}): MarkdownRenderer {
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_RENDER_TIME_LIMIT_MS;
  const slots: Slot[] = Array.from({ length: options.threads ?? Math.max(1, availableParallelism() - 1) }, () => ({ worker: null, ready: false, job: null }));
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot, outcome: { html: string } | { error: Error }) => {
    const running = slot.job;
    if (!running) return;
    if (running.timer) clearTimeout(running.timer);
    slot.job = null;
    if ('html' in outcome) running.job.resolve(outcome.html);
    else running.job.reject(outcome.error);
    dispatch();
  };

  const discard = (slot: Slot) => {
    const worker = slot.worker;
    slot.worker = null;
    slot.ready = false;
    if (worker) void worker.terminate();
  };

  /** Sends the slot's job to its thread once the thread is ready, and starts the clock. */
  const start = (slot: Slot) => {
    const running = slot.job;
    if (!running || running.timer || !slot.ready || !slot.worker) return;
    running.timer = setTimeout(() => {
      discard(slot);
      finish(slot, { error: tooSlow() });
    }, timeLimitMs);
    slot.worker.postMessage({ id: running.id, source: running.job.source } satisfies RenderRequest);
  };

  const spawn = (slot: Slot): Worker => {
    // A body within the limits needs a few MB; a bound keeps a runaway render from taking the process's memory.
    const worker = new Worker(WORKER_URL, { workerData: { markdownModule: MARKDOWN_MODULE }, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    worker.unref();
    worker.on('message', (response: RenderResponse | 'ready') => {
      if (response === 'ready') {
        slot.ready = true;
        return start(slot);
      }
      if (slot.job?.id !== response.id) return;
      finish(slot, 'html' in response ? { html: response.html } : { error: new Error(`markdown render failed: ${response.error}`) });
    });
    worker.on('error', (error) => {
      if (slot.worker !== worker) return;
      discard(slot);
      const outOfMemory = 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(slot, { error: outOfMemory ? new TextTooComplex('The text needed too much memory to render; simplify or split it.') : error });
    });
    worker.on('exit', () => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      slot.ready = false;
      finish(slot, { error: new Error('the markdown thread stopped') });
    });
    return worker;
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (slot.job || queue.length === 0 || closed) continue;
      const job = queue.shift() as Job;
      slot.worker ??= spawn(slot);
      slot.job = { id: nextId++, job, timer: null };
      start(slot);
    }
  };

  return {
    render(source) {
      if (source.length > MARKDOWN_MAX_CHARS) {
        return Promise.reject(new TextTooComplex(`The text is ${source.length.toLocaleString('en')} characters long; the limit is ${MARKDOWN_MAX_CHARS.toLocaleString('en')}.`));
      }
      if (closed) return Promise.reject(new Error('the markdown pool is closed'));
      return new Promise((resolve, reject) => {
        queue.push({ source, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the markdown pool is closed'));
      await Promise.all(
        slots.map(async (slot) => {
          const worker = slot.worker;
          slot.worker = null;
          if (slot.job) finish(slot, { error: new Error('the markdown pool is closed') });
          if (worker) await worker.terminate();
        }),
      );
    },
  };
}
