import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCountryCode } from '../../src/domain/geo/countries.js';
import { parseByline } from '../../src/demo/parse-demo-byline.js';
import { parseDemoPage, type DemoArticle, type DemoByline } from '../../src/demo/parse-demo-page.js';

const page = readFileSync(new URL('../../demo/kazakhstan-protest-page.txt', import.meta.url), 'utf8');
const content = parseDemoPage(page);
const items = [...content.latest, ...content.analysis];

const EW = 'socialist-party-england-wales';
const IE = 'socialist-party-ireland';

function itemTitled(title: string): DemoArticle {
  const found = items.find((a) => a.title === title);
  if (!found) throw new Error(`no item titled ${title}`);
  return found;
}

function itemByBylineText(text: string): DemoArticle {
  const found = items.find((a) => a.bylineText === text);
  if (!found) throw new Error(`no item with byline ${text}`);
  return found;
}

function person(name: string, sectionSlug: string | null, role: string | null = null): DemoByline {
  return { contributors: [{ name, sectionSlug, role }], collective: null, collectiveSectionSlug: null };
}

function collective(text: string, sectionSlug: string | null): DemoByline {
  return { contributors: [], collective: text, collectiveSectionSlug: sectionSlug };
}

describe('unit: demo page lists', () => {
  it('finds every item of both lists', () => {
    expect(content.latest).toHaveLength(25);
    expect(content.analysis).toHaveLength(25);
    expect(items.filter((a) => a.dateInferred)).toHaveLength(3);
  });

  it('parses the first and last items of "Latest news" completely', () => {
    expect(content.latest[0]).toEqual({
      title: 'Scoffing on profits',
      kicker: 'Food',
      countries: [],
      topics: ['Food'],
      type: 'news',
      publishedOn: '2012-08-27',
      dateInferred: false,
      standfirst: 'Billions around the world suffer from either malnourishment or obesity.',
      byline: person('Iain Dalton', EW),
      bylineText: 'Iain Dalton, Socialist Party (CWI England & Wales)',
      provenance: null,
      updated: false,
      list: 'latest',
      bodyMarkdown: 'Billions around the world suffer from either malnourishment or obesity.',
    });
    expect(content.latest.at(-1)).toEqual({
      title: 'If they take one non-payer to court they take us all',
      kicker: 'Ireland',
      countries: ['IE'],
      topics: [],
      type: 'news',
      publishedOn: '2012-08-04',
      dateInferred: false,
      standfirst: 'Non-payment campaign against household tax: Preparation needed to organise a powerful, mass response to any court cases',
      byline: person('Cian Prendiville', IE),
      bylineText: 'Cian Prendiville, Socialist Party (CWI Ireland)',
      provenance: null,
      updated: false,
      list: 'latest',
      bodyMarkdown: 'Non-payment campaign against household tax: Preparation needed to organise a powerful, mass response to any court cases',
    });
  });

  it('parses the first and last items of "Analysis" completely', () => {
    const squid =
      'As economic crisis worsens and class struggles continue in Spain, Greece, Portugal and elsewhere in Europe, the need for working class fight-back and to build the influence of Marxism grows.';
    expect(content.analysis[0]).toEqual({
      title: 'A way out of depression?',
      kicker: 'World economy',
      countries: [],
      topics: ['World economy'],
      type: 'analysis',
      publishedOn: '2012-08-26',
      dateInferred: false,
      standfirst: 'Global capitalism is mired in depression. A Keynesian tract for our times by Paul Krugman proposes a way out',
      byline: person('Lynn Walsh', EW, 'editor of Socialism Today'),
      bylineText: 'Lynn Walsh, editor of Socialism Today, magazine of the Socialist Party (CWI England & Wales)',
      provenance: null,
      updated: false,
      list: 'analysis',
      bodyMarkdown: 'Global capitalism is mired in depression. A Keynesian tract for our times by Paul Krugman proposes a way out',
    });
    expect(content.analysis.at(-1)).toEqual({
      title: 'The capitalist “vampire squid” and the class struggle in Europe',
      kicker: null,
      countries: [],
      topics: [],
      type: 'analysis',
      publishedOn: '2012-05-06',
      dateInferred: false,
      standfirst: squid,
      byline: collective('CWI', 'cwi'),
      bylineText: 'CWI',
      provenance: null,
      updated: false,
      list: 'analysis',
      bodyMarkdown: squid,
    });
  });

  it('takes an item with a date line and nothing after it to have an empty standfirst', () => {
    const truncated = parseDemoPage(page.replace(/\n06\/05\/2012, CWI:\n.*$/s, '\n06/05/2012, CWI:\n'));
    expect(truncated.analysis.at(-1)).toMatchObject({ publishedOn: '2012-05-06', standfirst: '', bodyMarkdown: '', bylineText: 'CWI' });
  });

  it('keeps each list newest first and a listed body equal to its standfirst', () => {
    for (const list of [content.latest, content.analysis]) {
      const dates = list.map((a) => a.publishedOn);
      expect(dates).toEqual([...dates].sort().reverse());
    }
    for (const item of items) expect(item.bodyMarkdown).toBe(item.standfirst);
  });

  it('gives undated items the date above them and credits the CWI', () => {
    const undated = items.filter((a) => a.dateInferred).map((a) => [a.kicker, a.title, a.publishedOn, a.bylineText]);
    expect(undated).toEqual([
      ['Solidarity', 'International protests following Lonmin massacre in South Africa', '2012-08-25', ''],
      ['Britain', 'Socialist Party’s Hannah Sell on Jeremy Vine show', '2012-08-25', ''],
      ['Kazakhstan', 'Paul Murphy MEP addresses Kazkahstan workers’ movement', '2012-08-18', ''],
    ]);
    for (const item of items.filter((a) => a.dateInferred)) expect(item.byline).toEqual(collective('CWI', 'cwi'));
  });

  it('detects "[updated]" and keeps it out of the title', () => {
    const item = itemTitled('Solidarity with South African miners');
    expect([item.kicker, item.updated, item.countries, item.publishedOn]).toEqual(['Britain', true, ['GB'], '2012-08-18']);
    expect(items.filter((a) => a.updated)).toHaveLength(1);
    expect(items.some((a) => a.title.includes('[updated]'))).toBe(false);
  });

  it('tells countries from topics', () => {
    const classified = (title: string) => {
      const a = itemTitled(title);
      return [a.kicker, a.countries, a.topics];
    };
    expect(classified('Majority vote against austerity')).toEqual(['Greece election', ['GR'], []]);
    expect(classified('The Syrian cauldron')).toEqual(['Middle East', [], ['Middle East']]);
    expect(classified('Socialist to Challenge House Speaker in General Election')).toEqual(['US', ['US'], []]);
    expect(classified('France set to join Europe’s turmoil')).toEqual([null, ['FR'], []]);
    expect(classified('The Dark Knight Rises')).toEqual(['Review', [], []]);
    const topics = new Set(items.flatMap((a) => a.topics));
    expect([...topics].sort()).toEqual([
      'CWI Summer School',
      'Euro crisis',
      'Food',
      'Middle East',
      'Solidarity',
      'UN',
      'Unemployment',
      'WikiLeaks',
      'Women',
      'World economy',
    ]);
  });

  it('types reviews and editorials, and analysis by list', () => {
    const titlesOf = (type: DemoArticle['type']) => items.filter((a) => a.type === type).map((a) => a.title);
    expect(titlesOf('review')).toEqual(['Sowing the seeds of inequality', 'The Dark Knight Rises', 'Capitalism, globalisation and migration']);
    expect(titlesOf('editorial')).toEqual(['End the insane cycle of youth joblessness', 'Carbon tax ensures emissions will rise']);
    expect(content.analysis.filter((a) => a.type === 'analysis')).toHaveLength(24);
    expect(content.latest.filter((a) => a.type === 'news')).toHaveLength(21);
  });

  it('preserves Unicode names', () => {
    expect(itemTitled('Income survey shows austerity is failing').byline.contributors[0]?.name).toBe('Oisín Kelly');
    expect(itemTitled('A stormy period for the world economy and relations').byline.contributors[0]?.name).toBe('Finghín Kelly');
    expect(content.sections.map((s) => s.name)).toEqual(expect.arrayContaining(['Rättvisepartiet Socialisterna', 'Gauche Révolutionnaire']));
    expect(itemTitled('France set to join Europe’s turmoil').byline).toEqual(collective('Gauche Révolutionnaire', 'gauche-revolutionnaire'));
  });
});

