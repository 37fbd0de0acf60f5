import type { FastifyInstance } from 'fastify';
import { readSearchRequest, searchPath } from '../../../domain/search/search-request.js';
import { searchChoices, searchSite, type SearchDeps } from '../../../services/search/search.js';
import type { SiteIdentityService } from '../../../services/site/site-identity.js';
import { Layout } from '../../views/layout.view.js';
import { renderDocument } from '../../views/render.js';
import { SearchPage } from './search-page.view.js';

/** What the search page needs. */
export interface SearchRouteDeps extends SearchDeps {
  readonly site: SiteIdentityService;
  readonly stylesheet: string;
  readonly publicUrl: string;
}

/**
 * `/search`: the form and its results, in the site's language. Each search is answered
 * afresh and kept by no cache (docs/decisions/0026): a withdrawn article must vanish from
 * results at once, the page cache keeps only canonical addresses, and what someone looked
 * for is theirs, not a shared cache's.
 */
export function registerSearchRoutes(app: FastifyInstance, deps: SearchRouteDeps): void {
  app.get('/search', async (request, reply) => {
    const m = deps.site.messages();
    const read = readSearchRequest(request.query as Record<string, unknown>);
    const choices = await searchChoices(deps.db);
    const form = read.ok ? read.request.form : read.form;
    const results = read.ok && read.request.q ? await searchSite(deps, read.request) : null;
    const errors = read.ok ? [] : read.errors;
    const title = form.q ? m.t('public.search.title-query', { query: form.q }) : m.t('public.search.heading');
    const html = renderDocument(
      <Layout
        title={errors.length > 0 ? m.t('public.search.title-error', { title }) : title}
        site={deps.site.current()}
        stylesheet={deps.stylesheet}
        canonical={deps.publicUrl + searchPath(form, read.ok ? read.request.page : 1)}
        head={<meta name="robots" content="noindex" />}
      >
        <SearchPage form={form} choices={choices} errors={errors} results={results} />
      </Layout>,
      m,
    );
    return reply
      .code(errors.length > 0 ? 422 : 200)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  });
}
