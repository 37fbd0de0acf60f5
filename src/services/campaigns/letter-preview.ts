import { LIMITS, type ActionFormValues } from '../../domain/campaigns/action-input.js';
import { targetLabel, type Campaign } from '../../domain/campaigns/campaign.js';
import { letterLanguageOf, lettersForTargets } from '../../domain/campaigns/campaign-languages.js';
import { letterMessages, withSalutation, type Signatory } from '../../domain/campaigns/letter.js';
import { isCountryCode } from '../../domain/geo/countries.js';
import { signatoryLine } from '../delivery/digest-text.js';

/*
 * The preview of a supporter's letter, before anything is stored: what each official
 * will receive, made by the functions that make the real thing (letterForOfficials for
 * the text, withSalutation for the salutation, signatoryLine for a digest's line), so
 * that what the supporter checks is what is sent.
 */

/** What one official will receive from this supporter. */
export interface LetterPreview {
  /** The official, as the page lists them. */
  readonly to: string;
  /** letter: the letter itself; digest: the supporter's line in the official's digest. */
  readonly kind: 'letter' | 'digest';
  readonly text: string;
}

/**
 * The exact letter each official with an address will receive if the form is sent as it
 * is. A form not yet complete previews too: a country not chosen reads "[your country]".
 */
export function previewLetters(campaign: Campaign, form: ActionFormValues): LetterPreview[] {
  const values = withinLimits(form);
  const known = isCountryCode(values.country);
  const template = known ? values.letter : values.letter.replace(/\{\{\s*country\s*\}\}/g, () => '[your country]');
  const protective = campaign.identityMode === 'protective';
  const who = {
    name: values.name,
    email: values.email,
    city: values.city || null,
    country: known ? values.country : 'ZZ',
    signAs: protective ? values.signAs : null,
  };
  const letters = officialsLetters(campaign, { text: template, language: letterLanguageOf(campaign, values.letterLanguage) }, who);
  return known ? letters : letters.map((l) => (l.kind === 'digest' ? { ...l, text: l.text.replace(/, [^,]*$/, ', [your country]') } : l));
}

/**
 * The form's values cut to the lengths a submission may have. The preview is built before
 * the form is checked, from whatever was sent: a megabyte typed as a name once kept the
 * server busy for seconds cleaning the letter of it (protective mode). A value over its
 * limit is refused beside its field when the form is sent, so the preview loses nothing.
 */
function withinLimits(values: ActionFormValues): ActionFormValues {
  return {
    ...values,
    name: values.name.slice(0, LIMITS.name),
    signAs: values.signAs.slice(0, LIMITS.signAs),
    email: values.email.slice(0, LIMITS.email),
    city: values.city.slice(0, LIMITS.city),
    letter: values.letter.slice(0, LIMITS.letter),
    country: values.country.slice(0, 2),
    letterLanguage: values.letterLanguage?.slice(0, 35),
  };
}

/**
 * What each official with an address receives for one supporter's letter: the letter with
 * their salutation, in the official's language (lettersForTargets), or the supporter's
 * line in their digest. The confirmation page shows this for the stored action, as the
 * preview does for the form.
 */
export function officialsLetters(
  campaign: Campaign,
  letter: { readonly text: string; readonly language: string },
  who: Signatory & { readonly email: string },
): LetterPreview[] {
  const letters = lettersForTargets(campaign, letter, who);
  // A digest's line is in the target's letter language, as the digest is.
  const line = (language: string) =>
    signatoryLine(
      { name: who.name || null, signAs: who.signAs ?? null, city: who.city, country: who.country },
      campaign.identityMode,
      letterMessages(language),
    );
  return campaign.targets
    .filter((t) => t.email)
    .map((t) =>
      t.deliveryMode === 'digest'
        ? { to: targetLabel(t), kind: 'digest' as const, text: line(t.letterLanguage) }
        : { to: targetLabel(t), kind: 'letter' as const, text: withSalutation(t.salutation, letters.get(t.id) ?? '') },
    );
}
