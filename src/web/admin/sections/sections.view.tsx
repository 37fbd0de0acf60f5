import type { VNode } from 'preact';
import type { Publication, Section } from '../../../domain/sections/section.js';
import { useMessages } from '../../views/messages-context.js';
import { CsrfField } from '../admin-layout.view.js';
import { mediaOptions, SelectField, TextField, type KeyedErrors } from '../form-fields.view.js';
import type { SectionForm } from './section-form.js';

/** Every section, retired ones marked, with the way to a new one. */
export function SectionList(props: { sections: readonly Section[] }): VNode {
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.sections.title')}</h1>
      <p>
        <a href="/admin/sections/new">{m.t('admin.sections.new')}</a>
      </p>
      {props.sections.length === 0 ? (
        <p>{m.t('admin.sections.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{m.t('admin.sections.field.name')}</th>
              <th scope="col">{m.t('admin.sections.field.shortName')}</th>
              <th scope="col">{m.t('admin.sections.field.slug')}</th>
              <th scope="col">{m.t('admin.sections.field.countries')}</th>
              <th scope="col">{m.t('admin.sections.field.languages')}</th>
              <th scope="col">{m.t('admin.sections.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.sections.map((s) => (
              <tr class={s.retiredAt ? 'retired' : undefined}>
                <td>
                  <a href={`/admin/sections/${s.id}`}>{s.name}</a>
                </td>
                <td>{s.shortLabel}</td>
                <td>{s.slug}</td>
                <td>{s.countries.join(', ')}</td>
                <td>{s.languages.join(', ')}</td>
                <td>{s.retiredAt ? m.t('admin.sections.retired') : m.t('admin.sections.active')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The section form, new or existing; messages beside their fields, the typed text kept. */
export function SectionFormView(props: {
  action: string;
  csrf: string;
  form: SectionForm;
  errors: KeyedErrors;
  media: readonly { id: number; path: string; alt: string }[];
}): VNode {
  const m = useMessages();
  const { form, errors } = props;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <form method="post" action={props.action} class="stack" novalidate>
      <CsrfField token={props.csrf} />
      {hasErrors ? (
        <p class="form-error" role="alert">
          {m.t('admin.sections.fix')}
        </p>
      ) : null}
      <TextField name="name" label={m.t('admin.sections.field.name')} value={form.name} errors={errors} required />
      <TextField
        name="shortName"
        label={m.t('admin.sections.field.shortName')}
        value={form.shortName}
        errors={errors}
        hint={m.t('admin.sections.hint.shortName')}
      />
      <TextField name="slug" label={m.t('admin.sections.field.slug')} value={form.slug} errors={errors} hint={m.t('admin.sections.hint.slug')} />
      <TextField
        name="countries"
        label={m.t('admin.sections.field.countries')}
        value={form.countries}
        errors={errors}
        hint={m.t('admin.sections.hint.countries')}
      />
      <TextField
        name="languages"
        label={m.t('admin.sections.field.languages')}
        value={form.languages}
        errors={errors}
        hint={m.t('admin.sections.hint.languages')}
      />
      <TextField
        name="timeZone"
        label={m.t('admin.sections.field.timeZone')}
        value={form.timeZone}
        errors={errors}
        hint={m.t('admin.sections.hint.timeZone')}
      />
      <SelectField
        name="logoMediaId"
        label={m.t('admin.sections.field.logo')}
        value={form.logoMediaId}
        errors={errors}
        hint={m.t('admin.sections.hint.logo')}
        options={mediaOptions(props.media, m.t('admin.sections.noLogo'), m.t('admin.sections.noAlt'))}
      />
      <TextField name="description" label={m.t('admin.sections.field.description')} value={form.description} errors={errors} rows={5} />
      <TextField name="contactEmail" label={m.t('admin.sections.field.contactEmail')} value={form.contactEmail} errors={errors} type="email" />
      <button type="submit">{m.t('admin.sections.save')}</button>
    </form>
  );
}

/** The publications a section owns: each editable and removable, and one to add. */
export function PublicationsPanel(props: {
  sectionId: number;
  csrf: string;
  publications: readonly Publication[];
  added: { name: string; url: string };
  /** The add form's messages, by its field names. */
  errors: KeyedErrors;
  /** A refused change to a listed publication, as catalogue keys. */
  editErrors: readonly string[];
}): VNode {
  const m = useMessages();
  const base = `/admin/sections/${props.sectionId}/publications`;
  return (
    <section aria-labelledby="publications-heading">
      <h2 id="publications-heading">{m.t('admin.sections.publications')}</h2>
      <p class="hint">{m.t('admin.sections.hint.publications')}</p>
      {props.editErrors.length > 0 ? (
        <p class="form-error" role="alert">
          {props.editErrors.map((key) => m.t(key)).join(' ')}
        </p>
      ) : null}
      {props.publications.length > 0 ? (
        <ul class="stack publications">
          {props.publications.map((p) => (
            <li>
              <form method="post" action={`${base}/${p.id}`} class="inline">
                <CsrfField token={props.csrf} />
                <label>
                  {m.t('admin.sections.field.publicationName')} <input name="publicationName" type="text" value={p.name} required />
                </label>{' '}
                <label>
                  {m.t('admin.sections.field.publicationUrl')} <input name="publicationUrl" type="url" value={p.url ?? ''} />
                </label>{' '}
                <button type="submit">{m.t('admin.sections.savePublication')}</button>
              </form>{' '}
              <form method="post" action={`${base}/${p.id}/delete`} class="inline">
                <CsrfField token={props.csrf} />
                <button type="submit">{m.t('admin.sections.removePublication', { name: p.name })}</button>
              </form>
            </li>
          ))}
        </ul>
      ) : null}
      <form method="post" action={base} class="stack" novalidate>
        <CsrfField token={props.csrf} />
        <TextField name="newPublicationName" label={m.t('admin.sections.field.publicationName')} value={props.added.name} errors={props.errors} />
        <TextField name="newPublicationUrl" label={m.t('admin.sections.field.publicationUrl')} value={props.added.url} errors={props.errors} />
        <button type="submit">{m.t('admin.sections.addPublication')}</button>
      </form>
    </section>
  );
}

/** Retire a section, or bring a retired one back. */
export function RetirePanel(props: { section: Section; csrf: string }): VNode {
  const m = useMessages();
  const retired = props.section.retiredAt !== null;
  return (
    <section aria-labelledby="retire-heading">
      <h2 id="retire-heading">{retired ? m.t('admin.sections.retiredHeading') : m.t('admin.sections.retireHeading')}</h2>
      <p>{retired ? m.t('admin.sections.retiredExplained') : m.t('admin.sections.retireExplained')}</p>
      <form method="post" action={`/admin/sections/${props.section.id}/${retired ? 'unretire' : 'retire'}`}>
        <CsrfField token={props.csrf} />
        <button type="submit">{retired ? m.t('admin.sections.unretire') : m.t('admin.sections.retire')}</button>
      </form>
    </section>
  );
}
