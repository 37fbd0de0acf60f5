import { afterAll, describe, expect, it } from 'vitest';
import { MARKDOWN_MAX_CHARS, renderMarkdown } from '../../src/domain/articles/markdown.js';
import { TextTooComplex } from '../../src/domain/errors.js';
import { createMarkdownPool } from '../../src/services/articles/markdown-pool.js';

describe('unit: Markdown renders in worker threads, within limits', () => {
  // 50 ms: far below the 2 s default, so a slow input (about 0.4 s) meets it on any machine.
  const pool = createMarkdownPool({ threads: 1, timeLimitMs: 50 });
  afterAll(() => pool.close());

  it('renders exactly what the renderer in domain/articles/markdown.ts renders', async () => {
    for (const source of [
      '# Free Vadim Kuramshin\n\n- *No* cooperation\n- [Write](mailto:a@example.org)',
      '<script>alert(1)</script> [x](javascript:alert(1))',
    ]) {
      expect(await pool.render(source)).toBe(renderMarkdown(source));
    }
  });

  it('refuses a text over the length limit without rendering it', async () => {
    const started = performance.now();
    await expect(pool.render('['.repeat(1_900_000))).rejects.toThrow(TextTooComplex);
    await expect(pool.render('['.repeat(MARKDOWN_MAX_CHARS + 1))).rejects.toThrow(/the limit is 200,000/);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('stops a render that takes longer than the limit, and renders the next one on a new thread', async () => {
    await expect(pool.render('![['.repeat(66_000))).rejects.toThrow(/took too long to render/);
    expect(await pool.render('still *here*')).toBe('<p>still <em>here</em></p>\n');
  });

  it('answers every render queued behind a slow one, in turn', async () => {
    const slow = pool.render('![['.repeat(66_000));
    const quick = Array.from({ length: 5 }, (_, i) => pool.render(`item ${i}`));
    await expect(slow).rejects.toThrow(TextTooComplex);
    expect(await Promise.all(quick)).toEqual([0, 1, 2, 3, 4].map((i) => `<p>item ${i}</p>\n`));
  });

  it('refuses renders once closed', async () => {
    const closing = createMarkdownPool({ threads: 1 });
    const refused = expect(closing.render('a *b*')).rejects.toThrow(/closed/);
    await closing.close();
    await refused;
    await expect(closing.render('c')).rejects.toThrow(/closed/);
  });
});
