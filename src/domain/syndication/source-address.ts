import type { FieldError } from '../articles/article-input.js';

/** What an editor typed to name a source: a fediverse handle or an actor's (or page's) address. */
export type SourceAddress = { readonly kind: 'handle'; readonly value: string } | { readonly kind: 'url'; readonly value: string };

const HANDLE = /^@?([A-Za-z0-9._~-]{1,100})@([A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?)$/;

/**
 * Reads the address of a site or section to follow: `@kazakhstan@news.example.org` (the
 * leading `@` may be left out) or an `https://` (or `http://`) address. Anything else is
 * refused with a message an editor can act on, before any server is asked.
 */
export function parseSourceAddress(raw: string): SourceAddress | FieldError {
  const text = raw.trim();
  if (text === '')
    return { field: 'address', message: 'Type the handle or the address of the site or section to follow.', key: 'admin.syndication.error.required' };
  const handle = HANDLE.exec(text);
  if (handle) return { kind: 'handle', value: `@${handle[1]}@${handle[2]}` };
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      if (url.hostname !== '' && !url.username && !url.password) return { kind: 'url', value: url.href };
    } catch {
      // refused below
    }
  }
  return {
    field: 'address',
    message: 'This is neither a handle such as @kazakhstan@news.example.org nor an address starting with https://.',
    key: 'admin.syndication.error.format',
  };
}

/** Whether a parse gave an address rather than a problem. */
export function isSourceAddress(parsed: SourceAddress | FieldError): parsed is SourceAddress {
  return 'kind' in parsed;
}
