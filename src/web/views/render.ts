import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Renders a whole page; preact escapes every text and attribute value by default. */
export function renderDocument(page: VNode): string {
  return `<!DOCTYPE html>${renderToString(page)}`;
}

/** JSON for a `<script type="application/ld+json">`: "</" is escaped so no text can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
