import type { VNode } from 'preact';
import { jsxTemplate } from 'preact/jsx-runtime';
import type { ArticleView, LeadImage } from '../../../domain/articles/article.js';
import type { ImageVariant } from '../../../domain/media/media.js';
import type { ActionCounts } from '../../../domain/campaigns/action.js';
import type { Campaign } from '../../../domain/campaigns/campaign.js';
import { countrySlug } from '../../../domain/geo/countries.js';
import { directionOf, type Messages } from '../../../i18n/messages.js';
import { BylineView, countryLabel, DateTime, UpdatedMark } from '../../views/components.view.js';
import { useMessages } from '../../views/messages-context.js';
import { listingPath } from '../../views/format.js';
import type { PublicTranslations } from '../../../services/articles/translations.js';
import { BehindOriginal, LanguageSwitcher } from './translations.view.js';
import { campaignPath, CopyTo, countSentence, selfReportedSentence, TargetList } from '../campaigns/campaign-parts.view.js';

/**
 * The `lang` and `dir` of the page's own words inside an article in another language
 * ("Filed under" in English around a Swedish article); none when they agree.
 */
function chromeOf(m: Messages, article: Pick<ArticleView, 'language'>): { lang?: string; dir?: 'ltr' | 'rtl' } {
  return article.language === m.language ? {} : { lang: m.language, dir: m.dir };
}

function Provenance(props: { article: ArticleView }): VNode | null {
  const m = useMessages();
  const p = props.article.provenance;
  if (!p) return null;
  const name = p.publication?.name;
  const link = p.url ?? p.publication?.url ?? null;
  // An editor's note is in the article's language; the default words are the page's.
  const label = p.note ?? (name ? m.t('public.article.firstPublishedIn', { publication: name }) : m.t('public.article.firstPublishedElsewhere'));
  const chrome = p.note ? {} : chromeOf(m, props.article);
  return (
    <p class="provenance" {...chrome}>
      {link ? <a href={link}>{label}</a> : label}
    </p>
  );
}

function Updates(props: { article: ArticleView }): VNode | null {
  const m = useMessages();
  if (props.article.updates.length === 0) return null;
  const chrome = chromeOf(m, props.article);
  return (
    <aside class="updates" aria-label={m.t('public.article.updates')}>
      {props.article.updates.map((u) => (
        <p>
          <strong {...chrome}>{m.rich('public.article.updatedAt', { date: () => <DateTime iso={u.at} /> })}</strong> {u.note}
        </p>
      ))}
    </aside>
  );
}

/**
 * The call to action: every target with name, position, a real `mailto:` link and a
 * real `tel:` link, in the HTML itself. The captured page hid its addresses behind a
 * script and lost every one of them in text browsers, feeds and reader modes. Below them,
 * the way to act through Placard and the live counter. Feeds pass `baseUrl`: a feed
 * reader has no page to resolve a relative link against.
 */
export function CallToAction(props: { campaign: Campaign; counts?: ActionCounts | null; baseUrl?: string; lang?: string; dir?: 'ltr' | 'rtl' }): VNode {
  const m = useMessages();
  const { campaign, counts } = props;
  const petition = campaign.kind === 'petition';
  return (
    <section class="call-to-action" aria-labelledby="protests-heading" lang={props.lang} dir={props.dir}>
      <h2 id="protests-heading">{m.t('public.cta.heading')}</h2>
      <TargetList campaign={campaign} />
      <CopyTo campaign={campaign} />
      {/* A <section>, not a <div>: Readability drops a <div> whose text is mostly one link (docs/decisions/0029). */}
      <section class="act-now">
        <p>
          <a href={(props.baseUrl ?? '') + campaignPath(campaign.slug)}>{petition ? m.t('public.cta.sign') : m.t('public.cta.send')}</a>
        </p>
        {counts ? (
          <p class="count">
            {petition
              ? m.t('public.cta.countSigned', { signed: countSentence(m, counts, campaign.kind) })
              : m.t('public.cta.countSent', { sent: countSentence(m, counts, campaign.kind), selfReported: selfReportedSentence(m, counts) })}
          </p>
        ) : null}
      </section>
    </section>
  );
}

