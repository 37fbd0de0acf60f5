import type { ArticleStatus } from './article.js';

/*
 * Article translations (docs/decisions/0022): articles that are one text in several
 * languages share a translation group. One of them is the group's original; every other
 * remembers the version of the original it was translated from and when it was last
 * brought up to date, so a public update of the original puts it "behind the original".
 */

/** One article of a translation group, as the admin panel and the public page need it. */
export interface TranslationMember {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly language: string;
  readonly status: ArticleStatus;
  readonly version: number;
  readonly lastUpdateAt: string | null;
  /** The original's version this translation was made from; null for the original. */
  readonly sourceVersion: number | null;
  /** When this translation was made or last marked up to date; null for the original. */
  readonly syncedAt: string | null;
}

/** A group with its members, in language order, and which of them is the original. */
export interface TranslationGroup {
  readonly id: string;
  readonly originalId: number;
  readonly members: readonly TranslationMember[];
}

/**
 * True when the original has had a public update since the translation was made or last
 * marked up to date. Only public updates count: an editor's save of the original fixes a
 * typo as often as it changes the meaning, and readers are told only of what was announced.
 */
export function isBehind(translation: Pick<TranslationMember, 'syncedAt'>, original: Pick<TranslationMember, 'lastUpdateAt'>): boolean {
  return translation.syncedAt !== null && original.lastUpdateAt !== null && original.lastUpdateAt > translation.syncedAt;
}

/** Why an article cannot join a group; each reason has its own message in the admin. */
export type LinkRefusal = 'self' | 'same-language' | 'other-group' | 'already-linked';

/**
 * Whether `candidate` may join the group of `article` (whose group may not exist yet):
 * never itself, never an article already in another group (it would silently leave
 * it), and never a second article in a language the group already has, because a reader
 * asking for that language must get one page.
 */
export function linkRefusal(
  article: { readonly id: number; readonly group: string | null },
  members: readonly Pick<TranslationMember, 'id' | 'language'>[],
  candidate: { readonly id: number; readonly group: string | null; readonly language: string },
): LinkRefusal | null {
  if (candidate.id === article.id) return 'self';
  if (candidate.group !== null && candidate.group === article.group) return 'already-linked';
  if (candidate.group !== null) return 'other-group';
  if (members.some((m) => m.language === candidate.language)) return 'same-language';
  return null;
}

/** A language tag in its canonical case ("pt-BR"), or null when it is not one. */
export function canonicalLanguage(tag: string): string | null {
  const trimmed = tag.trim();
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(trimmed)) return null;
  try {
    return Intl.getCanonicalLocales(trimmed)[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * A language's name in that language ("Русский", "Español"), as a language switcher
 * shows it: a reader looks for their own language's name, not its name in the page's.
 */
export function endonym(language: string): string {
  let name = language;
  try {
    name = new Intl.DisplayNames([language], { type: 'language', fallback: 'code' }).of(language) ?? language;
  } catch {
    return language;
  }
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}

/** The published members of a group, the public page's switcher and hreflang links. */
export function publishedMembers(group: TranslationGroup | null): TranslationMember[] {
  return group ? group.members.filter((m) => m.status === 'published') : [];
}
