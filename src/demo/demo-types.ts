/** The demo content as read from the captured page (../shared/demo-source), before it is loaded. */
export type ArticleType = 'news' | 'analysis' | 'review' | 'editorial' | 'statement' | 'report';
export interface DemoSection { slug: string; name: string; shortLabel: string; country: string; languages: string[]; website: string | null }
export interface DemoPublication { slug: string; name: string; sectionSlug: string | null }
export interface DemoContributorCredit { name: string; sectionSlug: string | null; role: string | null }
export interface DemoByline { contributors: DemoContributorCredit[]; collective: string | null; collectiveSectionSlug: string | null }
export interface DemoTarget { name: string | null; position: string; organisation: string | null; country: 'KZ'; email: string | null; phone: string | null }
export interface DemoArticle {
  title: string;
  kicker: string | null;
  countries: string[];
  topics: string[];
  type: ArticleType;
  publishedOn: string;
  dateInferred: boolean;
  standfirst: string;
  byline: DemoByline;
  /** The byline line as printed, without the date and the trailing colon; '' when the page printed none. */
  bylineText: string;
  provenance: { publicationSlug: string; note: string } | null;
  updated: boolean;
  list: 'lead' | 'latest' | 'analysis';
  bodyMarkdown: string;
}
export interface DemoContent {
  sections: DemoSection[];
  publications: DemoPublication[];
  lead: DemoArticle;
  latest: DemoArticle[];
  analysis: DemoArticle[];
  targets: DemoTarget[];
  copyTo: string[];
  leadImage: { caption: string; alt: string; credit: string | null };
}
