import type { Section } from '../../../domain/sections/section.js';
import type { SectionInput } from '../../../domain/sections/section-input.js';
import { splitList } from '../../../domain/sections/section-input.js';
import { field, type Form } from '../kit.js';

/** The section form as typed: lists stay one text each, so a refused form shows them as they were. */
export interface SectionForm {
  readonly name: string;
  readonly shortName: string;
  readonly slug: string;
  readonly countries: string;
  readonly languages: string;
  readonly timeZone: string;
  readonly logoMediaId: string;
  readonly description: string;
  readonly contactEmail: string;
}

const NAMES = ['name', 'shortName', 'slug', 'countries', 'languages', 'timeZone', 'logoMediaId', 'description', 'contactEmail'] as const;

/** The form a request sent. */
export function sectionFormOf(form: Form): SectionForm {
  return Object.fromEntries(NAMES.map((name) => [name, field(form, name)])) as unknown as SectionForm;
}

/** What the rules check, from the form. */
export function sectionInputOf(form: SectionForm): SectionInput {
  return { ...form, countries: splitList(form.countries), languages: splitList(form.languages) };
}

/** A stored section as its edit form shows it. */
export function formOfSection(s: Section): SectionForm {
  return {
    name: s.name,
    shortName: s.shortLabel,
    slug: s.slug,
    countries: s.countries.join(', '),
    languages: s.languages.join(', '),
    timeZone: s.timeZone ?? '',
    logoMediaId: s.logoMediaId === null ? '' : String(s.logoMediaId),
    description: s.description ?? '',
    contactEmail: s.contactEmail ?? '',
  };
}

/** A new section's form: the site's default time zone to start from. */
export function emptySectionForm(timeZone: string): SectionForm {
  return { name: '', shortName: '', slug: '', countries: '', languages: '', timeZone, logoMediaId: '', description: '', contactEmail: '' };
}
