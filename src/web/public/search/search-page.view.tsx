import type { VNode } from 'preact';
import { ARTICLE_TYPES } from '../../../domain/articles/article.js';
import { countryCodes } from '../../../domain/geo/countries.js';
import { searchPath, type SearchFieldError, type SearchForm } from '../../../domain/search/search-request.js';
import type { SnippetPart } from '../../../domain/text/search-text.js';
import type { SearchResults } from '../../../services/search/search.js';
import type { Messages } from '../../../i18n/messages.js';
import { DateTime } from '../../views/components.view.js';
import { useMessages } from '../../views/messages-context.js';

/** What the form offers beside free text. */
export interface SearchChoices {
  readonly sections: readonly { slug: string; name: string }[];
  readonly topics: readonly { slug: string; name: string }[];
  readonly languages: readonly string[];
}

/** Text with the words found in `<mark>`; every part is text, escaped like any other. */
function Marked(props: { parts: readonly SnippetPart[] }): VNode {
  return <>{props.parts.map((p) => (p.mark ? <mark>{p.text}</mark> : p.text))}</>;
}

function typeLabel(m: Messages, type: string): string {
  return m.t(`public.search.type.${type}`);
}

function Select(props: { name: keyof SearchForm; label: string; value: string; any: string; options: readonly (readonly [string, string])[] }): VNode {
  const id = `search-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        <option value="">{props.any}</option>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

function DateField(props: { name: 'from' | 'to'; label: string; value: string; error: string | undefined }): VNode {
  const id = `search-${props.name}`;
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.error ? (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type="date"
        value={props.value}
        aria-describedby={props.error ? `${id}-error` : undefined}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}

/** The search form with its filters; a plain GET form, so it works without script and its results have an address. */
function SearchFormView(props: { form: SearchForm; choices: SearchChoices; errors: readonly SearchFieldError[] }): VNode {
  const m = useMessages();
  const { form, choices } = props;
  const error = (field: string) => {
    const found = props.errors.find((e) => e.field === field);
    return found ? m.t(found.key) : undefined;
  };
  const countries = countryCodes()
    .map((code) => [code, m.countryName(code)] as const)
    .sort((a, b) => a[1].localeCompare(b[1], m.language));
  const languages = [...new Set([...choices.languages, ...(form.language ? [form.language] : [])])].map((l) => [l, m.languageName(l)] as const);
  return (
    <form role="search" method="get" action="/search" class="search-form" aria-label={m.t('public.search.form-label')}>
      <div class="field">
        <label for="search-q">{m.t('public.search.query')}</label>
        <input id="search-q" name="q" type="search" value={form.q} maxLength={200} />
      </div>
      <details open={Boolean(form.country || form.section || form.topic || form.type || form.language || form.from || form.to)}>
        <summary>{m.t('public.search.filters')}</summary>
        <Select name="country" label={m.t('public.search.country')} value={form.country.toUpperCase()} any={m.t('public.search.any')} options={countries} />
        <Select
          name="section"
          label={m.t('public.search.section')}
          value={form.section}
          any={m.t('public.search.any')}
          options={choices.sections.map((s) => [s.slug, s.name] as const)}
        />
        <Select
          name="topic"
          label={m.t('public.search.topic')}
          value={form.topic}
          any={m.t('public.search.any')}
          options={choices.topics.map((t) => [t.slug, t.name] as const)}
        />
        <Select
          name="type"
          label={m.t('public.search.kind')}
          value={form.type}
          any={m.t('public.search.any')}
          options={[...ARTICLE_TYPES, 'campaign'].map((t) => [t, typeLabel(m, t)] as const)}
        />
        <Select name="language" label={m.t('public.search.language')} value={form.language} any={m.t('public.search.any')} options={languages} />
        <DateField name="from" label={m.t('public.search.from')} value={form.from} error={error('from')} />
        <DateField name="to" label={m.t('public.search.to')} value={form.to} error={error('to')} />
      </details>
      <button type="submit">{m.t('public.search.submit')}</button>
    </form>
  );
}

/** The search page: the form, then the results or what went wrong. */
export function SearchPage(props: { form: SearchForm; choices: SearchChoices; errors: readonly SearchFieldError[]; results: SearchResults | null }): VNode {
  const m = useMessages();
  const { results, form } = props;
  const pageError = props.errors.find((e) => e.field === 'page');
  return (
    <>
      <h1>{m.t('public.search.heading')}</h1>
      {props.errors.length > 0 ? (
        <div class="error-summary" role="alert">
          <p>{m.t('public.search.error.summary')}</p>
          {pageError ? <p>{m.t(pageError.key)}</p> : null}
        </div>
      ) : null}
      <SearchFormView form={form} choices={props.choices} errors={props.errors} />
      {results === null ? null : !results.searched ? (
        form.q ? (
          <p class="count">{m.t('public.search.no-words')}</p>
        ) : null
      ) : (
        <section aria-labelledby="search-results-heading">
          <h2 id="search-results-heading" class="count">
            {m.t(results.more ? 'public.search.count-more' : 'public.search.count', { count: results.total, query: form.q })}
          </h2>
          {results.results.length === 0 ? (
            <p>{results.total === 0 ? m.t('public.search.none') : m.t('public.search.past-end')}</p>
          ) : (
            <ol class="search-results" start={(results.page - 1) * 20 + 1}>
              {results.results.map((r) => (
                <li class="search-result" lang={r.language}>
                  <h3>
                    <a href={r.href}>
                      <Marked parts={r.title} />
                    </a>
                  </h3>
                  <p class="meta" lang={m.language}>
                    {typeLabel(m, r.type)} · <DateTime iso={r.at} /> · {m.languageName(r.language)}
                  </p>
                  <p class="snippet">
                    <Marked parts={r.snippet} />
                  </p>
                </li>
              ))}
            </ol>
          )}
          {results.pages > 1 || results.more ? (
            <nav class="pagination" aria-label={m.t('public.search.pages')}>
              {results.page > 1 ? (
                <a rel="prev" href={searchPath(form, results.page - 1)}>
                  {m.t('public.search.previous')}
                </a>
              ) : null}
              <span>{m.t(results.more ? 'public.search.position-more' : 'public.pagination.position', { page: results.page, pages: results.pages })}</span>
              {results.page < results.pages || results.more ? (
                <a rel="next" href={searchPath(form, results.page + 1)}>
                  {m.t('public.search.next')}
                </a>
              ) : null}
            </nav>
          ) : null}
        </section>
      )}
    </>
  );
}
