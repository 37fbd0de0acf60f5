import { useAdminZone } from '../time-zone.js';
import type { VNode } from 'preact';
import { STATUS_LABELS } from '../../../domain/articles/workflow.js';
import { endonym } from '../../../domain/articles/translations.js';
import type { TranslationPanel } from '../../../services/articles/translations.js';
import type { Messages } from '../../../i18n/messages.js';
import { useMessages } from '../../views/messages-context.js';
import { articlePath } from '../../views/format.js';
import { CsrfField } from '../admin-layout.view.js';
import { FieldChanges } from './revisions.view.js';

/** What a translations form left to show: messages beside its fields, the text as typed, and the last step's notice. */
export interface TranslationsInput {
  readonly errors: Readonly<Record<string, string>>;
  readonly language?: string;
  readonly reference?: string;
  /** What the last step did, after its redirect. */
  readonly notice?: TranslationNotice;
}

/** The notices a step's redirect may name (`?translations=added`), with their messages. */
export const TRANSLATION_NOTICES = {
  added: (m: Messages) => m.t('admin.translations.notice.added'),
  linked: (m: Messages) => m.t('admin.translations.notice.linked'),
  unlinked: (m: Messages) => m.t('admin.translations.notice.unlinked'),
  current: (m: Messages) => m.t('admin.translations.notice.current'),
} as const;

/** One of TRANSLATION_NOTICES. */
export type TranslationNotice = keyof typeof TRANSLATION_NOTICES;

/** The notice a redirect's query names, if it names one. */
export function translationNotice(code: unknown): TranslationNotice | undefined {
  return typeof code === 'string' && Object.hasOwn(TRANSLATION_NOTICES, code) ? (code as TranslationNotice) : undefined;
}

function ErrorText(props: { id: string; message: string | undefined }): VNode | null {
  if (!props.message) return null;
  return (
    <p class="field-error" id={props.id}>
      {props.message}
    </p>
  );
}

