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

const SAFE_NAME = /^[A-Za-z0-9_-]{1,100}\.[a-z0-9]{2,5}$/;

/** True for a name a media file may have: no slashes, dots only before the extension. */
export function isSafeMediaName(name: string): boolean {
  return SAFE_NAME.test(name);
}
