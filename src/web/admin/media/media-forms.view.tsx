import { useAdminZone } from '../time-zone.js';
import type { ComponentChildren, VNode } from 'preact';
import type { MediaItem } from '../../../domain/media/media.js';
import { statusName } from '../labels.js';
import { lacksAltText, MAX_UPLOAD_BYTES, TEXT_LIMITS } from '../../../domain/media/media-rules.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import { CSRF_FIELD } from '../csrf.js';
import { useMessages } from '../../views/messages-context.js';
import { describeSize, mediaName, pickRendition } from './media-library.view.js';

type Values = Readonly<Record<string, string | null | undefined>>;
type Errors = Readonly<Record<string, string | undefined>>;

const describedBy = (...ids: (string | false)[]) => ids.filter(Boolean).join(' ') || undefined;

/** Alt text, caption and credit: the same three fields when uploading and when editing. */
function TextFields(props: { values: Values; errors: Errors }): VNode {
  const { values, errors } = props;
  const m = useMessages();
  return (
    <>
      <label for="alt">{m.t('admin.media.alt')}</label>
      <p class="hint" id="alt-hint">
        {m.t('admin.media.alt-hint')}
      </p>
      <textarea
        id="alt"
        name="alt"
        rows={3}
        maxLength={TEXT_LIMITS.alt}
        aria-describedby={describedBy('alt-hint', Boolean(errors.alt) && 'alt-error')}
        value={values.alt ?? ''}
      />
      <FieldError id="alt-error" message={errors.alt} />
      <label for="caption">{m.t('admin.media.caption-optional')}</label>
      <textarea
        id="caption"
        name="caption"
        rows={2}
        maxLength={TEXT_LIMITS.caption}
        aria-describedby={describedBy(Boolean(errors.caption) && 'caption-error')}
        value={values.caption ?? ''}
      />
      <FieldError id="caption-error" message={errors.caption} />
      <label for="credit">{m.t('admin.media.credit-optional')}</label>
      <input
        id="credit"
        name="credit"
        type="text"
        maxLength={TEXT_LIMITS.credit}
        aria-describedby={describedBy(Boolean(errors.credit) && 'credit-error')}
        value={values.credit ?? ''}
      />
      <FieldError id="credit-error" message={errors.credit} />
    </>
  );
}

/**
 * The upload form. Its body is multipart, which the CSRF check cannot read before the
 * route does, so the token also rides in the action's query string (web/admin/csrf.ts).
 */
export function UploadPage(props: { csrf: string; values: Values; errors: Errors }): VNode {
  const { errors } = props;
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.media.upload')}</h1>
      <p>{m.t('admin.media.upload-intro', { megabytes: MAX_UPLOAD_BYTES / 1024 / 1024 })}</p>
      <form method="post" action={`/admin/media/upload?${CSRF_FIELD}=${encodeURIComponent(props.csrf)}`} encType="multipart/form-data" class="stack">
        <CsrfField token={props.csrf} />
        <label for="file">{m.t('admin.media.file')}</label>
        <input
          id="file"
          name="file"
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif"
          required
          aria-describedby={describedBy(Boolean(errors.file) && 'file-error')}
        />
        <FieldError id="file-error" message={errors.file ? m.t('admin.media.file-error', { error: errors.file }) : undefined} />
        <TextFields values={props.values} errors={errors} />
        <button type="submit">{m.t('admin.media.upload-submit')}</button>
      </form>
    </>
  );
}

function Details(props: { item: MediaItem; usedBy: readonly { slug: string; title: string; status: string }[] }): VNode {
  const { item } = props;
  const widths = [...new Set(item.variants.map((v) => v.width))];
  const formats = [...new Set(item.variants.map((v) => v.format.toUpperCase()))];
  const m = useMessages();
  const zone = useAdminZone();
  const uploaded = (chunks: ComponentChildren[]) => <time dateTime={item.createdAt}>{chunks}</time>;
  return (
    <dl class="media-details">
      <dt>{m.t('admin.media.size')}</dt>
      <dd>{describeSize(m, item)}</dd>
      <dt>{m.t('admin.media.uploaded')}</dt>
      <dd>
        {item.uploader
          ? m.rich('admin.media.uploaded-by', { date: m.date(item.createdAt, 'long', zone), name: item.uploader.name, t: uploaded })
          : m.rich('admin.media.uploaded-on', { date: m.date(item.createdAt, 'long', zone), t: uploaded })}
      </dd>
      {widths.length > 0 ? (
        <>
          <dt>{m.t('admin.media.stored-as')}</dt>
          <dd>{m.t('admin.media.stored-widths', { widths: m.list(widths.map((w) => m.number(w))), formats: m.list(formats) })}</dd>
        </>
      ) : null}
      <dt>{m.t('admin.media.lead-image-of')}</dt>
      <dd>
        {props.usedBy.length === 0
          ? m.t('admin.media.no-article')
          : props.usedBy.map((a, i) => (
              <>
                {i > 0 ? '; ' : ''}
                {a.title} ({statusName(m, a.status)})
              </>
            ))}
      </dd>
    </dl>
  );
}

/** One media item: a preview, its details, and its text, editable by those allowed to. */
export function MediaPage(props: {
  item: MediaItem;
  usedBy: readonly { slug: string; title: string; status: string }[];
  csrf: string;
  canEdit: boolean;
  values: Values;
  errors: Errors;
  notice?: string;
}): VNode {
  const { item } = props;
  const preview = pickRendition(item, 640);
  const m = useMessages();
  return (
    <>
      <p>
        <a href="/admin/media">{m.t('admin.media.library')}</a>
      </p>
      <h1>{mediaName(m, item)}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {lacksAltText(item.alt, item.originalName) ? <p class="needs-alt">{m.t('admin.media.needs-alt')}</p> : null}
      <figure class="media-preview">
        {/* The alt text is the field below; repeating it here would read it twice. */}
        <img src={preview.src} alt="" width={preview.width || undefined} height={preview.height || undefined} />
      </figure>
      <Details item={item} usedBy={props.usedBy} />
      {props.canEdit ? (
        <form method="post" action={`/admin/media/${item.id}`} class="stack">
          <CsrfField token={props.csrf} />
          <TextFields values={props.values} errors={props.errors} />
          <button type="submit">{m.t('admin.editor.save')}</button>
        </form>
      ) : (
        <>
          <dl class="media-details">
            <dt>{m.t('admin.media.alt')}</dt>
            <dd>{item.alt || m.t('admin.media.none-yet')}</dd>
            <dt>{m.t('admin.media.caption')}</dt>
            <dd>{item.caption ?? m.t('admin.media.none-given')}</dd>
            <dt>{m.t('admin.media.credit')}</dt>
            <dd>{item.credit ?? m.t('admin.media.none-given')}</dd>
          </dl>
          <p>{m.t('admin.media.read-only')}</p>
        </>
      )}
    </>
  );
}
