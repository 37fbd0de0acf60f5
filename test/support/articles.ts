import type { ArticleInput } from '../../src/domain/articles/article-input.js';
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
