import type { Campaign, CampaignTexts, Target } from './campaign.js';
import { letterForOfficials, type Signatory } from './letter.js';

/*
 * A campaign in several languages (docs/decisions/0023): its own fields are its first
 * language's texts, `translations` the others'. A public page per language shows that
 * language's texts; each official's letter goes in the language a coordinator chose for
 * them, whatever language the supporter acted in.
 */

/** The language a campaign's own fields are written in; English for a campaign that names none. */
export function firstLanguage(campaign: Pick<Campaign, 'languages'>): string {
  return campaign.languages[0] ?? 'en';
}

/** The campaign's own texts, as written in its first language. */
function ownTexts(campaign: Campaign): CampaignTexts {
  const { title, summary, demands, letter, petitionText, callScript } = campaign;
  return { language: firstLanguage(campaign), title, summary, demands, letter, petitionText, callScript };
}

/** The languages a campaign has a page in: its first, and every further one it has texts for, in its order. */
export function pageLanguages(campaign: Campaign): string[] {
  const first = firstLanguage(campaign);
  return [first, ...campaign.languages.filter((l) => l !== first && campaign.translations.some((t) => t.language === l))];
}

/** The campaign's texts in a language, or its first language's when it has none in that one. */
export function textsIn(campaign: Campaign, language: string): CampaignTexts {
  return campaign.translations.find((t) => t.language === language) ?? ownTexts(campaign);
}

/** The campaign as its page in `language` shows it: that language's texts in the campaign's own fields. */
export function inLanguage(campaign: Campaign, language: string): Campaign {
  const { language: _language, ...texts } = textsIn(campaign, language);
  return { ...campaign, ...texts };
}

/**
 * The language of the letter a supporter edited, as the form reported it: one of the
 * pages' languages, else the first (an old form, a removed language, a made-up value).
 */
export function letterLanguageOf(campaign: Campaign, reported: string | null | undefined): string {
  return reported && pageLanguages(campaign).includes(reported) ? reported : firstLanguage(campaign);
}

/** What a supporter's letter is: the text they edited and the language of the model letter it began as. */
export interface SupportersLetter {
  readonly text: string;
  readonly language: string;
}

/**
 * The text one official's letter is made from. An official who reads the language the
 * supporter wrote in gets the supporter's own text. Any other gets the campaign's model
 * letter in the official's language: a supporter's edits cannot be translated, and a
 * letter the official cannot read helps no one. A language with no model letter yet (a
 * draft's) falls back to the supporter's text.
 */
export function templateFor(campaign: Campaign, target: Pick<Target, 'letterLanguage'>, letter: SupportersLetter): string {
  if (target.letterLanguage === letter.language) return letter.text;
  const model = textsIn(campaign, target.letterLanguage);
  return model.language === target.letterLanguage && model.letter.body.trim() !== '' ? model.letter.body : letter.text;
}

/**
 * The letter, but for the salutation, that each official with an address receives from
 * one supporter, by target id: every one made by letterForOfficials, so that a model
 * letter in another language is cleaned of the supporter's identity and signed exactly
 * as their own text would be (protective mode keeps every guarantee).
 */
export function lettersForTargets(campaign: Campaign, letter: SupportersLetter, who: Signatory & { readonly email: string }): Map<number, string> {
  const letters = new Map<number, string>();
  for (const target of campaign.targets) {
    if (!target.email) continue;
    letters.set(target.id, letterForOfficials(templateFor(campaign, target, letter), who, campaign.identityMode, { language: target.letterLanguage }));
  }
  return letters;
}
