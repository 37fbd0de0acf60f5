import { countryName } from '../../../domain/geo/countries.js';
import type { SupporterData } from '../../../services/supporters/supporter-data.js';

/** Words for how a supporter acted, on their page and in their download. */
export const METHOD_LABELS: Readonly<Record<string, string>> = {
  placard: 'Letter sent through Placard',
  own_mail: 'Letter sent from your own mail',
  call: 'Phone call',
  signature: 'Signature',
};

/** Words for where an action stands. */
export const STATUS_LABELS: Readonly<Record<string, string>> = {
  pending: 'Waiting for you to confirm your email address',
  confirmed: 'Counted',
  held: 'Held for a coordinator to check',
  discarded: 'Not counted',
};

/** Words for what a consent is about. */
export function consentLabel(consent: SupporterData['consents'][number]): string {
  if (consent.scope === 'campaign_updates') return `Updates on “${consent.campaignTitle ?? 'a campaign'}”`;
  return `News from ${consent.sectionName ?? 'the section'}`;
}

/**
 * The supporter's download: everything their page shows, every field named here and
 * nothing else (no internal ids, token hashes or keys).
 */
export function presentSupporterData(data: SupporterData, exportedAt: string) {
  const { supporter } = data;
  return {
    exportedAt,
    about: 'Everything Placard holds about you. Erased data is null.',
    supporter: {
      name: supporter.name,
      email: supporter.email,
      city: supporter.city,
      country: supporter.country,
      countryName: countryName(supporter.country),
      firstSeenAt: supporter.createdAt,
      erasedAt: supporter.erasedAt,
    },
    actions: data.actions.map((a) => ({
      campaign: a.campaignTitle,
      campaignSlug: a.campaignSlug,
      method: a.method,
      methodLabel: METHOD_LABELS[a.method] ?? a.method,
      status: a.status,
      statusLabel: STATUS_LABELS[a.status] ?? a.status,
      country: a.country,
      createdAt: a.createdAt,
      confirmedAt: a.confirmedAt,
      letter: a.letter,
      signAs: a.signAs,
    })),
    consents: data.consents.map((c) => ({
      scope: c.scope,
      about: consentLabel(c),
      wording: c.wording,
      givenAt: c.givenAt,
      confirmedAt: c.confirmedAt,
      withdrawnAt: c.withdrawnAt,
    })),
  };
}
