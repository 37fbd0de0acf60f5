import type { VNode } from 'preact';
import { ARTICLE_STATUSES, ARTICLE_TYPES } from '../../../domain/articles/article.js';
import type { AdminArticleRow, EditorChoices } from '../../../services/articles/admin-articles.js';
import { useMessages } from '../../views/messages-context.js';
import { statusName } from '../labels.js';

/** The list's query as typed, kept in the filter form and in the page links. */
export type ListQuery = Readonly<Partial<Record<'status' | 'section' | 'type' | 'country' | 'contributor' | 'owner' | 'language' | 'q', string>>>;

function FilterSelect(props: { name: keyof ListQuery; label: string; query: ListQuery; options: readonly (readonly [string, string])[] }): VNode {
  const value = props.query[props.name] ?? '';
  const m = useMessages();
  return (
    <div class="field">
      <label for={`filter-${props.name}`}>{props.label}</label>
      <select id={`filter-${props.name}`} name={props.name}>
        <option value="">{m.t('admin.articles.filter.any')}</option>
        {props.options.map(([v, label]) => (
          <option value={v} selected={v === value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters(props: { query: ListQuery; choices: EditorChoices }): VNode {
  const { query, choices } = props;
  const m = useMessages();
  return (
    <form method="get" action="/admin/articles" class="filters" role="search" aria-label={m.t('admin.articles.filter.label')}>
      <div class="field">
        <label for="filter-q">{m.t('admin.articles.filter.title')}</label>
        <input id="filter-q" name="q" type="search" value={query.q ?? ''} />
      </div>
      <FilterSelect
        name="status"
        label={m.t('admin.articles.filter.status')}
        query={query}
        options={ARTICLE_STATUSES.map((s) => [s, statusName(m, s)] as const)}
      />
      <FilterSelect
        name="section"
        label={m.t('admin.articles.filter.section')}
        query={query}
        options={choices.sections.map((s) => [s.slug, s.name] as const)}
      />
      <FilterSelect
        name="type"
        label={m.t('admin.articles.filter.type')}
        query={query}
        options={ARTICLE_TYPES.map((t) => [t, m.t(`admin.article-type.${t}`)] as const)}
      />
      <div class="field">
        <label for="filter-country">{m.t('admin.articles.filter.country')}</label>
        <input id="filter-country" name="country" type="text" value={query.country ?? ''} size={4} />
      </div>
      <FilterSelect
        name="contributor"
        label={m.t('admin.articles.filter.contributor')}
        query={query}
        options={choices.contributors.map((c) => [String(c.id), c.name] as const)}
      />
      <FilterSelect
        name="owner"
        label={m.t('admin.articles.filter.owner')}
        query={query}
        options={choices.owners.map((o) => [String(o.id), o.name] as const)}
      />
      <FilterSelect
        name="language"
        label={m.t('admin.articles.filter.language')}
        query={query}
        options={choices.languages.map((l) => [l, m.languageName(l)] as const)}
      />
      <button type="submit">{m.t('admin.articles.filter.submit')}</button> <a href="/admin/articles">{m.t('admin.articles.filter.clear')}</a>
    </form>
  );
}

function pageHref(query: ListQuery, page: number): string {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `/admin/articles?${text}` : '/admin/articles';
}

/** The admin's article list: filters, a table of what the user may see, page links that keep the filters. */
export function ArticleList(props: {
  rows: readonly AdminArticleRow[];
  total: number;
  page: number;
  pages: number;
  query: ListQuery;
  choices: EditorChoices;
  canWrite: boolean;
  /** Translations whose original had a public update since (docs/decisions/0022). */
  behind?: ReadonlySet<number>;
}): VNode {
  const { rows, page, pages, query } = props;
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.articles.heading')}</h1>
      {props.canWrite ? (
        <p>
          <a class="button" href="/admin/articles/new">
            {m.t('admin.articles.new')}
          </a>
        </p>
      ) : null}
      <Filters query={query} choices={props.choices} />
      <p class="count" role="status">
        {query.country
          ? m.t('admin.articles.count-in-country', { count: props.total, country: m.countryName(query.country) })
          : m.t('admin.articles.count', { count: props.total })}
      </p>
      {rows.length > 0 ? (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{m.t('admin.articles.column.title')}</th>
              <th scope="col">{m.t('admin.articles.column.status')}</th>
              <th scope="col">{m.t('admin.articles.column.type')}</th>
              <th scope="col">{m.t('admin.articles.column.sections')}</th>
              <th scope="col">{m.t('admin.articles.column.language')}</th>
              <th scope="col">{m.t('admin.articles.column.owner')}</th>
              <th scope="col">{m.t('admin.articles.column.changed')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row" lang={r.language} dir="auto">
                  <a href={`/admin/articles/${r.id}/edit`}>{r.title}</a>
                </th>
                <td>
                  <span class={`status status-${r.status}`}>{statusName(m, r.status)}</span>
                  {props.behind?.has(r.id) ? (
                    <>
                      {' '}
                      <span class="behind-original">{m.t('admin.translations.behind.flag')}</span>
                    </>
                  ) : null}
                </td>
                <td>{m.t(`admin.article-type.${r.type}`)}</td>
                <td>{m.list(r.sections)}</td>
                <td>{m.languageName(r.language)}</td>
                <td>{r.owner ?? '—'}</td>
                <td>
                  <time dateTime={r.modifiedAt}>{m.date(r.modifiedAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{m.t('admin.articles.none')}</p>
      )}
      {pages > 1 ? (
        <nav class="pagination" aria-label={m.t('admin.pagination.label')}>
          {page > 1 ? (
            <a rel="prev" href={pageHref(query, page - 1)}>
              {m.t('admin.pagination.previous')}
            </a>
          ) : null}
          <span>{m.t('admin.pagination.page', { page, pages })}</span>
          {page < pages ? (
            <a rel="next" href={pageHref(query, page + 1)}>
              {m.t('admin.pagination.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
