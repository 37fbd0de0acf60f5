import type { VNode } from 'preact';
import type { Campaign } from '../../../domain/campaigns/campaign.js';
import { firstLanguage, pageLanguages } from '../../../domain/campaigns/campaign-languages.js';
import { openGraphLocale } from '../../../domain/site/open-graph.js';
import type { SiteIdentity } from '../../../domain/site/site-identity.js';
import { campaignLanguagePath } from './campaign-languages.view.js';

/** A campaign page as its head describes it: the campaign in the page's language, and whether it takes actions now. */
export interface CampaignHeadInput {
  /** The campaign as stored: its languages and first language's title. */
  readonly campaign: Campaign;
  /** The campaign in the page's language (inLanguage). */
  readonly shown: Campaign;
  readonly language: string;
  readonly accepting: boolean;
  readonly site: SiteIdentity;
  readonly publicUrl: string;
}

/**
 * Open Graph and Twitter card tags and schema.org JSON-LD for a campaign's page
 * (docs/decisions/0027). schema.org has no type for an urgent action or a petition; the
 * page is a `WebPage` whose `potentialAction` is a `CommunicateAction` ("conveying
 * information to another person via a communication medium such as … email"): the
 * supporter's letter, with the officials as its `recipient` and the page's form as its
 * `target`. Only while the campaign takes actions: a closed one offers none.
 */
export function campaignHead(input: CampaignHeadInput): { head: VNode; jsonLd: unknown } {
  const { campaign, shown, language, accepting, site, publicUrl } = input;
  const url = publicUrl + campaignLanguagePath(campaign, language);
  const languages = pageLanguages(campaign);
  const logo = site.logo ? publicUrl + site.logo.src : null;
  const head = (
    <>
      <meta property="og:type" content="website" />
      <meta property="og:title" content={shown.title} />
      <meta property="og:url" content={url} />
      <meta property="og:site_name" content={site.name} />
      {shown.summary ? <meta property="og:description" content={shown.summary} /> : null}
      <meta property="og:locale" content={openGraphLocale(language)} />
      {languages
        .filter((l) => l !== language)
        .map((l) => (
          <meta property="og:locale:alternate" content={openGraphLocale(l)} />
        ))}
      {logo ? <meta property="og:image" content={logo} /> : null}
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={shown.title} />
      {shown.summary ? <meta name="twitter:description" content={shown.summary} /> : null}
      {logo ? <meta name="twitter:image" content={logo} /> : null}
    </>
  );
  const version = (l: string) => ({ '@type': 'WebPage', url: publicUrl + campaignLanguagePath(campaign, l), inLanguage: l });
  const first = firstLanguage(campaign);
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'WebPage',
    '@id': url,
    url,
    name: shown.title,
    description: shown.summary || undefined,
    inLanguage: language,
    isPartOf: { '@type': 'WebSite', name: site.name, url: `${publicUrl}/` },
    publisher: { '@type': 'Organization', name: site.name, url: `${publicUrl}/`, ...(logo ? { logo: { '@type': 'ImageObject', url: logo } } : {}) },
    potentialAction: accepting
      ? {
          '@type': 'CommunicateAction',
          name: shown.title,
          inLanguage: language,
          recipient: campaign.targets.map((t) => ({
            '@type': 'Person',
            ...(t.name ? { name: t.name } : {}),
            jobTitle: t.title,
            ...(t.organisation ? { worksFor: { '@type': 'Organization', name: t.organisation } } : {}),
          })),
          target: { '@type': 'EntryPoint', urlTemplate: url, inLanguage: language },
          ...(campaign.deadline ? { endTime: campaign.deadline } : {}),
        }
      : undefined,
    translationOfWork: language !== first ? version(first) : undefined,
    workTranslation: language === first && languages.length > 1 ? languages.filter((l) => l !== first).map(version) : undefined,
  };
  return { head, jsonLd };
}
