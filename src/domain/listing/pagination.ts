/** How many items a listing page shows. */
export const PAGE_SIZE = 20;

/** The outcome of reading `?page=`: a page number, or a message saying what is wrong. */
export type PageParse = { ok: true; page: number; canonical: boolean } | { ok: false; message: string };

/**
 * Reads the `page` query parameter. Absent means 1; anything but a whole number from 1
 * to 100000 is refused with a message (the route answers 400), never a server error.
 * `canonical` is false for a number written another way than its canonical address
 * writes it (`1`, `01`, `002`, or empty): public listings redirect those.
 */
export function parsePage(raw: unknown): PageParse {
  if (raw === undefined) return { ok: true, page: 1, canonical: true };
  if (raw === '') return { ok: true, page: 1, canonical: false };
  if (typeof raw !== 'string' || !/^[0-9]{1,6}$/.test(raw)) {
    return { ok: false, message: 'The page number must be a whole number, 1 or more.' };
  }
  const page = Number(raw);
  if (page < 1 || page > 100_000) return { ok: false, message: 'The page number must be between 1 and 100000.' };
  return { ok: true, page, canonical: page > 1 && raw === String(page) };
}

/** A listing page's address: the path alone for the first page, `?page=N` after it. */
export function pagePath(path: string, page: number): string {
  return page > 1 ? `${path}?page=${page}` : path;
}

/** Page count for a total, never less than 1 so an empty listing still has its first page. */
export function pageCount(total: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}
