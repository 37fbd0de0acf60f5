import type { ArticleInput } from '../../src/domain/articles/article-input.js';

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
