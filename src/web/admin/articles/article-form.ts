import type { FieldError } from '../../../domain/articles/article-input.js';
import type { ArticleType } from '../../../domain/articles/article.js';
import { EMPTY_SNAPSHOT, formatCreditLine, parseCreditLine, type ArticleSnapshot } from '../../../domain/articles/revision-diff.js';

/**
 * The editor form as typed: every field a string (or a list of checked boxes), so a
 * form that fails its rules comes back exactly as it was sent.
 */
export interface EditorForm {
  readonly title: string;
  readonly slug: string;
  readonly language: string;
  readonly type: string;
  readonly standfirst: string;
  readonly bodyMarkdown: string;
  readonly kickerOverride: string;
  readonly countries: string;
  readonly topics: string;
  readonly sections: readonly string[];
  readonly credits: string;
  readonly collective: string;
  readonly collectiveSection: string;
  readonly publication: string;
  readonly provenanceNote: string;
  readonly provenanceUrl: string;
  readonly imageId: string;
  readonly imageCaption: string;
  readonly imageCredit: string;
  readonly featured: boolean;
  readonly campaignId: string;
  /** The version the form was loaded at; a save against a newer one is refused. */
  readonly version: string;
}

type TextField = Exclude<keyof EditorForm, 'sections' | 'featured'>;

const TEXT_FIELDS: readonly TextField[] = [
  'title',
  'slug',
  'language',
  'type',
  'standfirst',
  'bodyMarkdown',
  'kickerOverride',
  'countries',
  'topics',
  'credits',
  'collective',
  'collectiveSection',
  'publication',
  'provenanceNote',
  'provenanceUrl',
  'imageId',
  'imageCaption',
  'imageCredit',
  'campaignId',
  'version',
];

/** Reads the posted form; anything missing or of the wrong shape is empty. */
export function readEditorForm(body: unknown): EditorForm {
  const raw = (body ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof raw[name] === 'string' ? raw[name] : '');
  const sections = raw.sections;
  const list = Array.isArray(sections) ? sections.filter((s): s is string => typeof s === 'string') : typeof sections === 'string' ? [sections] : [];
  const fields = Object.fromEntries(TEXT_FIELDS.map((name) => [name, text(name)])) as Record<TextField, string>;
  return { ...fields, sections: list, featured: raw.featured === 'on' };
}

/** The form showing a stored version of the article. */
export function formFromSnapshot(s: ArticleSnapshot, version: number | null): EditorForm {
  return {
    title: s.title,
    slug: s.slug,
    language: s.language,
    type: s.type,
    standfirst: s.standfirst,
    bodyMarkdown: s.bodyMarkdown,
    kickerOverride: s.kickerOverride ?? '',
    countries: s.countries.join(', '),
    topics: s.topics.join(', '),
    sections: s.sectionSlugs,
    credits: s.credits.map(formatCreditLine).join('\n'),
    collective: s.collective ?? '',
    collectiveSection: s.collectiveSectionSlug ?? '',
    publication: s.provenance?.publicationSlug ?? '',
    provenanceNote: s.provenance?.note ?? '',
    provenanceUrl: s.provenance?.url ?? '',
    imageId: s.image ? String(s.image.mediaId) : '',
    imageCaption: s.image?.caption ?? '',
    imageCredit: s.image?.credit ?? '',
    featured: s.featured,
    campaignId: s.campaignId === null ? '' : String(s.campaignId),
    version: version === null ? '' : String(version),
  };
}

/** A blank form for a new article. */
export const NEW_ARTICLE_FORM: EditorForm = formFromSnapshot(EMPTY_SNAPSHOT, null);

const optional = (text: string) => text.trim() || null;
const unique = (items: string[]) => [...new Set(items)];

/**
 * The snapshot a form asks for, and the problems only the form can see (a number that
 * is not one). A credit's section may be typed as its slug, name or short label.
 */
export function snapshotFromForm(
  form: EditorForm,
  sections: readonly { slug: string; name: string; shortLabel: string }[],
): { snapshot: ArticleSnapshot; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const sectionSlug = (typed: string | null) => {
    if (!typed) return null;
    const wanted = typed.toLowerCase();
    return sections.find((s) => [s.slug, s.name, s.shortLabel].some((v) => v.toLowerCase() === wanted))?.slug ?? typed;
  };
  const credits = form.credits
    .split(/\r?\n/)
    .map(parseCreditLine)
    .filter((c) => c !== null)
    .map((c) => ({ ...c, sectionSlug: sectionSlug(c.sectionSlug) }));
  const mediaId = form.imageId.trim() === '' ? null : /^[0-9]{1,9}$/.test(form.imageId.trim()) ? Number(form.imageId) : NaN;
  if (Number.isNaN(mediaId)) errors.push({ field: 'image', message: 'Choose an image from the media library.', key: 'admin.editor.error.image' });
  const campaignId = form.campaignId.trim() === '' ? null : /^[0-9]{1,9}$/.test(form.campaignId.trim()) ? Number(form.campaignId) : NaN;
  if (Number.isNaN(campaignId)) errors.push({ field: 'campaignId', message: 'A campaign is chosen by its number.', key: 'admin.editor.error.campaign' });
  const provenance = { publicationSlug: optional(form.publication), note: optional(form.provenanceNote), url: optional(form.provenanceUrl) };
  const snapshot: ArticleSnapshot = {
    title: form.title.trim(),
    slug: form.slug.trim(),
    language: form.language.trim(),
    type: form.type as ArticleType,
    standfirst: form.standfirst,
    bodyMarkdown: form.bodyMarkdown,
    kickerOverride: optional(form.kickerOverride),
    countries: unique(
      form.countries
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map((c) => c.toUpperCase()),
    ),
    topics: unique(
      form.topics
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
    sectionSlugs: unique([...form.sections]),
    credits,
    collective: optional(form.collective),
    collectiveSectionSlug: optional(form.collectiveSection),
    provenance: provenance.publicationSlug || provenance.note || provenance.url ? provenance : null,
    image: mediaId === null || Number.isNaN(mediaId) ? null : { mediaId, caption: optional(form.imageCaption), credit: optional(form.imageCredit) },
    featured: form.featured,
    campaignId: campaignId === null || Number.isNaN(campaignId) ? null : campaignId,
  };
  return { snapshot, errors };
}

/**
 * Where a rule's message is shown: beside its field. Byline problems sit by the
 * contributors, a credit's unknown section by the contributors too.
 */
export function formFieldOf(field: string): string {
  if (field === 'byline' || field.startsWith('credits')) return 'credits';
  if (field === 'image') return 'imageId';
  if (field === 'publishedAt' || field === 'status') return 'workflow';
  return field;
}
