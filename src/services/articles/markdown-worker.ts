// The thread that renders Markdown for the pool in markdown-pool.ts. It runs the one
// renderer in domain/articles/markdown.ts, loaded from the address the pool gives: a
// `.js` file in dist/, or the `.ts` source under vitest, which Node strips of its types.
// Erasable TypeScript only, for that reason.
import { parentPort, workerData } from 'node:worker_threads';
import type { renderMarkdown as RenderMarkdown } from '../../domain/articles/markdown.js';

/** A render asked of this thread. */
export interface RenderRequest {
  readonly id: number;
  readonly source: string;
}

/** What this thread answers: the HTML, or the message of what went wrong ('ready' once, when loaded). */
export type RenderResponse = { readonly id: number; readonly html: string } | { readonly id: number; readonly error: string };

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
