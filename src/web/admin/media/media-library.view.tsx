import type { VNode } from 'preact';
import type { ImageVariant, MediaItem } from '../../../domain/media/media.js';
import { lacksAltText } from '../../../domain/media/media-rules.js';
import { formatDate } from '../../views/format.js';

/** "240 KB", "3.1 MB": sizes as people say them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The name the library shows for an item: its file name, or a number for media that came without one. */
export function mediaName(item: MediaItem): string {
  return item.originalName ?? `Image ${item.id}`;
}

/** The narrowest WebP rendition wide enough for the purpose, or the item itself when it has none (the demo's SVG). */
export function pickRendition(item: MediaItem, minWidth: number): Pick<ImageVariant, 'src' | 'width' | 'height'> {
  const webp = item.variants.filter((v) => v.format === 'webp');
  const chosen = webp.find((v) => v.width >= minWidth) ?? webp.at(-1);
  return chosen ?? { src: item.src, width: item.width ?? 0, height: item.height ?? 0 };
}

/** Dimensions and the size of the file served as the image's fallback ("1600 × 1067 px, 212 KB"). */
export function describeSize(item: MediaItem): string {
  const dimensions = item.width && item.height ? `${item.width} × ${item.height} px` : 'size unknown';
  const main = item.variants.find((v) => v.src === item.src);
  return main ? `${dimensions}, ${formatBytes(main.bytes)}` : dimensions;
}

function MediaCard(props: { item: MediaItem }): VNode {
  const { item } = props;
  const thumb = pickRendition(item, 320);
  const missing = lacksAltText(item.alt, item.originalName);
  return (
    <li class="media-card">
      {/* The alt text is written out below the picture, so the thumbnail itself is decorative. */}
      <a href={`/admin/media/${item.id}`}>
        <img src={thumb.src} alt="" width={thumb.width || undefined} height={thumb.height || undefined} loading="lazy" />
        <span class="media-name">{mediaName(item)}</span>
      </a>
      {missing ? <p class="needs-alt">Needs alt text</p> : <p class="media-alt">{item.alt}</p>}
      <p class="meta">
        {describeSize(item)}
        <br />
        <time dateTime={item.createdAt}>{formatDate(item.createdAt)}</time>
        {item.uploader ? `, ${item.uploader.name}` : ''}
      </p>
    </li>
  );
}

function Pages(props: { page: number; pages: number; search: string }): VNode | null {
  if (props.pages <= 1) return null;
  const href = (page: number) => `/admin/media?${new URLSearchParams({ ...(props.search ? { q: props.search } : {}), page: String(page) })}`;
  return (
    <nav class="pagination" aria-label="Pages">
      {props.page > 1 ? (
        <a href={href(props.page - 1)} rel="prev">
          Newer
        </a>
      ) : null}
      <span>
        Page {props.page} of {props.pages}
      </span>
      {props.page < props.pages ? (
        <a href={href(props.page + 1)} rel="next">
          Older
        </a>
      ) : null}
    </nav>
  );
}

/** The media library: a search, an upload link, a grid of thumbnails, pages. */
export function LibraryPage(props: { items: readonly MediaItem[]; total: number; page: number; pages: number; search: string }): VNode {
  const { items, search } = props;
  return (
    <>
      <h1>Media</h1>
      <p>
        <a class="button" href="/admin/media/upload">
          Upload an image
        </a>
      </p>
      <form method="get" action="/admin/media" class="media-search" role="search">
        <label for="q">Search alt text, captions and file names</label>
        <input id="q" name="q" type="search" value={search} maxLength={200} />
        <button type="submit">Search</button>
      </form>
      <p class="count">
        {props.total === 0
          ? search
            ? `Nothing matches “${search}”.`
            : 'No images yet.'
          : `${props.total} ${props.total === 1 ? 'image' : 'images'}${search ? ` matching “${search}”` : ''}`}
      </p>
      {items.length > 0 ? (
        <ul class="media-grid">
          {items.map((item) => (
            <MediaCard item={item} />
          ))}
        </ul>
      ) : null}
      <Pages page={props.page} pages={props.pages} search={search} />
    </>
  );
}
