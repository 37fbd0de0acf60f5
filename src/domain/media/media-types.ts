const TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
};

/** The type a media file is served (and stored in a bucket) with, by its extension; undefined for a file Placard does not serve. */
export function mediaType(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? TYPES[name.slice(dot).toLowerCase()] : undefined;
}
