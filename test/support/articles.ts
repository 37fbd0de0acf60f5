import type { Kysely } from 'kysely';
import type { ArticleInput } from '../../src/domain/articles/article-input.js';
import type { DB } from '../../src/store/db/schema.js';
import { indexArticle } from '../../src/store/search/search-index.store.js';
import { page } from './html.js';
import type { Client } from './staff.js';

/*
 * Articles: what the services take to write one, and the editor's form as a signed-in
 * editor posts it.
 */

/** A complete, publishable article; tests override what they are about. */
export function articleInput(overrides: Partial<ArticleInput> = {}): ArticleInput {
  return {
    title: 'Income survey shows austerity is failing',
    language: 'en',
    type: 'news',
    status: 'published',
    standfirst: 'Disposable income is falling.',
    bodyMarkdown: 'Disposable income is falling.',
    kickerOverride: null,
    countries: ['IE'],
    topics: [],
    sectionSlugs: [],
    credits: [{ name: 'Oisín Kelly', sectionSlug: null, role: null }],
    collective: null,
    collectiveSectionSlug: null,
    provenance: null,
    publishedAt: '2012-08-06T12:00:00.000Z',
    updates: [],
    campaignId: null,
    featured: false,
    image: null,
    ...overrides,
  };
}

/** A complete, valid article editor form; tests override what they are about. */
export function editorForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: 'Dublin dockers strike',
    slug: '',
    language: 'en',
    type: 'news',
    standfirst: 'Port workers walk out.',
    bodyMarkdown: 'First paragraph.\n\nSecond paragraph.',
    kickerOverride: '',
    countries: 'IE',
    topics: 'Trade unions',
    sections: ['socialist-party-ireland'],
    credits: 'Kevin McLoughlin | socialist-party-ireland',
    collective: '',
    collectiveSection: '',
    publication: '',
    provenanceNote: '',
    provenanceUrl: '',
    imageId: '',
    imageCaption: '',
    imageCredit: '',
    campaignId: '',
    intent: 'save',
    ...overrides,
  };
}

/** Creates an article through the editor form and returns its id. */
export async function createThroughForm(client: Client, overrides: Record<string, string | string[]> = {}): Promise<number> {
  const res = await client.post('/admin/articles/new', editorForm(overrides));
  if (res.statusCode !== 303) throw new Error(`creating failed with ${res.statusCode}: ${res.body.slice(0, 2000)}`);
  return Number(/\/admin\/articles\/(\d+)\/edit/.exec(String(res.headers.location))?.[1]);
}

/** The version an editor page's form carries. */
export function formVersion(html: string): string {
  return page(html).first('form.article-form').field('version').value;
}

/**
 * Publishes `count` short articles at once (rows written in bulk, each indexed for search
 * as the store indexes it), for what only shows with many articles: a search with more
 * results than it counts. The nth is titled `${title} n` and published n days after 2020-01-01.
 */
export async function publishMany(db: Kysely<DB>, count: number, text: { title: string; body: string }): Promise<void> {
  for (let from = 0; from < count; from += 250) {
    const rows = Array.from({ length: Math.min(250, count - from) }, (_, i) => {
      const n = from + i + 1;
      const at = new Date(Date.UTC(2020, 0, 1 + n, 12)).toISOString();
      return {
        slug: `${text.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${n}`,
        language: 'en',
        title: `${text.title} ${n}`,
        type: 'news' as const,
        standfirst: '',
        body_md: text.body,
        body_html: `<p>${text.body}</p>`,
        status: 'published' as const,
        published_at: at,
        created_at: at,
        modified_at: at,
        featured: 0,
        version: 1,
      };
    });
    await db.transaction().execute(async (trx) => {
      const ids = await trx.insertInto('articles').values(rows).returning('id').execute();
      for (const { id } of ids) await indexArticle(trx, id);
    });
  }
}