describe('unit: demo page bylines', () => {
  const provenance = (publicationSlug: string, note: string) => ({ publicationSlug, note });
  const cases: [string, DemoByline, ReturnType<typeof provenance> | null][] = [
    ['Iain Dalton, Socialist Party (CWI England & Wales)', person('Iain Dalton', EW), null],
    ['David Johnson, Socialist Party (CWI England and Wales)', person('David Johnson', EW), null],
    ['Liv Shange, Democratic Socialist Movement (CWI in South Africa)', person('Liv Shange', 'dsm-south-africa'), null],
    ['DSM (CWI South Africa)', collective('DSM', 'dsm-south-africa'), null],
    ['Moshood Oshunfurewa, Democratic Socialist Movement (CWI in Nigeria)', person('Moshood Oshunfurewa', 'dsm-nigeria'), null],
    ['USP reporter', collective('USP reporter', 'united-socialist-party-sri-lanka'), null],
    ['Danny Byrne, CWI', person('Danny Byrne', 'cwi'), null],
    ['Per-Ake Westerlund, Rättvisepartiet Socialisterna (CWI in Sweden)', person('Per-Ake Westerlund', 'rattvisepartiet-socialisterna'), null],
    ['Latest from reporters in Kazakhstan', collective('Latest from reporters in Kazakhstan', 'socialist-movement-kazakhstan'), null],
    ['Socialist Alternative (CWI in USA)', collective('Socialist Alternative', 'socialist-alternative'), null],
    ['Socialist Alternative (CWI supporters in the US)', collective('Socialist Alternative', 'socialist-alternative'), null],
    ['Chris Dite, Socialist Party (CWI Austalia)', person('Chris Dite', 'socialist-party-australia'), null],
    [
      'Editorial of the Socialist, paper of the Socialist Party (CWI England & Wales)',
      collective('Editorial', EW),
      provenance('the-socialist-england-wales', 'Editorial of the Socialist, paper of the Socialist Party (CWI England & Wales)'),
    ],
    [
      'Editorial from the August edition of The Socialist, paper of the Socialist Party (CWI Australia)',
      collective('Editorial', 'socialist-party-australia'),
      provenance('the-socialist-australia', 'Editorial from the August edition of The Socialist, paper of the Socialist Party (CWI Australia)'),
    ],
    [
      'Claire Laker-Mansfield, Socialist Party (CWI England & Wales), first published in Socialism Today',
      person('Claire Laker-Mansfield', EW),
      provenance('socialism-today', 'first published in Socialism Today'),
    ],
    ['Joe Higgins, TD, Socialist Party (CWI Ireland)', person('Joe Higgins', IE, 'TD'), null],
    [
      'Lynn Walsh, editor of Socialism Today, magazine of the Socialist Party (CWI England & Wales)',
      person('Lynn Walsh', EW, 'editor of Socialism Today'),
      null,
    ],
    // The section there is the magazine's, not a credit of Lynn Walsh's own.
    [
      'Lynn Walsh, from Socialism Today, magazine of the Socialist Party (CWI in England & Wales)',
      person('Lynn Walsh', null),
      provenance('socialism-today', 'from Socialism Today, magazine of the Socialist Party (CWI in England & Wales)'),
    ],
    [
      'Niall Mulholland, CWI, first published in Socialism Today (magazine of the Socialist Party, CWI in England & Wales)',
      person('Niall Mulholland', 'cwi'),
      provenance('socialism-today', 'first published in Socialism Today (magazine of the Socialist Party, CWI in England & Wales)'),
    ],
    [
      'Peter Taaffe, general secretary of the Socialist Party (CWI England & Wales), first published in Socialism Today',
      person('Peter Taaffe', EW, 'general secretary'),
      provenance('socialism-today', 'first published in Socialism Today'),
    ],
    ['Peter Taaffe, Socialist Party (CWI England & Wales) general secretary', person('Peter Taaffe', EW, 'general secretary'), null],
    [
      'David Johnson, Socialist Party (CWI England and Wales) and Niall Mulholland, CWI',
      {
        contributors: [
          { name: 'David Johnson', sectionSlug: EW, role: null },
          { name: 'Niall Mulholland', sectionSlug: 'cwi', role: null },
        ],
        collective: null,
        collectiveSectionSlug: null,
      },
      null,
    ],
    [
      'Tony Saunois (CWI) with Andros Payiatos, Xekinima (CWI Greece)',
      {
        contributors: [
          { name: 'Tony Saunois', sectionSlug: 'cwi', role: null },
          { name: 'Andros Payiatos', sectionSlug: 'xekinima', role: null },
        ],
        collective: null,
        collectiveSectionSlug: null,
      },
      null,
    ],
    ['Rob Jones Moscow', person('Rob Jones', null, 'Moscow'), null],
    ['Vincent Kolo, from the website', person('Vincent Kolo', null), null],
    ['Reporters from Socialist Party (CWI Ireland)', collective('Reporters from Socialist Party', IE), null],
    ['CWI reporters', collective('CWI reporters', 'cwi'), null],
    ['CWI', collective('CWI', 'cwi'), null],
    ['Giuliano Brunetti, Controcorrente (CWI in Italy)', person('Giuliano Brunetti', 'controcorrente'), null],
    ['Gauche Révolutionnaire (CWI in France)', collective('Gauche Révolutionnaire', 'gauche-revolutionnaire'), null],
    ['Philip Stott, Socialist Party Scotland (CWI Scotland)', person('Philip Stott', 'socialist-party-scotland'), null],
    ['Oisín Kelly, Socialist Party (CWI Ireland)', person('Oisín Kelly', IE), null],
  ];

  it.each(cases)('parses "%s" as printed on the page', (text, byline, expectedProvenance) => {
    const item = itemByBylineText(text);
    expect(item.byline).toEqual(byline);
    expect(item.provenance).toEqual(expectedProvenance);
  });

  it('parses the lead byline as a collective of the England & Wales section', () => {
    expect(content.lead.byline).toEqual(collective('Socialist Party (CWI England and Wales) Reporters', EW));
  });

  it('drops the trailing colon and fails loudly on labels it does not know', () => {
    expect(parseByline('Danny Byrne, CWI:').byline).toEqual(person('Danny Byrne', 'cwi'));
    expect(() => parseByline('Ann Other, Socialist Party (CWI in Atlantis)')).toThrow(/Unknown section label/);
    expect(() => parseByline('Ann Other, Socialist Party')).toThrow(/needs a CWI label/);
    expect(() => parseByline('Ann Other, Workers’ Party (CWI Ireland)')).toThrow(/does not know/);
  });

  it('only refers to sections and publications it defines', () => {
    const sectionSlugs = new Set(content.sections.map((s) => s.slug));
    const publicationSlugs = new Set(content.publications.map((p) => p.slug));
    for (const item of [content.lead, ...items]) {
      for (const c of item.byline.contributors) if (c.sectionSlug !== null) expect(sectionSlugs).toContain(c.sectionSlug);
      if (item.byline.collectiveSectionSlug !== null) expect(sectionSlugs).toContain(item.byline.collectiveSectionSlug);
      if (item.provenance) expect(publicationSlugs).toContain(item.provenance.publicationSlug);
      expect(item.byline.contributors.length > 0 || item.byline.collective !== null).toBe(true);
    }
    for (const p of content.publications) if (p.sectionSlug !== null) expect(sectionSlugs).toContain(p.sectionSlug);
  });
});

