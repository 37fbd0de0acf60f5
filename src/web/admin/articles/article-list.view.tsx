import type { VNode } from 'preact';
import { useMessages } from '../../views/messages-context.js';
import { ARTICLE_STATUSES, ARTICLE_TYPES, type ArticleStatus } from '../../../domain/articles/article.js';
import { STATUS_LABELS } from '../../../domain/articles/workflow.js';
import { countryName } from '../../../domain/geo/countries.js';
import type { AdminArticleRow, EditorChoices } from '../../../services/articles/admin-articles.js';
import { formatDate } from '../../views/format.js';

/** The list's query as typed, kept in the filter form and in the page links. */
export type ListQuery = Readonly<Partial<Record<'status' | 'section' | 'type' | 'country' | 'contributor' | 'owner' | 'language' | 'q', string>>>;

function FilterSelect(props: { name: keyof ListQuery; label: string; query: ListQuery; options: readonly (readonly [string, string])[] }): VNode {
  const value = props.query[props.name] ?? '';
  return (
    <div class="field">
      <label for={`filter-${props.name}`}>{props.label}</label>
      <select id={`filter-${props.name}`} name={props.name}>
        <option value="">Any</option>
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
  return (
    <form method="get" action="/admin/articles" class="filters" role="search" aria-label="Filter articles">
      <div class="field">
        <label for="filter-q">Title contains</label>
        <input id="filter-q" name="q" type="search" value={query.q ?? ''} />
      </div>
      <FilterSelect name="status" label="Status" query={query} options={ARTICLE_STATUSES.map((s) => [s, STATUS_LABELS[s]] as const)} />
      <FilterSelect name="section" label="Section" query={query} options={choices.sections.map((s) => [s.slug, s.name] as const)} />
      <FilterSelect name="type" label="Type" query={query} options={ARTICLE_TYPES.map((t) => [t, t] as const)} />
      <div class="field">
        <label for="filter-country">Country (ISO code)</label>
        <input id="filter-country" name="country" type="text" value={query.country ?? ''} size={4} />
      </div>
      <FilterSelect name="contributor" label="Contributor" query={query} options={choices.contributors.map((c) => [String(c.id), c.name] as const)} />
      <FilterSelect name="owner" label="Owner" query={query} options={choices.owners.map((o) => [String(o.id), o.name] as const)} />
      <FilterSelect name="language" label="Language" query={query} options={choices.languages.map((l) => [l, l] as const)} />
      <button type="submit">Filter</button> <a href="/admin/articles">Clear</a>
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
      <h1>Articles</h1>
      {props.canWrite ? (
        <p>
          <a class="button" href="/admin/articles/new">
            New article
          </a>
        </p>
      ) : null}
      <Filters query={query} choices={props.choices} />
      <p class="count" role="status">
        {props.total === 1 ? '1 article' : `${props.total} articles`}
        {query.country ? ` filed under ${countryName(query.country.toUpperCase())}` : ''}
      </p>
      {rows.length > 0 ? (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Type</th>
              <th scope="col">Sections</th>
              <th scope="col">Language</th>
              <th scope="col">Owner</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/articles/${r.id}/edit`}>{r.title}</a>
                </th>
                <td>
                  <span class={`status status-${r.status}`}>{STATUS_LABELS[r.status as ArticleStatus] ?? r.status}</span>
                  {props.behind?.has(r.id) ? (
                    <>
                      {' '}
                      <span class="behind-original">{m.t('admin.translations.behind.flag')}</span>
                    </>
                  ) : null}
                </td>
                <td>{r.type}</td>
                <td>{r.sections.join(', ')}</td>
                <td>{r.language}</td>
                <td>{r.owner ?? '—'}</td>
                <td>
                  <time dateTime={r.modifiedAt}>{formatDate(r.modifiedAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No article matches.</p>
      )}
      {pages > 1 ? (
        <nav class="pagination" aria-label="Pages">
          {page > 1 ? (
            <a rel="prev" href={pageHref(query, page - 1)}>
              ← Previous
            </a>
          ) : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <a rel="next" href={pageHref(query, page + 1)}>
              Next →
            </a>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
