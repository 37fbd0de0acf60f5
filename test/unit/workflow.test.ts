import { describe, expect, it } from 'vitest';
import type { StaffUser } from '../../src/domain/accounts/staff.js';
import {
  actionTarget,
  availableActions,
  mayApply,
  noteProblems,
  parsePublishTime,
  publishInstant,
  scheduleProblems,
} from '../../src/domain/articles/workflow.js';

const staff = (role: StaffUser['role'], overrides: Partial<StaffUser> = {}): StaffUser => ({
  id: 1,
  email: 'x@example.org',
  name: 'X',
  role,
  sectionIds: [],
  contributorId: null,
  totpEnabled: false,
  ...overrides,
});
const article = (status: string, overrides: { sectionIds?: number[]; ownerId?: number | null } = {}) => ({
  status,
  sectionIds: [10],
  ownerId: 1,
  ...overrides,
});

describe('unit: article workflow', () => {
  it('lets an author submit their own draft, and nothing more', () => {
    const author = staff('author');
    expect(availableActions(author, article('draft'))).toEqual(['submit']);
    expect(availableActions(author, article('in_review'))).toEqual([]);
    expect(availableActions(author, article('draft', { ownerId: 2 }))).toEqual([]);
    expect(mayApply(author, article('draft'), 'publish')).toBe(false);
  });

  it('offers an editor every step that starts from the status', () => {
    const editor = staff('editor', { id: 9 });
    expect(availableActions(editor, article('draft'))).toEqual(['submit', 'schedule', 'publish']);
    expect(availableActions(editor, article('in_review'))).toEqual(['return', 'schedule', 'publish']);
    expect(availableActions(editor, article('scheduled'))).toEqual(['schedule', 'unschedule', 'publish']);
    expect(availableActions(editor, article('published'))).toEqual(['update', 'withdraw']);
    expect(availableActions(editor, article('withdrawn'))).toEqual([]);
  });

  it('lets a section editor publish only when every section is theirs', () => {
    const sectionEditor = staff('section_editor', { id: 9, sectionIds: [10] });
    expect(mayApply(sectionEditor, article('draft', { sectionIds: [10] }), 'publish')).toBe(true);
    expect(mayApply(sectionEditor, article('draft', { sectionIds: [10, 11] }), 'publish')).toBe(false);
    expect(mayApply(sectionEditor, article('draft', { sectionIds: [11] }), 'publish')).toBe(false);
    expect(mayApply(sectionEditor, article('draft', { sectionIds: [] }), 'publish')).toBe(false);
  });

  it('names where each step leads', () => {
    expect(actionTarget('submit')).toBe('in_review');
    expect(actionTarget('schedule')).toBe('scheduled');
    expect(actionTarget('unschedule')).toBe('draft');
    expect(actionTarget('update')).toBe('published');
    expect(actionTarget('withdraw')).toBe('withdrawn');
  });

  it('reads a datetime-local value in the form’s zone, and ISO times with their own offset', () => {
    expect(parsePublishTime('2026-03-02T10:30', 'UTC')).toEqual({ kind: 'exact', utc: '2026-03-02T10:30:00.000Z' });
    expect(parsePublishTime('2026-03-02 10:30', 'Asia/Almaty')).toEqual({ kind: 'exact', utc: '2026-03-02T05:30:00.000Z' });
    expect(parsePublishTime('2026-03-02T10:30:00+02:00', 'Asia/Almaty')).toEqual({ kind: 'exact', utc: '2026-03-02T08:30:00.000Z' });
    expect(parsePublishTime('2026-03-29T02:30', 'Europe/Stockholm')).toEqual({ kind: 'skipped' });
    expect(parsePublishTime('2026-10-25T02:30', 'Europe/Stockholm')).toEqual({ kind: 'ambiguous', utc: '2026-10-25T00:30:00.000Z' });
    expect(parsePublishTime('tomorrow', 'UTC')).toEqual({ kind: 'invalid' });
    expect(parsePublishTime('2026-13-45T10:30', 'UTC')).toEqual({ kind: 'invalid' });
    expect(parsePublishTime('', 'UTC')).toEqual({ kind: 'invalid' });
    expect(publishInstant('2026-03-29T03:00', 'Europe/Stockholm')).toBe('2026-03-29T01:00:00.000Z');
    expect(publishInstant('2026-03-29T02:30', 'Europe/Stockholm')).toBeNull();
  });

  it('wants a schedule in the future and a note for updates and withdrawals', () => {
    const now = new Date('2026-03-01T09:00:00Z');
    expect(scheduleProblems('2026-03-01T09:01', 'UTC', now)).toEqual([]);
    expect(scheduleProblems('2026-03-01T09:00', 'UTC', now)[0]?.field).toBe('publishAt');
    expect(scheduleProblems('soon', 'Europe/Stockholm', now)[0]?.message).toContain('date and time');
    expect(scheduleProblems('2026-03-29T02:30', 'Europe/Stockholm', now)[0]?.key).toBe('domain.time.skipped');
    expect(noteProblems('Corrected a name.', 'update')).toEqual([]);
    expect(noteProblems('   ', 'update')[0]?.field).toBe('updateNote');
    expect(noteProblems('', 'withdraw')[0]?.field).toBe('withdrawalNote');
    expect(noteProblems('x'.repeat(1001), 'withdraw')[0]?.message).toContain('1000');
  });
});
