import { describe, expect, it } from 'vitest';
import { NotFound, ValidationFailed } from '../../src/domain/errors.js';
import { catalogues, english } from '../../src/i18n/messages.js';
import { errorsByField, field, fields, idParam } from '../../src/web/admin/kit.js';

describe('unit: the admin kit', () => {
  it('keeps every message for a field, in order, not only the last', () => {
    const error = new ValidationFailed([
      { field: 'alt', message: 'Alt text must be 500 characters or fewer.' },
      { field: 'caption', message: 'The caption is too long.' },
      { field: 'alt', message: 'Alt text must not be the file name.' },
    ]);
    const byField = errorsByField(error.errors, english());
    expect(byField.alt).toBe('Alt text must be 500 characters or fewer. Alt text must not be the file name.');
    expect(byField.caption).toBe('The caption is too long.');
  });

  it('places a rule’s message beside the form field that shows it', () => {
    const errors = [
      { field: 'byline', message: 'Add a contributor.' },
      { field: 'credits[0]', message: 'Unknown section.' },
      { field: 'title', message: 'Add a title.' },
    ];
    const place = (f: string) => (f === 'byline' || f.startsWith('credits') ? 'credits' : f);
    expect(errorsByField(errors, english(), place)).toEqual({ credits: 'Add a contributor. Unknown section.', title: 'Add a title.' });
  });

  it('writes a rule’s message in the reader’s language when the rule names its key, and as written when it does not', () => {
    const errors = [
      { field: 'title', message: 'A title is required.', key: 'domain.title-required' },
      { field: 'countries', message: '"XX" is not an ISO 3166-1 country code.', key: 'domain.country-unknown', values: { code: 'XX' } },
      { field: 'alt', message: 'Written only in English.' },
    ];
    expect(errorsByField(errors, catalogues().for('ru'))).toEqual({
      title: 'Укажите заголовок.',
      countries: '«XX» — не код страны по ISO 3166-1.',
      alt: 'Written only in English.',
    });
    expect(errorsByField(errors, english()).countries).toBe('"XX" is not an ISO 3166-1 country code.');
  });

  it('reads an id from a path, and answers anything else with NotFound naming the thing', () => {
    expect(idParam('42', 'The campaign')).toBe(42);
    for (const raw of ['', 'abc', '-1', '1.5', '1e3', ' 7', '1234567890', '٣']) {
      expect(() => idParam(raw, 'The campaign'), raw).toThrow(NotFound);
    }
    expect(() => idParam('x', 'The campaign')).toThrow('The campaign was not found.');
  });

  it('reads a form as typed: the first of a repeated field, every value of checkboxes', () => {
    const form = { name: ['Ada', 'Grace'], role: 'editor', sections: 'ireland' };
    expect(field(form, 'name')).toBe('Ada');
    expect(field(form, 'missing')).toBe('');
    expect(fields(form, 'sections')).toEqual(['ireland']);
    expect(fields(form, 'name')).toEqual(['Ada', 'Grace']);
    expect(fields(form, 'missing')).toEqual([]);
  });
});
