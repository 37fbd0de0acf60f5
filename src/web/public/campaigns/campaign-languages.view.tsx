import { endonym } from '../../../domain/articles/translations.js';
import type { VNode } from 'preact';
import type { Campaign } from '../../../domain/campaigns/campaign.js';
import { targetLabel } from '../../../domain/campaigns/campaign.js';
import { firstLanguage, pageLanguages } from '../../../domain/campaigns/campaign-languages.js';
import { useMessages } from '../../views/messages-context.js';
import { campaignPath } from './campaign-parts.view.js';

/*
 * A campaign's pages in its languages (docs/decisions/0023): the address of each, the
 * picker that links them and the notice beside a letter that some officials receive in
 * another language.
 */

/**
 * The page of a campaign in a language: `/campaigns/<slug>` in its first language,
 * `/campaigns/<slug>/<language>` in the others. A path per language, not a cookie or
 * Accept-Language, so every version is one cached page with one canonical address.
 */
export function campaignLanguagePath(campaign: Pick<Campaign, 'slug' | 'languages'>, language: string): string {
  const base = campaignPath(campaign.slug);
  return language === firstLanguage(campaign) ? base : `${base}/${encodeURIComponent(language)}`;
}

/** `<link rel="alternate" hreflang>` for every version of the page, and x-default for the first. */
export function languageAlternates(campaign: Campaign, publicUrl: string): { hreflang: string; href: string }[] | undefined {
  const languages = pageLanguages(campaign);
  if (languages.length < 2) return undefined;
  return [
    ...languages.map((l) => ({ hreflang: l, href: publicUrl + campaignLanguagePath(campaign, l) })),
    { hreflang: 'x-default', href: publicUrl + campaignLanguagePath(campaign, firstLanguage(campaign)) },
  ];
}

/** Links to the campaign's page in each of its languages, each named in itself; the current one marked. */
export function LanguagePicker(props: { campaign: Campaign; current: string }): VNode | null {
  const m = useMessages();
  const languages = pageLanguages(props.campaign);
  if (languages.length < 2) return null;
  return (
    <nav class="language-picker" aria-label={m.t('public.campaign-languages.picker')}>
      <ul>
        {languages.map((l) => (
          <li>
            <a href={campaignLanguagePath(props.campaign, l)} lang={l} hrefLang={l} aria-current={l === props.current ? 'page' : undefined}>
              {endonym(l)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Beside the letter: the officials whose letters go in another language than this page's
 * receive the campaign's letter in theirs, not the text edited here. Says nothing when
 * every official reads this page's language.
 */
export function LetterLanguagesNotice(props: { campaign: Campaign; language: string }): VNode | null {
  const m = useMessages();
  const others = props.campaign.targets.filter((t) => t.email && t.letterLanguage !== props.language);
  if (others.length === 0) return null;
  return (
    <div class="notice letter-languages">
      <p>{m.t('public.campaign-languages.notice')}</p>
      <ul>
        {others.map((t) => (
          <li>{m.t('public.campaign-languages.notice-item', { target: targetLabel(t), language: m.languageName(t.letterLanguage) })}</li>
        ))}
      </ul>
    </div>
  );
}