function Filed(props: { article: ArticleView }): VNode | null {
  const m = useMessages();
  const { countries, topics } = props.article;
  if (countries.length === 0 && topics.length === 0) return null;
  const chrome = chromeOf(m, props.article);
  return (
    <nav class="filed" aria-label={m.t('public.article.filedUnder')} {...chrome}>
      <h2>{m.t('public.article.filedUnder')}</h2>
      <ul>
        {countries.map((c) => (
          <li>
            <a href={listingPath('countries', countrySlug(c))}>{countryLabel(m, c)}</a>
          </li>
        ))}
        {topics.map((t) => (
          <li>
            <a href={listingPath('topics', t.slug)} lang={chrome.lang ? props.article.language : undefined}>
              {t.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The article's rendered Markdown with no element around it, so that its paragraphs and
 * the call to action after them share one parent. Reader modes keep the element that
 * holds most of the text and little besides (Readability scores each paragraph's
 * parent); a call to action beside that element, not in it, is dropped
 * (docs/decisions/0029). `jsxTemplate` is Preact's way to put ready HTML among siblings.
 */
function BodyHtml(props: { html: string }): VNode {
  return jsxTemplate([props.html]);
}

const SIZES = '(min-width: 44rem) 42rem, calc(100vw - 2rem)';
const srcset = (variants: readonly ImageVariant[]) => variants.map((v) => `${v.src} ${v.width}w`).join(', ');

/**
 * The lead image: with renditions, a <picture> offering WebP and, for the rest, the
 * original format, each in every width; the browser picks by the column's width
 * (42rem, or the screen less the page's padding). Without renditions (the demo's
 * SVG), the file as it is.
 */
function LeadPicture(props: { image: LeadImage }): VNode {
  const { image } = props;
  const img = (set?: string) => (
    <img src={image.src} srcset={set} sizes={set ? SIZES : undefined} alt={image.alt} width={image.width ?? undefined} height={image.height ?? undefined} />
  );
  const webp = image.variants.filter((v) => v.format === 'webp');
  const fallback = image.variants.filter((v) => v.format !== 'webp');
  if (webp.length === 0) return img();
  if (fallback.length === 0) return img(srcset(webp));
  return (
    <picture>
      <source type="image/webp" srcset={srcset(webp)} sizes={SIZES} />
      {img(srcset(fallback))}
    </picture>
  );
}

/**
 * An article page: kicker, title, byline, date, updates, provenance, image, body, call to
 * action, filing. The article carries its own language and direction; the page's words
 * inside it (dates, "Filed under") carry the page's when the two differ.
 */
export function ArticlePage(props: {
  article: ArticleView;
  campaign: Campaign | null;
  counts?: ActionCounts | null;
  translations?: PublicTranslations;
}): VNode {
  const m = useMessages();
  const a = props.article;
  const chrome = chromeOf(m, a);
  return (
    <article class="article" lang={a.language} dir={directionOf(a.language)}>
      <header>
        {props.translations ? <LanguageSwitcher translations={props.translations} currentId={a.id} /> : null}
        {a.kicker ? <p class="kicker">{a.kicker}</p> : null}
        <h1>
          {chrome.lang ? (
            <span {...chrome}>
              <UpdatedMark article={a} />
            </span>
          ) : (
            <UpdatedMark article={a} />
          )}
          {a.title}
        </h1>
        {a.standfirst ? <p class="standfirst">{a.standfirst}</p> : null}
        <p class="meta">
          <span {...chrome}>
            <DateTime iso={a.publishedAt} />
          </span>
          , <BylineView byline={a.byline} />
        </p>
        <Provenance article={a} />
        {props.translations ? <BehindOriginal translations={props.translations} /> : null}
      </header>
      <Updates article={a} />
      {a.image ? (
        <figure class="lead-image">
          <LeadPicture image={a.image} />
          {a.image.caption || a.image.credit ? (
            <figcaption>
              {a.image.caption}
              {a.image.credit ? (
                <>
                  {a.image.caption ? ' ' : ''}
                  <span class="credit">({a.image.credit})</span>
                </>
              ) : null}
            </figcaption>
          ) : null}
        </figure>
      ) : null}
      {/* The call to action inside the body, beside the article's own paragraphs: see BodyHtml. */}
      <div class="body">
        <BodyHtml html={a.bodyHtml} />
        {props.campaign ? <CallToAction campaign={props.campaign} counts={props.counts} {...chrome} /> : null}
      </div>
      <Filed article={a} />
    </article>
  );
}
