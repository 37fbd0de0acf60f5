import type { CountryCode } from '../geo/countries.js';

/** An affiliated organisation of the network: a party, union or group in one country. */
export interface Section {
  readonly id: number;
  readonly slug: string;
  /** Full name, as the section calls itself ("Rättvisepartiet Socialisterna"). */
  readonly name: string;
  /** How the network labels it in bylines ("CWI in Sweden"). */
  readonly shortLabel: string;
  readonly country: CountryCode;
  /** BCP 47 language tags the section publishes in, most used first. */
  readonly languages: readonly string[];
  readonly website: string | null;
}

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
