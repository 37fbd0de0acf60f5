import type { Kysely } from 'kysely';
import type { ArticleInput } from '../domain/articles/article-input.js';
import { deriveKicker } from '../domain/articles/kicker.js';
import type { CampaignTexts } from '../domain/campaigns/campaign.js';
import { createArticle } from '../services/articles/create-article.js';
import { linkImportedTranslation } from '../services/articles/translations.js';
import { RUSSIAN_LEAD } from './demo-translation-ru.js';
import { createSection } from '../services/sections/create-section.js';
import type { ContentChanges } from '../services/shared/content-changes.js';
import type { DB } from '../store/db/schema.js';
import { insertCampaign } from '../store/campaigns/campaign.store.js';
import { insertPublication } from '../store/sections/section.store.js';
import { insertMedia } from '../store/media/media.store.js';
import type { MediaFiles } from '../store/media/media-files.js';
import { createHash } from 'node:crypto';
import { parseDemoPage, type DemoArticle, type DemoContent } from './parse-demo-page.js';

/**
 * The page gives dates, not times. Listed items get noon less one minute per place in
 * their list, so items of the same day keep the page's order (newest first); the lead,
 * "this morning"'s protest, gets 10:00 on its day.
 */
function publicationTime(item: DemoArticle, index: number): string {
  if (item.list === 'lead') return `${item.publishedOn}T10:00:00.000Z`;
  return new Date(Date.parse(`${item.publishedOn}T12:00:00.000Z`) - index * 60_000).toISOString();
}

/** The page's own kicker is kept where the derived one would differ ("Greece election", "US"). */
function keepKicker(item: DemoArticle): string | null {
  const derived = deriveKicker({ override: null, primaryCountry: item.countries[0] ?? null, primaryTopic: item.topics[0] ?? null });
  return item.kicker && item.kicker !== derived ? item.kicker : null;
}

function toInput(item: DemoArticle, index: number, extra: Partial<ArticleInput> = {}): ArticleInput {
  return {
    title: item.title,
    language: 'en',
    type: item.type,
    status: 'published',
    standfirst: item.standfirst,
    bodyMarkdown: item.bodyMarkdown,
    kickerOverride: keepKicker(item),
    countries: item.countries,
    topics: item.topics,
    sectionSlugs: [],
    credits: item.byline.contributors.map((c) => ({ name: c.name, sectionSlug: c.sectionSlug, role: c.role })),
    collective: item.byline.collective,
    collectiveSectionSlug: item.byline.collectiveSectionSlug,
    provenance: item.provenance ? { publicationSlug: item.provenance.publicationSlug, note: item.provenance.note, url: null } : null,
    publishedAt: publicationTime(item, index),
    // The page shows "[updated]" but not when or why; the note says only what is known.
    updates: item.updated ? [{ at: `${item.publishedOn}T18:00:00.000Z`, note: 'This article was updated after publication.' }] : [],
    campaignId: null,
    featured: false,
    image: null,
    ...extra,
  };
}

/** The demo action's texts in Russian, translated from the English ones below as a coordinator would. */
const RUSSIAN: CampaignTexts = {
  language: 'ru',
  title: 'Остановите государственное насилие в Казахстане!',
  summary:
    'Снимите все обвинения с Айнура Курманова, Есенбека Уктешбаева и других активистов Социалистического движения Казахстана. Освободите Наталью Соколову.',
  demands: [
    'Снять все обвинения с Айнура, Есенбека и других активистов Социалистического движения Казахстана',
    'Освободить Наталью Соколову',
    'Соблюдать демократические права, в том числе право на протест, на забастовку и на вступление в профсоюзы',
  ],
  letter: {
    subjects: ['Снимите обвинения с Айнура Курманова и Есенбека Уктешбаева', 'Освободите Наталью Соколову', 'Соблюдайте право на протест в Казахстане'],
    body: [
      'Я пишу, чтобы выразить протест против обвинений, выдвинутых против Айнура Курманова, Есенбека Уктешбаева и других активистов Социалистического движения Казахстана, а также против продолжающегося заключения Натальи Соколовой.',
      '',
      'Я призываю вас снять с них все обвинения, освободить Наталью Соколову и уважать право на протест, на забастовку и на вступление в профсоюзы.',
      '',
      'С уважением,',
      '{{name}}, {{city}}, {{country}}',
    ].join('\n'),
  },
  petitionText: '',
  callScript:
    'Здравствуйте, я звоню по поводу активистов Социалистического движения Казахстана. Прошу снять все обвинения с Айнура Курманова и Есенбека Уктешбаева и освободить Наталью Соколову. Спасибо.',
};

