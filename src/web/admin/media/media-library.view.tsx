import { useAdminZone } from '../time-zone.js';
import type { VNode } from 'preact';
import type { ImageVariant, MediaItem } from '../../../domain/media/media.js';
import { lacksAltText } from '../../../domain/media/media-rules.js';
import type { Messages } from '../../../i18n/messages.js';
import { useMessages } from '../../views/messages-context.js';

/** "240 KB", "3.1 MB": sizes as people say them, in the reader's digits. */
export function formatBytes(m: Messages, bytes: number): string {
  if (bytes < 1024 * 1024) return m.t('admin.media.kilobytes', { size: Math.max(1, Math.round(bytes / 1024)) });
  return m.t('admin.media.megabytes', { size: Math.round(bytes / 1024 / 102.4) / 10 });
}

/** The name the library shows for an item: its file name, or a number for media that came without one. */
export function mediaName(m: Messages, item: MediaItem): string {
  return item.originalName ?? m.t('admin.media.unnamed', { id: item.id });
}

/** The narrowest WebP rendition wide enough for the purpose, or the item itself when it has none (the demo's SVG). */
export function pickRendition(item: MediaItem, minWidth: number): Pick<ImageVariant, 'src' | 'width' | 'height'> {
  const webp = item.variants.filter((v) => v.format === 'webp');
  const chosen = webp.find((v) => v.width >= minWidth) ?? webp.at(-1);
  return chosen ?? { src: item.src, width: item.width ?? 0, height: item.height ?? 0 };
}

/** Dimensions and the size of the file served as the image's fallback ("1600 × 1067 px, 212 KB"). */
export function describeSize(m: Messages, item: MediaItem): string {
  const dimensions = item.width && item.height ? m.t('admin.media.dimensions', { width: item.width, height: item.height }) : m.t('admin.media.size-unknown');
  const main = item.variants.find((v) => v.src === item.src);
  return main ? `${dimensions}, ${formatBytes(m, main.bytes)}` : dimensions;
}

function MediaCard(props: { item: MediaItem }): VNode {
  const { item } = props;
  const thumb = pickRendition(item, 320);
  const missing = lacksAltText(item.alt, item.originalName);
  const m = useMessages();
  const zone = useAdminZone();
  return (
    <li class="media-card">
      {/* The alt text is written out below the picture, so the thumbnail itself is decorative. */}
      <a href={`/admin/media/${item.id}`}>
        <img src={thumb.src} alt="" width={thumb.width || undefined} height={thumb.height || undefined} loading="lazy" />
        <span class="media-name">{mediaName(m, item)}</span>
      </a>
      {missing ? <p class="needs-alt">{m.t('admin.media.needs-alt')}</p> : <p class="media-alt">{item.alt}</p>}
      <p class="meta">
        {describeSize(m, item)}
        <br />
        <time dateTime={item.createdAt}>{m.date(item.createdAt, 'long', zone)}</time>
        {item.uploader ? `, ${item.uploader.name}` : ''}
      </p>
    </li>
  );
}

function Pages(props: { page: number; pages: number; search: string }): VNode | null {
  const m = useMessages();
  if (props.pages <= 1) return null;
  const href = (page: number) => `/admin/media?${new URLSearchParams({ ...(props.search ? { q: props.search } : {}), page: String(page) })}`;
  return (
    <nav class="pagination" aria-label={m.t('admin.pagination.label')}>
      {props.page > 1 ? (
        <a href={href(props.page - 1)} rel="prev">
          {m.t('admin.media.newer')}
        </a>
      ) : null}
      <span>{m.t('admin.pagination.page', { page: props.page, pages: props.pages })}</span>
      {props.page < props.pages ? (
        <a href={href(props.page + 1)} rel="next">
          {m.t('admin.media.older')}
        </a>
      ) : null}
    </nav>
  );
}

/** The media library: a search, an upload link, a grid of thumbnails, pages. */
export function LibraryPage(props: { items: readonly MediaItem[]; total: number; page: number; pages: number; search: string }): VNode {
  const { items, search } = props;
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.media.heading')}</h1>
      <p>
        <a class="button" href="/admin/media/upload">
          {m.t('admin.media.upload')}
        </a>
      </p>
      <form method="get" action="/admin/media" class="media-search" role="search">
        <label for="q">{m.t('admin.media.search-label')}</label>
        <input id="q" name="q" type="search" value={search} maxLength={200} />
        <button type="submit">{m.t('admin.media.search')}</button>
      </form>
      <p class="count">
        {props.total === 0
          ? search
            ? m.t('admin.media.nothing-matches', { search })
            : m.t('admin.media.none')
          : search
            ? m.t('admin.media.count-matching', { count: props.total, search })
            : m.t('admin.media.count', { count: props.total })}
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
