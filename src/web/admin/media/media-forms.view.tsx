import type { VNode } from 'preact';
import type { MediaItem } from '../../../domain/media/media.js';
import { lacksAltText, MAX_UPLOAD_BYTES, TEXT_LIMITS } from '../../../domain/media/media-rules.js';
import { CsrfField, FieldError } from '../admin-layout.view.js';
import { CSRF_FIELD } from '../csrf.js';
import { formatDate } from '../../views/format.js';
import { describeSize, mediaName, pickRendition } from './media-library.view.js';

type Values = Readonly<Record<string, string | null | undefined>>;
type Errors = Readonly<Record<string, string | undefined>>;

const describedBy = (...ids: (string | false)[]) => ids.filter(Boolean).join(' ') || undefined;

/** Alt text, caption and credit: the same three fields when uploading and when editing. */
function TextFields(props: { values: Values; errors: Errors }): VNode {
  const { values, errors } = props;
  return (
    <>
      <label for="alt">Alt text</label>
      <p class="hint" id="alt-hint">
        What the picture shows, for people who cannot see it. An article cannot be published with this image until it has alt text.
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
      <label for="caption">Caption (optional)</label>
      <textarea
        id="caption"
        name="caption"
        rows={2}
        maxLength={TEXT_LIMITS.caption}
        aria-describedby={describedBy(Boolean(errors.caption) && 'caption-error')}
        value={values.caption ?? ''}
      />
      <FieldError id="caption-error" message={errors.caption} />
      <label for="credit">Credit (optional)</label>
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
  return (
    <>
      <h1>Upload an image</h1>
      <p>
        JPEG, PNG, WebP or GIF, up to {MAX_UPLOAD_BYTES / 1024 / 1024} MB. Location and camera details are removed, the picture is turned upright, and it is
        stored in widths from 320 to 1600 pixels. A GIF keeps only its first frame.
      </p>
      <form method="post" action={`/admin/media/upload?${CSRF_FIELD}=${encodeURIComponent(props.csrf)}`} encType="multipart/form-data" class="stack">
        <CsrfField token={props.csrf} />
        <label for="file">Image file</label>
        <input
          id="file"
          name="file"
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif"
          required
          aria-describedby={describedBy(Boolean(errors.file) && 'file-error')}
        />
        <FieldError id="file-error" message={errors.file ? `${errors.file} Choose the file again.` : undefined} />
        <TextFields values={props.values} errors={errors} />
        <button type="submit">Upload</button>
      </form>
    </>
  );
}

function Details(props: { item: MediaItem; usedBy: readonly { slug: string; title: string; status: string }[] }): VNode {
  const { item } = props;
  const widths = [...new Set(item.variants.map((v) => v.width))];
  const formats = [...new Set(item.variants.map((v) => v.format.toUpperCase()))];
  return (
    <dl class="media-details">
      <dt>Size</dt>
      <dd>{describeSize(item)}</dd>
      <dt>Uploaded</dt>
      <dd>
        <time dateTime={item.createdAt}>{formatDate(item.createdAt)}</time>
        {item.uploader ? ` by ${item.uploader.name}` : ''}
      </dd>
      {widths.length > 0 ? (
        <>
          <dt>Stored as</dt>
          <dd>
            {widths.join(', ')} px wide, in {formats.join(' and ')}
          </dd>
        </>
      ) : null}
      <dt>Lead image of</dt>
      <dd>
        {props.usedBy.length === 0
          ? 'No article yet'
          : props.usedBy.map((a, i) => (
              <>
                {i > 0 ? '; ' : ''}
                {a.title} ({a.status.replace('_', ' ')})
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
  return (
    <>
      <p>
        <a href="/admin/media">Media library</a>
      </p>
      <h1>{mediaName(item)}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {lacksAltText(item.alt, item.originalName) ? <p class="needs-alt">Needs alt text</p> : null}
      <figure class="media-preview">
        {/* The alt text is the field below; repeating it here would read it twice. */}
        <img src={preview.src} alt="" width={preview.width || undefined} height={preview.height || undefined} />
      </figure>
      <Details item={item} usedBy={props.usedBy} />
      {props.canEdit ? (
        <form method="post" action={`/admin/media/${item.id}`} class="stack">
          <CsrfField token={props.csrf} />
          <TextFields values={props.values} errors={props.errors} />
          <button type="submit">Save</button>
        </form>
      ) : (
        <>
          <dl class="media-details">
            <dt>Alt text</dt>
            <dd>{item.alt || 'None yet'}</dd>
            <dt>Caption</dt>
            <dd>{item.caption ?? 'None'}</dd>
            <dt>Credit</dt>
            <dd>{item.credit ?? 'None'}</dd>
          </dl>
          <p>Only the person who uploaded this image, or an editor, can change its alt text, caption and credit.</p>
        </>
      )}
    </>
  );
}
