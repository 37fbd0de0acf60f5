/*
 * CSV for spreadsheets (RFC 4180): comma-separated, CRLF line ends, every field quoted
 * with inner quotes doubled, UTF-8 with a byte-order mark so that Excel reads accents
 * and non-Latin names right.
 */

/** The byte-order mark that tells spreadsheets the file is UTF-8. */
export const BOM = '\uFEFF';

// Spreadsheets run a cell that begins with one of these as a formula (OWASP, "CSV
// Injection"); tab and carriage return are on OWASP's list too.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: a value that a spreadsheet would take for a formula gets a leading
 * apostrophe, so "=HYPERLINK(…)" typed as a name stays text.
 */
export function csvCell(value: string | null | undefined): string {
  const text = value ?? '';
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A whole file: the header row, then one row per record, with the BOM in front. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | null | undefined)[])[]): string {
  return BOM + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
