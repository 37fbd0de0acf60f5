import { describe, expect, it } from 'vitest';
import {
  allowedStatusChanges,
  BLANK_TARGET,
  highRiskTargets,
  unknownPlaceholders,
  validateCampaignForm,
  type CampaignForm,
  type TargetForm,
} from '../../src/domain/campaigns/campaign-input.js';

function target(overrides: Partial<TargetForm> = {}): TargetForm {
  return { ...BLANK_TARGET, title: 'Prosecutor General', country: 'kz', email: 'Office@Prokuror.example.kz', ...overrides };
}

function form(overrides: Partial<CampaignForm> = {}): CampaignForm {
  return {
    kind: 'letter',
    reference: 'UA 17/12',
    title: 'Free Natalya Sokolova',
    slug: '',
    summary: 'A union lawyer is in prison.',
    demands: 'Release her\n\n  Drop the charges  ',
    letterSubjects: 'Release her\nDrop the charges',
    letterBody: 'Dear …\r\n\r\n{{name}}, {{city}}, {{country}}',
    petitionText: '',
    callScript: '',
    copyTo: 'copies@example.org, Actions@Example.org',
    languages: 'en, ru',
    deadline: '2026-04-30',
    section: 'cwi',
    identityMode: '',
    targets: [target(), BLANK_TARGET, BLANK_TARGET],
    ...overrides,
  };
}

const fieldsOf = (f: CampaignForm, status: 'draft' | 'active' = 'draft') => validateCampaignForm(f, { status }).errors.map((e) => e.field);

describe('unit: the campaign form', () => {
  it('turns a good form into a campaign: lists split, blank target fieldsets skipped, codes upper-cased', () => {
    const { input, errors } = validateCampaignForm(form(), { status: 'draft' });
    expect(errors).toEqual([]);
    expect(input.demands).toEqual(['Release her', 'Drop the charges']);
    expect(input.letter).toEqual({ subjects: ['Release her', 'Drop the charges'], body: 'Dear …\n\n{{name}}, {{city}}, {{country}}' });
    expect(input.copyTo).toEqual(['copies@example.org', 'actions@example.org']);
    expect(input.languages).toEqual(['en', 'ru']);
    expect(input.slug).toBeNull();
    expect(input.identityMode).toBeNull();
    expect(input.targets).toHaveLength(1);
    expect(input.targets[0]).toMatchObject({
      id: null,
      country: 'KZ',
      email: 'office@prokuror.example.kz',
      deliveryMode: 'paced',
      pacePerHour: 30,
      digestEvery: null,
    });
  });

  it('names every problem at once, each by its field', () => {
    const bad = form({
      kind: 'leaflet',
      title: ' ',
      summary: '',
      slug: 'Free Her!',
      copyTo: 'not-an-address',
      languages: 'English',
      deadline: '2026-02-30',
      identityMode: 'anonymous',
      letterBody: 'Dear {{nmae}}',
      targets: [
        target({
          title: '',
          country: 'XX',
          email: 'nope',
          phone: 'call me',
          pacePerHour: '0',
          officeHours: '9 to 5',
          timeZone: 'Mars/Olympus',
          digestEvery: 'daily',
        }),
        BLANK_TARGET,
      ],
    });
    expect(fieldsOf(bad).sort()).toEqual(
      [
        'copyTo',
        'deadline',
        'identityMode',
        'kind',
        'languages',
        'letterBody',
        'slug',
        'summary',
        'target-0-country',
        'target-0-digestEvery',
        'target-0-email',
        'target-0-officeHours',
        'target-0-pacePerHour',
        'target-0-phone',
        'target-0-timeZone',
        'target-0-title',
        'title',
      ].sort(),
    );
  });

  it('suggests the slug it would accept', () => {
    const { errors } = validateCampaignForm(form({ slug: 'Free Her!' }), { status: 'draft' });
    expect(errors[0]!.message).toContain('“free-her”');
  });

  it('keys a target’s messages by the fieldset it was typed in, blank ones in between included', () => {
    expect(fieldsOf(form({ targets: [BLANK_TARGET, BLANK_TARGET, target({ country: '' })] }))).toEqual(['target-2-country']);
  });

  it('leaves out targets ticked for removal, and keeps a stored target’s id', () => {
    const { input } = validateCampaignForm(form({ targets: [target({ id: '7' }), target({ id: '8', remove: true })] }), { status: 'draft' });
    expect(input.targets.map((t) => t.id)).toEqual([7]);
  });

  it('lets a draft be incomplete, but not a campaign supporters can act on', () => {
    const empty = form({ letterBody: '', targets: [BLANK_TARGET] });
    expect(fieldsOf(empty, 'draft')).toEqual([]);
    expect(fieldsOf(empty, 'active')).toEqual(['letterBody', 'targets']);
    expect(fieldsOf(form({ kind: 'petition', petitionText: '' }), 'active')).toEqual(['petitionText']);
  });

  it('knows its placeholders', () => {
    expect(unknownPlaceholders('{{name}} {{ city }} {{country}} {{ nmae }} {{nmae}} {{}}')).toEqual(['nmae', '']);
  });

  it('finds the targets in high-risk countries', () => {
    expect(highRiskTargets(['KZ', 'IE', 'KZ', 'BY'], new Set(['KZ', 'BY']))).toEqual(['KZ', 'BY']);
  });

  it('allows draft → active, active ⇄ paused, and closing any open campaign; closed is final', () => {
    expect(allowedStatusChanges('draft')).toEqual(['active', 'closed']);
    expect(allowedStatusChanges('active')).toEqual(['paused', 'closed']);
    expect(allowedStatusChanges('paused')).toEqual(['active', 'closed']);
    expect(allowedStatusChanges('closed')).toEqual([]);
  });
});
