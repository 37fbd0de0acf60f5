/** How many items a listing page shows. */
export const PAGE_SIZE = 20;

/** The outcome of reading `?page=`: a page number, or a message saying what is wrong. */
export type PageParse = { ok: true; page: number } | { ok: false; message: string };

/**
 * Reads the `page` query parameter. Absent means 1; anything but a whole number from 1
 * to 100000 is refused with a message (the route answers 400), never a server error.
 */
export function parsePage(raw: unknown): PageParse {
  if (raw === undefined || raw === '') return { ok: true, page: 1 };
  if (typeof raw !== 'string' || !/^[0-9]{1,6}$/.test(raw)) {
    return { ok: false, message: 'The page number must be a whole number, 1 or more.' };
  }
  const page = Number(raw);
  if (page < 1 || page > 100_000) return { ok: false, message: 'The page number must be between 1 and 100000.' };
  return { ok: true, page };
}

/** Page count for a total, never less than 1 so an empty listing still has its first page. */
export function pageCount(total: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}
