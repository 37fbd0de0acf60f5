import type { Kysely } from 'kysely';
import type { ArticleStatus } from '../../domain/articles/article.js';
import type { DB } from '../db/schema.js';

/** One article as a WordPress export carries it. */
export interface WxrArticle {
  readonly id: number;
  readonly slug: string;
  readonly language: string;
  readonly title: string;
  readonly standfirst: string;
  readonly bodyHtml: string;
  readonly status: ArticleStatus;
  readonly publishedAt: string | null;
  readonly createdAt: string;
  readonly modifiedAt: string;
  readonly imageId: number | null;
  readonly countries: readonly string[];
  readonly topicIds: readonly number[];
  readonly contributorIds: readonly number[];
}

/** Everything a WordPress export is made of, in id order. */
export interface WxrContent {
  readonly articles: readonly WxrArticle[];
  readonly topics: readonly { readonly id: number; readonly slug: string; readonly name: string }[];
  readonly contributors: readonly { readonly id: number; readonly slug: string; readonly name: string }[];
  readonly media: readonly {
    readonly id: number;
    readonly path: string;
    readonly mime: string;
    readonly alt: string;
    readonly caption: string | null;
    readonly createdAt: string;
  }[];
}

function grouped<T>(rows: readonly { article_id: number; value: T }[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) out.set(row.article_id, [...(out.get(row.article_id) ?? []), row.value]);
  return out;
}

/** Reads the articles with their countries, topics and bylines, and the topics, contributors and media they use. */
export async function readWxrContent(db: Kysely<DB>): Promise<WxrContent> {
  const [articles, countries, topicLinks, contributorLinks, topics, contributors, media] = await Promise.all([
    db.selectFrom('articles').selectAll().orderBy('id').execute(),
    db.selectFrom('article_countries').select(['article_id', 'country as value']).orderBy('article_id').orderBy('position').execute(),
    db.selectFrom('article_topics').select(['article_id', 'topic_id as value']).orderBy('article_id').orderBy('position').execute(),
    db.selectFrom('article_contributors').select(['article_id', 'contributor_id as value']).orderBy('article_id').orderBy('position').execute(),
    db.selectFrom('topics').select(['id', 'slug', 'name']).orderBy('id').execute(),
    db.selectFrom('contributors').select(['id', 'slug', 'name']).orderBy('id').execute(),
    db.selectFrom('media').select(['id', 'path', 'mime', 'alt', 'caption', 'created_at']).orderBy('id').execute(),
  ]);
  const countriesOf = grouped(countries);
  const topicsOf = grouped(topicLinks);
  const contributorsOf = grouped(contributorLinks);
  return {
    articles: articles.map((a) => ({
      id: a.id,
      slug: a.slug,
      language: a.language,
      title: a.title,
      standfirst: a.standfirst,
      bodyHtml: a.body_html,
      status: a.status,
      publishedAt: a.published_at,
      createdAt: a.created_at,
      modifiedAt: a.modified_at,
      imageId: a.image_id,
      countries: countriesOf.get(a.id) ?? [],
      topicIds: topicsOf.get(a.id) ?? [],
      contributorIds: contributorsOf.get(a.id) ?? [],
    })),
    topics,
    contributors,
    media: media.map((m) => ({ id: m.id, path: m.path, mime: m.mime, alt: m.alt, caption: m.caption, createdAt: m.created_at })),
  };
}
