/**
 * Turns a title into a URL slug. Letters and digits of every script are kept
 * ("Rättvisepartiet" → "rättvisepartiet", "Россия" → "россия"), because readers of
 * a section in Russian or Greek deserve readable links; everything else becomes a
 * single hyphen. Case is folded with the root locale so the same title always gives
 * the same slug.
 */
export function slugify(text: string, maxLength = 80): string {
  const slug = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  // Cut at a hyphen so no word is left half-written.
  const cut = slug.slice(0, maxLength);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > maxLength / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, '');
}

/** Returns `base`, or `base-2`, `base-3`… — the first that `taken` does not hold. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  const root = base === '' ? 'untitled' : base;
  if (!taken.has(root)) return root;
  for (let n = 2; ; n++) {
    const candidate = `${root}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A key for sorting names in a way readers expect across languages (diacritics after their base letter). */
export const nameCollator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Folds case and diacritics: "Rättvisepartiet" and "rattvisepartiet" give the same key. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}
