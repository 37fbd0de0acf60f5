import { describe, expect, it } from 'vitest';
import { parseFormBody } from '../../src/web/http/form-body.js';

describe('unit: form bodies', () => {
  it('reads forms as formbody did: repeated names as arrays, + as a space, no prototype', () => {
    const form = parseFormBody('title=Dublin+dockers&sections=a&sections=b&sections=c&empty=&bare&__proto__=x&body=%F0%9F%98%80%0D%0A');
    expect({ ...form }).toEqual({ title: 'Dublin dockers', sections: ['a', 'b', 'c'], empty: '', bare: '', ['__proto__']: 'x', body: '😀\r\n' });
    expect(Object.getPrototypeOf(form)).toBeNull();
  });

  it('parses 1.9 MB of escapes and 100,000 repeats of one name in linear time', () => {
    const started = performance.now();
    expect((parseFormBody(`bodyMarkdown=${'%5B'.repeat(630_000)}`).bodyMarkdown as string).length).toBe(630_000);
    expect(parseFormBody('a=1&'.repeat(100_000)).a).toHaveLength(100_000);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