function Members(props: { id: number; panel: TranslationPanel; csrf: string; canEdit: boolean }): VNode {
  const m = useMessages();
  const { group } = props.panel;
  if (!group) return <p>{m.t('admin.translations.none')}</p>;
  return (
    <table class="translations-list">
      <thead>
        <tr>
          <th scope="col">{m.t('admin.translations.col.language')}</th>
          <th scope="col">{m.t('admin.translations.col.title')}</th>
          <th scope="col">{m.t('admin.translations.col.status')}</th>
          <th scope="col">{m.t('admin.translations.col.role')}</th>
          <th scope="col">{m.t('admin.translations.col.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {group.members.map((member) => (
          <tr data-article={member.id}>
            <td lang={member.language}>{endonym(member.language)}</td>
            <td>
              {member.id === props.id ? (
                <>
                  <span lang={member.language}>{member.title}</span> {m.t('admin.translations.thisArticle')}
                </>
              ) : (
                <a href={`/admin/articles/${member.id}/edit`} lang={member.language}>
                  {member.title}
                </a>
              )}
              {member.status === 'published' ? (
                <>
                  {' '}
                  · <a href={articlePath(member.slug)}>{m.t('admin.translations.publicPage')}</a>
                </>
              ) : null}
            </td>
            <td class="status">{STATUS_LABELS[member.status]}</td>
            <td class="role">
              {member.id === group.originalId
                ? m.t('admin.translations.role.original')
                : m.t('admin.translations.role.translation', { version: member.sourceVersion ?? 1 })}
            </td>
            <td>
              {props.canEdit ? (
                <form method="post" action={`/admin/articles/${props.id}/translations/unlink`} class="inline">
                  <CsrfField token={props.csrf} />
                  <input type="hidden" name="memberId" value={String(member.id)} />
                  <button type="submit">{m.t('admin.translations.unlink')}</button>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Behind(props: { id: number; panel: TranslationPanel; csrf: string; canEdit: boolean }): VNode | null {
  const m = useMessages();
  const behind = props.panel.behind;
  if (!behind) return null;
  const date = m.date(behind.updatedAt, 'long', useAdminZone());
  const published = behind.original.status === 'published';
  return (
    <section class="translation-behind form-error" aria-labelledby="translation-behind-heading">
      <h3 id="translation-behind-heading">{m.t('admin.translations.behind.flag')}</h3>
      {!behind.mayOpenOriginal ? (
        // Not theirs to open: that it is behind and when, as readers are told, and its public page only.
        <p>
          {m.rich('public.translations.behind', {
            a: (chunks) => (published ? <a href={articlePath(behind.original.slug)}>{chunks}</a> : <>{chunks}</>),
            date,
          })}
        </p>
      ) : (
        <p>{m.t('admin.translations.behind.text', { date, version: behind.fromVersion })}</p>
      )}
      {!behind.mayOpenOriginal ? null : behind.changes === null ? (
        <p>{m.t('admin.translations.behind.noDiff', { version: behind.fromVersion })}</p>
      ) : behind.changes.length === 0 ? (
        <p>{m.t('admin.translations.behind.noChanges')}</p>
      ) : (
        <div class="translation-diff">
          {behind.changes.map((diff) => (
            <FieldChanges diff={diff} headingLevel={3} />
          ))}
        </div>
      )}
      {props.canEdit ? (
        <form method="post" action={`/admin/articles/${props.id}/translations/current`}>
          <CsrfField token={props.csrf} />
          <button type="submit">{m.t('admin.translations.behind.markCurrent')}</button>
        </form>
      ) : null}
    </section>
  );
}

/**
 * The editor's Translations panel (docs/decisions/0022): the article's translations with
 * their language, title, status and links; whether this translation is behind its
 * original, with the original's changes since; and the forms that add a translation,
 * link an existing article and unlink one.
 */
export function TranslationsPanel(props: { id: number; panel: TranslationPanel; csrf: string; canEdit: boolean; input: TranslationsInput | null }): VNode {
  const m = useMessages();
  const errors = props.input?.errors ?? {};
  const notice = props.input?.notice;
  return (
    <section class="translations" id="translations" aria-labelledby="translations-heading">
      <h2 id="translations-heading">{m.t('admin.translations.heading')}</h2>
      {notice ? (
        <p class="notice" role="status">
          {TRANSLATION_NOTICES[notice](m)}
        </p>
      ) : null}
      {errors.translations ? (
        <p class="form-error" role="alert">
          {errors.translations}
        </p>
      ) : null}
      <Behind {...props} />
      <Members {...props} />
      <form method="post" action={`/admin/articles/${props.id}/translations/add`} class="translation-add">
        <CsrfField token={props.csrf} />
        <h3>{m.t('admin.translations.add.heading')}</h3>
        <label for="translationLanguage">{m.t('admin.translations.add.language')}</label>
        <p class="hint" id="translationLanguage-hint">
          {m.t('admin.translations.add.hint')}
        </p>
        <ErrorText id="translationLanguage-error" message={errors.translationLanguage} />
        <input
          id="translationLanguage"
          type="text"
          name="translationLanguage"
          value={props.input?.language ?? ''}
          required
          maxLength={35}
          aria-invalid={errors.translationLanguage ? 'true' : undefined}
          aria-describedby={errors.translationLanguage ? 'translationLanguage-hint translationLanguage-error' : 'translationLanguage-hint'}
        />
        <button type="submit">{m.t('admin.translations.add.submit')}</button>
      </form>
      <form method="post" action={`/admin/articles/${props.id}/translations/link`} class="translation-link">
        <CsrfField token={props.csrf} />
        <h3>{m.t('admin.translations.link.heading')}</h3>
        <label for="linkReference">{m.t('admin.translations.link.reference')}</label>
        <p class="hint" id="linkReference-hint">
          {m.t('admin.translations.link.hint')}
        </p>
        <ErrorText id="linkReference-error" message={errors.linkReference} />
        <input
          id="linkReference"
          type="text"
          name="linkReference"
          value={props.input?.reference ?? ''}
          required
          maxLength={500}
          aria-invalid={errors.linkReference ? 'true' : undefined}
          aria-describedby={errors.linkReference ? 'linkReference-hint linkReference-error' : 'linkReference-hint'}
        />
        <button type="submit">{m.t('admin.translations.link.submit')}</button>
      </form>
    </section>
  );
}
