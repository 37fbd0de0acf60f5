import type { DemoPublication, DemoSection } from './demo-types.js';

/** A section with the wordings the captured page's bylines use for it. */
export interface CatalogueEntry {
  readonly section: DemoSection;
  /**
   * What follows "CWI" (after an optional "supporters", "in", "the") inside a byline's
   * parentheses, lower case with "&" spelled "and": "(CWI in England & Wales)" → "england and wales".
   */
  readonly places: readonly string[];
  /** The names the section signs with; a byline must use one of them before its label. */
  readonly names: readonly string[];
  /** Phrases that identify the section in a byline that carries no CWI label at all. */
  readonly aliases: readonly string[];
}

function entry(section: DemoSection, wordings: { places: string[]; names: string[]; aliases?: string[] }): CatalogueEntry {
  return { section, places: wordings.places, names: wordings.names, aliases: wordings.aliases ?? [] };
}

/**
 * Every section named in the page's bylines. Websites are null: the page names none,
 * and a guessed address would be invented data.
 */
export const catalogue: readonly CatalogueEntry[] = [
  // The international itself, not a national section. Its country is GB because its
  // international secretariat is in London; it publishes in many languages, English first.
  entry(
    { slug: 'cwi', name: 'Committee for a Workers’ International', shortLabel: 'CWI', country: 'GB', languages: ['en'], website: null },
    { places: [], names: ['Committee for a Workers’ International', 'CWI'] },
  ),
  entry(
    { slug: 'socialist-party-england-wales', name: 'Socialist Party', shortLabel: 'CWI England & Wales', country: 'GB', languages: ['en'], website: null },
    { places: ['england and wales'], names: ['Socialist Party'] },
  ),
  // Scotland has a section of its own although it shares the UK's country code.
  entry(
    { slug: 'socialist-party-scotland', name: 'Socialist Party Scotland', shortLabel: 'CWI Scotland', country: 'GB', languages: ['en'], website: null },
    { places: ['scotland'], names: ['Socialist Party Scotland'] },
  ),
  entry(
    { slug: 'socialist-party-ireland', name: 'Socialist Party', shortLabel: 'CWI Ireland', country: 'IE', languages: ['en', 'ga'], website: null },
    { places: ['ireland'], names: ['Socialist Party'] },
  ),
  entry(
    { slug: 'united-socialist-party-sri-lanka', name: 'United Socialist Party', shortLabel: 'CWI Sri Lanka', country: 'LK', languages: ['si', 'ta', 'en'], website: null },
    { places: ['sri lanka'], names: ['United Socialist Party', 'USP'] },
  ),
  // Two sections share the name "Democratic Socialist Movement": only the label tells them apart.
  entry(
    { slug: 'dsm-south-africa', name: 'Democratic Socialist Movement', shortLabel: 'CWI South Africa', country: 'ZA', languages: ['en'], website: null },
    { places: ['south africa'], names: ['Democratic Socialist Movement', 'DSM'] },
  ),
  entry(
    { slug: 'dsm-nigeria', name: 'Democratic Socialist Movement', shortLabel: 'CWI Nigeria', country: 'NG', languages: ['en'], website: null },
    { places: ['nigeria'], names: ['Democratic Socialist Movement', 'DSM'] },
  ),
  entry(
    { slug: 'socialist-alternative', name: 'Socialist Alternative', shortLabel: 'CWI USA', country: 'US', languages: ['en'], website: null },
    { places: ['usa', 'us'], names: ['Socialist Alternative'] },
  ),
  // "austalia" is the page's own misspelling ("CWI Austalia"); it is matched, not corrected in the text.
  entry(
    { slug: 'socialist-party-australia', name: 'Socialist Party', shortLabel: 'CWI Australia', country: 'AU', languages: ['en'], website: null },
    { places: ['australia', 'austalia'], names: ['Socialist Party'] },
  ),
  entry(
    { slug: 'rattvisepartiet-socialisterna', name: 'Rättvisepartiet Socialisterna', shortLabel: 'CWI in Sweden', country: 'SE', languages: ['sv'], website: null },
    { places: ['sweden'], names: ['Rättvisepartiet Socialisterna'] },
  ),
  // The page never labels it "CWI in Kazakhstan" (it is a broader movement CWI members
  // take part in), so no CWI label is claimed: its label is its name.
  entry(
    { slug: 'socialist-movement-kazakhstan', name: 'Socialist Movement Kazakhstan', shortLabel: 'Socialist Movement Kazakhstan', country: 'KZ', languages: ['ru', 'kk'], website: null },
    { places: [], names: ['Socialist Movement Kazakhstan'], aliases: ['reporters in Kazakhstan'] },
  ),
  entry(
    { slug: 'controcorrente', name: 'Controcorrente', shortLabel: 'CWI in Italy', country: 'IT', languages: ['it'], website: null },
    { places: ['italy'], names: ['Controcorrente'] },
  ),
  entry(
    { slug: 'gauche-revolutionnaire', name: 'Gauche Révolutionnaire', shortLabel: 'CWI in France', country: 'FR', languages: ['fr'], website: null },
    { places: ['france'], names: ['Gauche Révolutionnaire'] },
  ),
  entry(
    { slug: 'xekinima', name: 'Xekinima', shortLabel: 'CWI Greece', country: 'GR', languages: ['el'], website: null },
    { places: ['greece'], names: ['Xekinima'] },
  ),
];

/** Periodicals the bylines name. Two are called "The Socialist": the section tells them apart. */
export const demoPublications: readonly DemoPublication[] = [
  { slug: 'socialism-today', name: 'Socialism Today', sectionSlug: 'socialist-party-england-wales' },
  { slug: 'the-socialist-england-wales', name: 'The Socialist', sectionSlug: 'socialist-party-england-wales' },
  { slug: 'the-socialist-australia', name: 'The Socialist', sectionSlug: 'socialist-party-australia' },
];

/** The sections of the catalogue, in catalogue order. */
export const demoSections: readonly DemoSection[] = catalogue.map((e) => e.section);
