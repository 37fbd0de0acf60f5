// The thread that renders Markdown for the pool in markdown-pool.ts. It runs the one
// renderer in domain/articles/markdown.ts, loaded from the address the pool gives: a
// `.js` file in dist/, or the `.ts` source under vitest, which Node strips of its types.
// Erasable TypeScript only, for that reason.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { renderMarkdown as RenderMarkdown } from '../../domain/articles/markdown.js';

/** A render asked of this thread. */
export interface RenderRequest {
  readonly id: number;
  readonly source: string;
}

/** What this thread answers: the HTML, or the message of what went wrong ('ready' once, when loaded). */
export type RenderResponse = { readonly id: number; readonly html: string } | { readonly id: number; readonly error: string };

/**
 * Lowers this thread's priority (nice 10) on Linux, where a thread has its own id: when
 * the cores are busy, the thread answering readers goes first and a render waits. On a
 * loaded machine the event loop otherwise stalled up to 80 ms while a render ran.
 * Elsewhere, or when not allowed, the thread keeps the process's priority.
 */
function yieldToReaders(): void {
  try {
    const threadId = Number(/\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (threadId) setPriority(threadId, 10);
  } catch {
    // Not Linux, or not permitted: the render simply shares the cores evenly.
  }
}

yieldToReaders();
const { markdownModule } = workerData as { markdownModule: string };
const { renderMarkdown } = (await import(markdownModule)) as { renderMarkdown: typeof RenderMarkdown };

parentPort?.on('message', (request: RenderRequest) => {
  let response: RenderResponse;
  try {
    response = { id: request.id, html: renderMarkdown(request.source) };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
// The pool's time limit counts from here: loading the renderer is not the text's fault.
parentPort?.postMessage('ready');
