import { countryName, type CountryCode } from '../geo/countries.js';

/**
 * Names the network uses instead of ICU's English names in kickers: its readers say
 * "Britain" and "US", as the captured page does, not "United Kingdom" and "United States".
 */
const kickerNames: Readonly<Record<string, string>> = {
  GB: 'Britain',
  US: 'US',
  RU: 'Russia',
  KR: 'South Korea',
  KP: 'North Korea',
  CD: 'Congo (DRC)',
  PS: 'Palestine',
};

/** The short name of a country as a kicker shows it. */
export function countryKickerName(code: CountryCode): string {
  return kickerNames[code] ?? countryName(code);
}

/**
 * The kicker (the label before a title, "Kazakhstan:" or "Review:"): an editor's
 * override wins, then the primary country, then the primary topic; none otherwise.
 */
export function deriveKicker(input: { override: string | null; primaryCountry: CountryCode | null; primaryTopic: string | null }): string | null {
  const override = input.override?.trim();
  if (override) return override;
  if (input.primaryCountry) return countryKickerName(input.primaryCountry);
  const topic = input.primaryTopic?.trim();
  return topic ? topic : null;
}
