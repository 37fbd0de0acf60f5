const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "27 August 2012": unambiguous in every English-speaking country, unlike 08/27 or 27/08. */
export function formatDate(iso: string): string {
  return longDate.format(new Date(iso));
}

/** "August 2012" for "2012-08". */
export function formatMonth(month: string): string {
  return monthName.format(new Date(`${month}-01T00:00:00Z`));
}

/** The path of an article page; slugs may hold any script, so they are percent-encoded. */
export function articlePath(slug: string): string {
  return `/articles/${encodeURIComponent(slug)}`;
}

/** The path of a listing, e.g. listingPath('sections', 'xekinima'). */
export function listingPath(kind: 'countries' | 'topics' | 'sections' | 'contributors' | 'types', slug: string): string {
  return `/${kind}/${encodeURIComponent(slug)}`;
}
