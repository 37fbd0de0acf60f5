import type { CountryCode } from '../geo/countries.js';

/** An affiliated organisation of the network: a party, union or group in one country. */
export interface Section {
  readonly id: number;
  readonly slug: string;
  /** Full name, as the section calls itself ("Rättvisepartiet Socialisterna"). */
  readonly name: string;
  /** How the network labels it in bylines ("CWI in Sweden"). */
  readonly shortLabel: string;
  /** The primary country: the first of `countries`. */
  readonly country: CountryCode;
  /** BCP 47 language tags the section publishes in, most used first. */
  readonly languages: readonly string[];
  readonly website: string | null;
  /** Every country it works in, the primary first. */
  readonly countries: readonly CountryCode[];
  /** IANA time zone of its dates ("Asia/Almaty"); null to use the site's. */
  readonly timeZone: string | null;
  /** Its logo, an image of the media library. */
  readonly logoMediaId: number | null;
  readonly description: string | null;
  readonly contactEmail: string | null;
  /** When it was retired (kept with its articles, not offered for new ones); null while active. */
  readonly retiredAt: string | null;
}

/** The parts of a section that an installation may leave unset when it creates one (the demo, scripts). */
export type SectionProfileKey = 'countries' | 'timeZone' | 'logoMediaId' | 'description' | 'contactEmail' | 'retiredAt';

/** A section to create: the profile may come later. */
export type NewSection = Omit<Section, 'id' | SectionProfileKey> & Partial<Pick<Section, SectionProfileKey>>;

/** A contributor writes articles; a contributor need not have an account. */
export interface Contributor {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly sectionId: number | null;
}

/** A periodical in which an article may first have been published ("Socialism Today"). */
export interface Publication {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly url: string | null;
  readonly sectionId: number | null;
}

/** A subject that is not a country ("Women", "World economy"). */
export interface Topic {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
}
