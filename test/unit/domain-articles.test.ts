import { describe, expect, it } from 'vitest';
import type { Byline } from '../../src/domain/articles/article.js';
import { articleCacheTags, validateArticle } from '../../src/domain/articles/article-input.js';
import { bylineParts, bylineText, isEmptyByline } from '../../src/domain/articles/byline.js';
import { deriveKicker } from '../../src/domain/articles/kicker.js';
import { telHref, defaultIdentityMode } from '../../src/domain/campaigns/campaign.js';
import { articleInput } from '../support/articles.js';

const ew = { slug: 'socialist-party-england-wales', name: 'Socialist Party', shortLabel: 'CWI England & Wales' };
const cwi = { slug: 'cwi', name: 'Committee for a Workers’ International', shortLabel: 'CWI' };

describe('unit: bylines', () => {
  it('credits one contributor with their section', () => {
    const byline: Byline = {
      credits: [{ contributor: { slug: 'iain-dalton', name: 'Iain Dalton' }, section: ew, role: null }],
      collective: null,
      collectiveSection: null,
    };
    expect(bylineText(byline)).toBe('Iain Dalton, Socialist Party (CWI England & Wales)');
    expect(
      bylineParts(byline)
        .filter((p) => p.kind !== 'text')
        .map((p) => p.kind),
    ).toEqual(['contributor', 'section']);
  });

  it('keeps order and roles across several contributors', () => {
    const byline: Byline = {
      credits: [
        { contributor: { slug: 'david-johnson', name: 'David Johnson' }, section: ew, role: null },
        { contributor: { slug: 'joe-higgins', name: 'Joe Higgins' }, section: null, role: 'TD' },
        { contributor: { slug: 'niall-mulholland', name: 'Niall Mulholland' }, section: cwi, role: null },
      ],
      collective: null,
      collectiveSection: null,
    };
    expect(bylineText(byline)).toBe(
      'David Johnson, Socialist Party (CWI England & Wales); Joe Higgins, TD and Niall Mulholland, Committee for a Workers’ International (CWI)',
    );
  });

  it('shows a collective byline, linked to its section when it has one', () => {
    const byline: Byline = { credits: [], collective: 'CWI reporters', collectiveSection: cwi };
    expect(bylineParts(byline)).toEqual([{ kind: 'section', slug: 'cwi', text: 'CWI reporters' }]);
    expect(isEmptyByline({ credits: [], collective: '  ' })).toBe(true);
    expect(isEmptyByline({ credits: [], collective: 'Editorial' })).toBe(false);
  });
});

describe('unit: kickers', () => {
  it('prefers the override, then the primary country, then the topic', () => {
    expect(deriveKicker({ override: 'Review', primaryCountry: 'IE', primaryTopic: 'Film' })).toBe('Review');
    expect(deriveKicker({ override: null, primaryCountry: 'KZ', primaryTopic: 'Repression' })).toBe('Kazakhstan');
    expect(deriveKicker({ override: '  ', primaryCountry: null, primaryTopic: 'World economy' })).toBe('World economy');
    expect(deriveKicker({ override: null, primaryCountry: null, primaryTopic: null })).toBeNull();
  });

  it('uses the names the movement uses', () => {
    expect(deriveKicker({ override: null, primaryCountry: 'GB', primaryTopic: null })).toBe('Britain');
    expect(deriveKicker({ override: null, primaryCountry: 'US', primaryTopic: null })).toBe('US');
  });
});

describe('unit: article rules', () => {
  it('accepts a complete article', () => {
    expect(validateArticle(articleInput())).toEqual([]);
  });

  it('reports every problem at once, by field', () => {
    const errors = validateArticle(articleInput({ title: ' ', language: 'English', countries: ['XX'], credits: [], collective: null, publishedAt: null }));
    expect(errors.map((e) => e.field).sort()).toEqual(['byline', 'countries', 'language', 'publishedAt', 'title']);
  });

  it('lets a draft go without a byline or date', () => {
    expect(validateArticle(articleInput({ status: 'draft', credits: [], collective: null, publishedAt: null }))).toEqual([]);
  });

  it('tags every listing the article appears in', () => {
    const tags = articleCacheTags({
      slug: 'a',
      type: 'analysis',
      publishedAt: '2012-08-23T12:00:00Z',
      countries: ['SY'],
      topicSlugs: ['middle-east'],
      sectionSlugs: ['cwi'],
      contributorSlugs: ['niall-mulholland'],
    });
    expect(tags).toEqual([
      'article:a',
      'front',
      'archive',
      'type:analysis',
      'month:2012-08',
      'country:SY',
      'topic:middle-east',
      'section:cwi',
      'contributor:niall-mulholland',
    ]);
  });
});

describe('unit: campaigns', () => {
  it('writes tel: links with digits only', () => {
    expect(telHref('+7 (7172) 74 55 24')).toBe('tel:+77172745524');
    expect(telHref('++7 7172 747570')).toBe('tel:+77172747570');
  });

  it('protects supporters when a target is in a high-risk country', () => {
    expect(defaultIdentityMode(['KZ'], new Set(['KZ']))).toBe('protective');
    expect(defaultIdentityMode(['IE'], new Set(['KZ']))).toBe('named');
  });
});