async function loadSectionsAndCampaign(deps: { db: Kysely<DB>; changes: ContentChanges }, content: DemoContent): Promise<number> {
  const sectionIds = new Map<string, number>();
  for (const section of content.sections) sectionIds.set(section.slug, await createSection(deps, section));
  return deps.db.transaction().execute(async (trx) => {
    for (const p of content.publications) {
      await insertPublication(trx, { slug: p.slug, name: p.name, url: null, sectionId: p.sectionSlug ? (sectionIds.get(p.sectionSlug) ?? null) : null });
    }
    return insertCampaign(
      trx,
      {
        slug: 'stop-state-brutality-in-kazakhstan',
        reference: null,
        title: 'Stop state brutality in Kazakhstan!',
        summary: 'Drop all charges against Ainur Kurmanov, Esenbek Ukteshbayev and other activists of Socialist Movement Kazakhstan. Release Natalya Sokolova.',
        status: 'active',
        // Letters to Kazakhstan's authorities must not hand them supporters' names.
        identityMode: 'protective',
        languages: ['en', 'ru'],
        copyTo: content.copyTo,
        deadline: null,
        sectionId: sectionIds.get('cwi') ?? null,
        // The demands are the captured page's own; the letter and call script are written
        // for the demo from them, as a coordinator would.
        demands: [
          'Drop all charges against Ainur, Esenbek and other activists of Socialist Movement Kazakhstan',
          'Release Natalya Sokolova',
          'Respect democratic rights, including the right to protest, strike and join trade unions',
        ],
        letter: {
          subjects: ['Drop the charges against Ainur Kurmanov and Esenbek Ukteshbayev', 'Release Natalya Sokolova', 'Respect the right to protest in Kazakhstan'],
          body: [
            'I am writing to protest at the charges brought against Ainur Kurmanov, Esenbek Ukteshbayev and other activists of Socialist Movement Kazakhstan, and at the continued imprisonment of Natalya Sokolova.',
            '',
            'I urge you to drop all charges against them, to release Natalya Sokolova, and to respect the right to protest, to strike and to join trade unions.',
            '',
            'Yours sincerely,',
            '{{name}}, {{city}}, {{country}}',
          ].join('\n'),
        },
        callScript: 'Hello, I am calling about the activists of Socialist Movement Kazakhstan. I ask that all charges against Ainur Kurmanov and Esenbek Ukteshbayev be dropped and that Natalya Sokolova be released. Thank you.',
        translations: [RUSSIAN],
        // Kazakhstan's state bodies work in Kazakh and, by article 7 of the Constitution, in
        // Russian on a par with it: a Russian letter reaches every one of these offices,
        // whatever page the supporter wrote from. Their office hours are Almaty's.
        targets: content.targets.map((t) => ({
          name: t.name,
          title: t.position,
          organisation: t.organisation,
          country: t.country,
          email: t.email,
          phone: t.phone,
          postalAddress: null,
          salutation: null,
          deliveryMode: 'paced' as const,
          timeZone: 'Asia/Almaty',
          letterLanguage: 'ru',
        })),
      },
      new Date().toISOString(),
    );
  });
}

/**
 * The captured page kept the photo's caption but not the photo. An illustration stands
 * in for it, and its alt text and credit say so rather than pass it off as the photo.
 */
async function storeLeadImage(db: Kysely<DB>, media: MediaFiles, svg: Buffer, content: DemoContent) {
  const name = `${createHash('sha256').update(svg).digest('base64url').slice(0, 16)}.svg`;
  await media.put(name, svg);
  const mediaId = await insertMedia(
    db,
    { path: `/media/${name}`, mime: 'image/svg+xml', width: 960, height: 540, alt: 'Illustration standing in for the photograph: protesters with placards outside a hotel', caption: content.leadImage.caption, credit: 'Illustration for the Placard demo; the original photograph is not part of the captured page' },
    new Date().toISOString(),
  );
  return { mediaId, caption: content.leadImage.caption, credit: null };
}

/**
 * The lead article's Russian translation (demo-translation-ru.ts), published with the
 * original: the same byline section, country, image and call to action, in Russian.
 * Returns its id.
 */
async function loadRussianLead(
  deps: { db: Kysely<DB>; changes: ContentChanges },
  item: DemoArticle,
  link: { campaignId: number; image: ArticleInput['image'] },
): Promise<number> {
  const { title, slug, language, standfirst, bodyMarkdown } = RUSSIAN_LEAD;
  const input = toInput(item, 0, {
    title,
    slug,
    language,
    standfirst,
    bodyMarkdown,
    kickerOverride: RUSSIAN_LEAD.kicker,
    collective: RUSSIAN_LEAD.collective,
    campaignId: link.campaignId,
    image: link.image ? { ...link.image, caption: RUSSIAN_LEAD.imageCaption } : null,
  });
  return (await createArticle({ ...deps, now: () => new Date(input.publishedAt ?? Date.now()) }, input)).id;
}

/**
 * Loads the demo content derived from the captured page: its sections and publications,
 * the lead article with its call to action and its Russian translation, and every item of "Latest news" and
 * "Analysis". A listed item's body is its standfirst: nothing is invented.
 */
export async function loadDemo(
  deps: { db: Kysely<DB>; changes: ContentChanges; media?: MediaFiles },
  pageText: string,
  options: { leadImageSvg?: Buffer } = {},
): Promise<{ articles: number }> {
  const content = parseDemoPage(pageText);
  const campaignId = await loadSectionsAndCampaign(deps, content);
  const image = deps.media && options.leadImageSvg ? await storeLeadImage(deps.db, deps.media, options.leadImageSvg, content) : null;
  // Each article's record says it was written when it was published, not when the demo was loaded.
  const at = (input: ArticleInput) => ({ ...deps, now: () => new Date(input.publishedAt ?? Date.now()) });
  // The translation is stored first and published at the same moment as the original, so
  // that every listing, feed and the front page still lead with the original (the newer
  // row wins a tie); the link then makes the English one the group's original.
  const translation = await loadRussianLead(deps, content.lead, { campaignId, image });
  const lead = toInput(content.lead, 0, { campaignId, featured: true, image });
  const original = await createArticle(at(lead), lead);
  await linkImportedTranslation(deps, { originalId: original.id, translationId: translation, at: lead.publishedAt ?? new Date().toISOString() });
  for (const list of [content.latest, content.analysis]) {
    for (const [index, item] of list.entries()) {
      const input = toInput(item, index);
      await createArticle(at(input), input);
    }
  }
  const items = [...content.latest, ...content.analysis];
  return { articles: items.length + 2 };
}