describe('unit: demo page sections', () => {
  it('has valid, unique slugs, countries and languages', () => {
    const slugs = content.sections.map((s) => s.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const section of content.sections) {
      expect(section.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(isCountryCode(section.country)).toBe(true);
      expect(section.languages.length).toBeGreaterThan(0);
      for (const language of section.languages) expect(language).toMatch(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/);
    }
  });

  it('describes the sections the brief names', () => {
    const bySlug = new Map(content.sections.map((s) => [s.slug, s]));
    expect(bySlug.get('cwi')).toMatchObject({ name: 'Committee for a Workers’ International', country: 'GB' });
    expect(bySlug.get('dsm-south-africa')).toMatchObject({ name: 'Democratic Socialist Movement', country: 'ZA' });
    expect(bySlug.get('dsm-nigeria')).toMatchObject({ name: 'Democratic Socialist Movement', country: 'NG' });
    expect(bySlug.get('rattvisepartiet-socialisterna')).toMatchObject({ country: 'SE', languages: ['sv'] });
    expect(bySlug.get('socialist-movement-kazakhstan')).toMatchObject({ country: 'KZ', languages: ['ru', 'kk'] });
    expect(bySlug.get('xekinima')).toMatchObject({ country: 'GR', languages: ['el'] });
    expect(bySlug.get('gauche-revolutionnaire')).toMatchObject({ country: 'FR', languages: ['fr'] });
    expect(bySlug.get(IE)).toMatchObject({ country: 'IE', languages: ['en', 'ga'] });
    expect(bySlug.get('socialist-party-scotland')).toMatchObject({ country: 'GB' });
    expect(bySlug.get('united-socialist-party-sri-lanka')).toMatchObject({ country: 'LK' });
    expect(content.sections).toHaveLength(14);
    expect(content.publications.map((p) => [p.slug, p.name, p.sectionSlug])).toEqual([
      ['socialism-today', 'Socialism Today', EW],
      ['the-socialist-england-wales', 'The Socialist', EW],
      ['the-socialist-australia', 'The Socialist', 'socialist-party-australia'],
    ]);
  });
});

describe('unit: demo page lead and call to action', () => {
  const body = content.lead.bodyMarkdown;

  it('parses the lead article', () => {
    expect({ ...content.lead, bodyMarkdown: '' }).toEqual({
      title: 'Stop state brutality in Kazakhstan!',
      kicker: 'Kazakhstan',
      countries: ['KZ'],
      topics: [],
      type: 'news',
      publishedOn: '2012-08-28',
      dateInferred: true,
      standfirst:
        'A protest against state brutality and imprisonment of trade unionists and their representatives in Kazakhstan was held outside the Corinthia Hotel in Whitehall Place, London, this morning.',
      byline: collective('Socialist Party (CWI England and Wales) Reporters', EW),
      bylineText: 'Socialist Party (CWI England and Wales) Reporters',
      provenance: null,
      updated: false,
      list: 'lead',
      bodyMarkdown: '',
    });
    expect(content.leadImage).toEqual({
      caption: 'Protesters outside the Corinthia hotel',
      alt: 'Protesters with placards outside the Corinthia Hotel in London',
      credit: null,
    });
  });

  it('keeps every paragraph, the subheading and both demand lists, and nothing else', () => {
    const bullets = body.split('\n').filter((l) => l.startsWith('- '));
    expect(bullets).toHaveLength(8);
    expect(bullets[0]).toBe('- No cooperation with Nazarbayev’s regime!');
    expect(bullets[7]).toBe('- For nationalisation of Kazakhstan’s major industries, under democratic workers’ control and management!');
    expect(body).toContain('\n\n## Strikers brutally treated\n\n');
    const paragraphs =
      page
        .split('Please send protests to:')[0]
        ?.split(/\n\s*\n/)
        .map((p) => p.trim())
        .slice(2) ?? [];
    const prose = paragraphs.filter((p) => !p.startsWith('•') && p.length > 60);
    expect(prose).toHaveLength(8);
    for (const paragraph of prose) expect(body).toContain(paragraph);
    expect(body).not.toContain('Protesters outside the Corinthia hotel');
    expect(body).not.toContain('Please send protests');
    expect(body).not.toContain('Tel');
    expect(body).not.toContain('•');
  });

  it('turns the protest addresses into targets', () => {
    expect(content.targets).toEqual([
      {
        name: 'Alina Bulatovna Rakhimbekova',
        position: 'Head of the Supreme Court of Kazakhstan',
        organisation: 'Supreme Court of the Republic of Kazakhstan',
        country: 'KZ',
        email: 'supreme-court@example.org',
        phone: '+7 7172 747570',
      },
      {
        name: null,
        position: 'Foreign Ministry of the Republic of Kazakhstan',
        organisation: 'Foreign Ministry of the Republic of Kazakhstan',
        country: 'KZ',
        email: 'foreign-ministry@example.org',
        phone: null,
      },
      {
        name: null,
        position: 'Head of the President’s Administration',
        organisation: 'Administration of the President of the Republic of Kazakhstan',
        country: 'KZ',
        email: 'presidential-administration@example.org',
        phone: '+7 7172 74 55 24',
      },
    ]);
    expect(content.copyTo).toEqual(['kazakhstan-campaign@example.org']);
  });

  it('fails loudly on a page that is not the expected one', () => {
    expect(() => parseDemoPage(page.replace('Please send protests to:', 'Write to:'))).toThrow(/lacks the "Please send protests to:" line/);
    expect(() => parseDemoPage('')).toThrow(/Please send protests to:/);
    expect(() => parseDemoPage(page.replace('World economy: A way out', 'World economy: Any way out'))).toThrow(/first Analysis item/);
    expect(() => parseDemoPage(page.replace('1: Head of the Supreme', '1: Judge of the Supreme'))).toThrow(/No address is known/);
  });

  it('accepts Windows line endings', () => {
    expect(parseDemoPage(page.replace(/\n/g, '\r\n'))).toEqual(content);
  });
});
