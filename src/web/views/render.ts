import { h, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Messages } from '../../i18n/messages.js';
import { MessagesContext } from './messages-context.js';

/**
 * Renders a whole page in the language of `messages` (English when none is given);
 * preact escapes every text and attribute value by default.
 */
export function renderDocument(page: VNode, messages?: Messages): string {
  if (!messages) return `<!DOCTYPE html>${renderToString(page)}`;
  return `<!DOCTYPE html>${renderToString(h(MessagesContext.Provider, { value: messages }, page))}`;
}

/** JSON for a `<script type="application/ld+json">`: "</" is escaped so no text can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
