import type { VNode } from 'preact';
import type { ItemRow, SourceRow } from '../../../services/syndication/syndication.js';
import { useMessages } from '../../views/messages-context.js';
import { CsrfField } from '../admin-layout.view.js';
import { TextField, type KeyedErrors } from '../form-fields.view.js';

/** A section a copy or a rule may go to. */
export interface SectionChoice {
  readonly id: number;
  readonly name: string;
}

/** The follow form: a handle or address, the typed text kept and its problem beside it. */
export function FollowForm(props: { csrf: string; address: string; errors: KeyedErrors }): VNode {
  const m = useMessages();
  return (
    <form method="post" action="/admin/syndication/follow" class="stack" novalidate>
      <CsrfField token={props.csrf} />
      {Object.keys(props.errors).length > 0 ? (
        <p class="form-error" role="alert">
          {m.t('admin.syndication.fix')}
        </p>
      ) : null}
      <TextField
        name="address"
        label={m.t('admin.syndication.field.address')}
        value={props.address}
        errors={props.errors}
        hint={m.t('admin.syndication.hint.address')}
      />
      <button type="submit">{m.t('admin.syndication.follow')}</button>
    </form>
  );
}

function SectionSelect(props: { name: string; id: string; sections: readonly SectionChoice[]; value: string; none?: string }): VNode {
  return (
    <select name={props.name} id={props.id}>
      {props.none !== undefined ? <option value="">{props.none}</option> : null}
      {props.sections.map((s) => (
        <option value={String(s.id)} selected={String(s.id) === props.value}>
          {s.name}
        </option>
      ))}
    </select>
  );
}

function StatusSelect(props: { id: string; value: string }): VNode {
  const m = useMessages();
  return (
    <select name="status" id={props.id}>
      <option value="published" selected={props.value === 'published'}>
        {m.t('admin.syndication.status.published')}
      </option>
      <option value="draft" selected={props.value === 'draft'}>
        {m.t('admin.syndication.status.draft')}
      </option>
    </select>
  );
}

/** The followed sources: name, handle, pending or accepted, the rule, and unfollowing. */
export function SourceList(props: {
  csrf: string;
  sources: readonly SourceRow[];
  sections: readonly SectionChoice[];
  ruleErrors: Readonly<Record<number, string>>;
}): VNode {
  const m = useMessages();
  if (props.sources.length === 0) return <p>{m.t('admin.syndication.noSources')}</p>;
  return (
    <ul class="stack sources">
      {props.sources.map((s) => (
        <li id={`source-${s.id}`}>
          <h3>
            {s.profileUrl ? <a href={s.profileUrl}>{s.name}</a> : s.name} <span class="handle">{s.handle}</span>
          </h3>
          <p class="source-state">{s.acceptedAt ? m.t('admin.syndication.state.accepted') : m.t('admin.syndication.state.pending')}</p>
          <form method="post" action={`/admin/syndication/sources/${s.id}/rule`} class="inline">
            <CsrfField token={props.csrf} />
            {props.ruleErrors[s.id] ? (
              <p class="form-error" role="alert">
                {props.ruleErrors[s.id]}
              </p>
            ) : null}
            <label for={`rule-language-${s.id}`}>{m.t('admin.syndication.field.ruleLanguage')}</label>{' '}
            <input id={`rule-language-${s.id}`} name="language" type="text" value={s.rule?.language ?? ''} size={6} />{' '}
            <label for={`rule-section-${s.id}`}>{m.t('admin.syndication.field.ruleSection')}</label>{' '}
            <SectionSelect
              name="section"
              id={`rule-section-${s.id}`}
              sections={props.sections}
              value={s.rule ? String(s.rule.sectionId) : ''}
              none={m.t('admin.syndication.noRule')}
            />{' '}
            <StatusSelect id={`rule-status-${s.id}`} value={s.rule?.status ?? 'draft'} /> <button type="submit">{m.t('admin.syndication.saveRule')}</button>
          </form>{' '}
          <form method="post" action={`/admin/syndication/sources/${s.id}/unfollow`} class="inline">
            <CsrfField token={props.csrf} />
            <button type="submit">{m.t('admin.syndication.unfollow', { name: s.name })}</button>
          </form>
        </li>
      ))}
    </ul>
  );
}

/** What the sources sent: title, source, language, date; republish one, or see its copy. */
export function ItemList(props: {
  csrf: string;
  items: readonly ItemRow[];
  sections: readonly SectionChoice[];
  itemErrors: Readonly<Record<number, string>>;
}): VNode {
  const m = useMessages();
  if (props.items.length === 0) return <p>{m.t('admin.syndication.noItems')}</p>;
  return (
    <table class="syndicated-items">
      <thead>
        <tr>
          <th scope="col">{m.t('admin.syndication.column.title')}</th>
          <th scope="col">{m.t('admin.syndication.column.source')}</th>
          <th scope="col">{m.t('admin.syndication.column.language')}</th>
          <th scope="col">{m.t('admin.syndication.column.date')}</th>
          <th scope="col">{m.t('admin.syndication.column.copy')}</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((item) => (
          <tr id={`item-${item.id}`}>
            <td>
              <a href={item.url}>{item.title}</a>
              {item.imageUrl && item.copy && !item.copy.hasImage ? <p class="hint">{m.t('admin.syndication.imageLeftOut')}</p> : null}
            </td>
            <td>{item.sourceName ?? new URL(item.sourceUri).host}</td>
            <td>{m.languageName(item.language)}</td>
            <td>{m.date(item.publishedAt, 'long')}</td>
            <td>
              {item.copy ? (
                <a href={`/admin/articles/${item.copy.id}/edit`}>
                  {m.t(`admin.syndication.copy.${item.copy.status === 'published' ? 'published' : item.copy.status === 'withdrawn' ? 'withdrawn' : 'draft'}`)}
                </a>
              ) : item.deletedAt ? (
                m.t('admin.syndication.deletedAtSource')
              ) : (
                <form method="post" action={`/admin/syndication/items/${item.id}/republish`} class="inline">
                  <CsrfField token={props.csrf} />
                  {props.itemErrors[item.id] ? (
                    <p class="form-error" role="alert">
                      {props.itemErrors[item.id]}
                    </p>
                  ) : null}
                  <label for={`section-${item.id}`}>{m.t('admin.syndication.field.section')}</label>{' '}
                  <SectionSelect name="section" id={`section-${item.id}`} sections={props.sections} value="" />{' '}
                  <StatusSelect id={`status-${item.id}`} value="draft" /> <button type="submit">{m.t('admin.syndication.republish')}</button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
