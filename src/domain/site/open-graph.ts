/*
 * Open Graph's own spelling of things (https://ogp.me): link previews on social networks
 * and messengers read these, not the page's lang attribute.
 */

/**
 * A BCP 47 language tag as Open Graph writes a locale, language_TERRITORY: "pt-BR" →
 * "pt_BR", and a bare language with its likeliest territory ("ru" → "ru_RU", "en" →
 * "en_US"), since a locale without one is not of the format Facebook reads.
 */
export function openGraphLocale(tag: string): string {
  try {
    const locale = new Intl.Locale(tag).maximize();
    return locale.region ? `${locale.language}_${locale.region}` : locale.language;
  } catch {
    return tag.replace(/-/g, '_');
  }
}
