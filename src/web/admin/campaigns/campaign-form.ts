import type { Campaign, Target } from '../../../domain/campaigns/campaign.js';
import { BLANK_TARGET, type CampaignForm, type TargetForm } from '../../../domain/campaigns/campaign-input.js';

/*
 * The campaign form between HTML and the domain: reading what was posted (targets are
 * numbered fieldsets, `target-<n>-<field>`) and filling the form from a stored campaign.
 */

type TopField = Exclude<keyof CampaignForm, 'targets'>;
type TargetField = Exclude<keyof TargetForm, 'remove'>;

const TOP_FIELDS: readonly TopField[] = [
  'kind',
  'reference',
  'title',
  'slug',
  'summary',
  'demands',
  'letterSubjects',
  'letterBody',
  'petitionText',
  'callScript',
  'copyTo',
  'languages',
  'deadline',
  'section',
  'identityMode',
];

/** The fields of a target fieldset, in the order the form shows them. */
export const TARGET_FIELDS: readonly TargetField[] = [
  'id',
  'name',
  'title',
  'organisation',
  'country',
  'email',
  'phone',
  'postalAddress',
  'salutation',
  'deliveryMode',
  'pacePerHour',
  'officeHours',
  'timeZone',
  'digestEvery',
];

/** Fieldsets a form offers at most; more than a campaign ever needs, few enough to bound the work. */
export const MAX_TARGETS = 40;

/** A new campaign's form shows this many target fieldsets to begin with. */
export const BLANK_TARGETS = 3;

/** The name of a target fieldset's control: `target-2-email`. */
export function targetFieldName(index: number, field: keyof TargetForm): string {
  return `target-${index}-${field}`;
}

/** Reads the posted form; anything missing or of the wrong shape is empty. */
export function readCampaignForm(body: unknown): CampaignForm {
  const raw = (body ?? {}) as Record<string, unknown>;
  const text = (name: string) => {
    const value = raw[name];
    return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
  };
  const indexes = new Set<number>();
  for (const key of Object.keys(raw)) {
    const match = /^target-([0-9]{1,2})-/.exec(key);
    if (match && Number(match[1]) < MAX_TARGETS) indexes.add(Number(match[1]));
  }
  const targets = [...indexes]
    .sort((a, b) => a - b)
    .map((i): TargetForm => {
      const fields = Object.fromEntries(TARGET_FIELDS.map((f) => [f, text(targetFieldName(i, f))])) as Record<TargetField, string>;
      return { ...fields, remove: text(targetFieldName(i, 'remove')) === 'on' };
    });
  const top = Object.fromEntries(TOP_FIELDS.map((f) => [f, text(f)])) as Record<TopField, string>;
  return { ...top, targets };
}

function targetForm(t: Target): TargetForm {
  return {
    id: String(t.id),
    name: t.name ?? '',
    title: t.title,
    organisation: t.organisation ?? '',
    country: t.country,
    email: t.email ?? '',
    phone: t.phone ?? '',
    postalAddress: t.postalAddress ?? '',
    salutation: t.salutation ?? '',
    deliveryMode: t.deliveryMode,
    pacePerHour: String(t.pacePerHour),
    officeHours: t.officeHours,
    timeZone: t.timeZone,
    digestEvery: t.digestEvery === null ? '' : String(t.digestEvery),
    remove: false,
  };
}

/** The form showing a stored campaign, with one blank target fieldset (at least {@link BLANK_TARGETS} in all). */
export function formFromCampaign(c: Campaign, sectionSlug: string): CampaignForm {
  return withBlankTargets(
    {
      kind: c.kind,
      reference: c.reference ?? '',
      title: c.title,
      slug: c.slug,
      summary: c.summary,
      demands: c.demands.join('\n'),
      letterSubjects: c.letter.subjects.join('\n'),
      letterBody: c.letter.body,
      petitionText: c.petitionText,
      callScript: c.callScript,
      copyTo: c.copyTo.join(', '),
      languages: c.languages.join(', '),
      deadline: c.deadline?.slice(0, 10) ?? '',
      section: sectionSlug,
      identityMode: c.identityMode,
      targets: c.targets.map(targetForm),
    },
    1,
  );
}

/** A blank form for a new campaign: a letter, {@link BLANK_TARGETS} empty targets, the identity mode left to the targets. */
export function newCampaignForm(sectionSlug: string): CampaignForm {
  return withBlankTargets(
    {
      kind: 'letter',
      reference: '',
      title: '',
      slug: '',
      summary: '',
      demands: '',
      letterSubjects: '',
      letterBody: '',
      petitionText: '',
      callScript: '',
      copyTo: '',
      languages: 'en',
      deadline: '',
      section: sectionSlug,
      identityMode: '',
      targets: [],
    },
    BLANK_TARGETS,
  );
}

/** The form with `extra` more blank target fieldsets, and at least {@link BLANK_TARGETS} in all. */
export function withBlankTargets(form: CampaignForm, extra: number): CampaignForm {
  const wanted = Math.min(MAX_TARGETS, Math.max(BLANK_TARGETS, form.targets.length + extra));
  const blanks = Array.from({ length: Math.max(0, wanted - form.targets.length) }, () => BLANK_TARGET);
  return { ...form, targets: [...form.targets, ...blanks] };
}
