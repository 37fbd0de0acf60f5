import type { Messages } from '../../../i18n/messages.js';
import type { SupporterData } from '../../../services/supporters/supporter-data.js';

const METHOD_KEYS: Readonly<Record<string, string>> = {
  placard: 'public.data.method.placard',
  own_mail: 'public.data.method.ownMail',
  call: 'public.data.method.call',
  signature: 'public.data.method.signature',
};

const STATUS_KEYS: Readonly<Record<string, string>> = {
  pending: 'public.data.status.pending',
  confirmed: 'public.data.status.confirmed',
  held: 'public.data.status.held',
  discarded: 'public.data.status.discarded',
};

/** Words for how a supporter acted, on their page and in their download. */
export function methodLabel(m: Messages, method: string): string {
  const key = METHOD_KEYS[method];
  return key ? m.t(key) : method;
}

/** Words for where an action stands. */
export function statusLabel(m: Messages, status: string): string {
  const key = STATUS_KEYS[status];
  return key ? m.t(key) : status;
}

/** Words for what a consent is about. */
export function consentLabel(m: Messages, consent: SupporterData['consents'][number]): string {
  if (consent.scope === 'campaign_updates') {
    return consent.campaignTitle ? m.t('public.data.consent.campaign', { title: consent.campaignTitle }) : m.t('public.data.consent.someCampaign');
  }
  return consent.sectionName ? m.t('public.data.consent.section', { section: consent.sectionName }) : m.t('public.data.consent.someSection');
}

/**
 * The supporter's download: everything their page shows, every field named here and
 * nothing else (no internal ids, token hashes or keys). Labels are in the page's language.
 */
export function presentSupporterData(data: SupporterData, exportedAt: string, m: Messages) {
  const { supporter } = data;
  return {
    exportedAt,
    about: m.t('public.data.exportAbout'),
    supporter: {
      name: supporter.name,
      email: supporter.email,
      city: supporter.city,
      country: supporter.country,
      countryName: m.countryName(supporter.country),
      firstSeenAt: supporter.createdAt,
      erasedAt: supporter.erasedAt,
    },
    actions: data.actions.map((a) => ({
      campaign: a.campaignTitle,
      campaignSlug: a.campaignSlug,
      method: a.method,
      methodLabel: methodLabel(m, a.method),
      status: a.status,
      statusLabel: statusLabel(m, a.status),
      country: a.country,
      createdAt: a.createdAt,
      confirmedAt: a.confirmedAt,
      letter: a.letter,
      signAs: a.signAs,
    })),
    consents: data.consents.map((c) => ({
      scope: c.scope,
      about: consentLabel(m, c),
      wording: c.wording,
      givenAt: c.givenAt,
      confirmedAt: c.confirmedAt,
      withdrawnAt: c.withdrawnAt,
    })),
  };
}
