/**
 * The compressed form a client takes, from its Accept-Encoding header: Brotli before
 * gzip, either only when listed and not refused with `q=0`. Enough of RFC 9110 §12.5.3
 * for real clients: a proxy that says `br;q=0` must not receive Brotli.
 */
export function pickEncoding(header: string | undefined): 'br' | 'gzip' | null {
  if (!header) return null;
  const accepted = new Set<string>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}
