import type { VNode } from 'preact';
import { endonym } from '../../../domain/articles/translations.js';
import type { PublicTranslations } from '../../../services/articles/translations.js';
import { useMessages } from '../../views/messages-context.js';
import { articlePath } from '../../views/format.js';

/**
 * The language switcher: every published translation of the article, each named in its
 * own language (a reader looks for "Русский", not "Russian"), with `lang` so a screen
 * reader pronounces it right and `hreflang` saying what the link leads to.
 */
export function LanguageSwitcher(props: { translations: PublicTranslations; currentId: number }): VNode | null {
  const m = useMessages();
  if (props.translations.published.length === 0) return null;
  return (
    <nav class="translations" aria-label={m.t('public.translations.label')}>
      <ul>
        {props.translations.published.map((t) => (
          <li>
            {t.id === props.currentId ? (
              <span lang={t.language} aria-current="page">
                {endonym(t.language)}
              </span>
            ) : (
              <a href={articlePath(t.slug)} lang={t.language} hreflang={t.language}>
                {endonym(t.language)}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A translation's notice, in the page's language, while its original has a public update it does not follow yet. */
export function BehindOriginal(props: { translations: PublicTranslations }): VNode | null {
  const m = useMessages();
  const behind = props.translations.behind;
  if (!behind) return null;
  return (
    <p class="translation-behind" role="note">
      {m.rich('public.translations.behind', {
        date: m.date(behind.updatedAt, 'long'),
        a: (chunks) => (
          <a href={articlePath(behind.original.slug)} lang={behind.original.language} hreflang={behind.original.language}>
            {chunks}
          </a>
        ),
      })}
    </p>
  );
}

/**
 * The hreflang alternates of an article page: each published translation, this one
 * included, and x-default for the original (for the page itself when it has no
 * published original or no translations).
 */
export function articleAlternates(
  translations: PublicTranslations,
  self: { slug: string; language: string },
  publicUrl: string,
): { hreflang: string; href: string }[] {
  const url = (slug: string) => publicUrl + articlePath(slug);
  const members = translations.published.length > 0 ? translations.published : [self];
  return [...members.map((t) => ({ hreflang: t.language, href: url(t.slug) })), { hreflang: 'x-default', href: url(translations.original?.slug ?? self.slug) }];
}
