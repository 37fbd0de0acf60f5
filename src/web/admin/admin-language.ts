import type { FastifyRequest } from 'fastify';
import { catalogues, type Messages } from '../../i18n/messages.js';

/**
 * The first language of an Accept-Language header that has a catalogue, by the header's
 * q-values (RFC 9110 §12.5.4); undefined when none has one. Used before sign-in, when no
 * account says which language to speak.
 */
export function acceptedLanguage(header: string | undefined, languages: readonly string[]): string | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.tag && r.tag !== '*' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const found = languages.find((l) => l.toLowerCase() === tag) ?? languages.find((l) => l.toLowerCase() === tag.split('-')[0]);
    if (found) return found;
  }
  return undefined;
}

/**
 * The messages for an admin request. A signed-in person gets the language they chose, or
 * the site's default language; before sign-in (no account to ask) the browser's
 * preferred language among the catalogues, else the site's default.
 */
export function adminMessagesFor(request: FastifyRequest, signedIn: { readonly language: string | null } | null, siteLanguage: string): Messages {
  const all = catalogues();
  if (signedIn) return all.for(signedIn.language ?? siteLanguage);
  return all.for(acceptedLanguage(request.headers['accept-language'], all.languages()) ?? siteLanguage);
}
