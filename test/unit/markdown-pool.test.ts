import { afterAll, describe, expect, it } from 'vitest';
import { MARKDOWN_MAX_CHARS, renderMarkdown } from '../../src/domain/articles/markdown.js';
import { TextTooComplex } from '../../src/domain/errors.js';
import { createMarkdownPool } from '../../src/services/articles/markdown-pool.js';

describe('unit: Markdown renders in worker threads, within limits', () => {
  // 150 ms: far below the 2 s default, so a slow input (about 0.4 s on a quiet machine)
  // meets it, while a short text (a few ms) stays well inside it on a busy one.
  const pool = createMarkdownPool({ threads: 1, timeLimitMs: 150 });
  // The default limit, for what must render whatever the machine's load.
  const roomy = createMarkdownPool({ threads: 1 });
  afterAll(() => Promise.all([pool.close(), roomy.close()]));

  it('renders exactly what the renderer in domain/articles/markdown.ts renders', async () => {
    for (const source of [
      '# Free Vadim Kuramshin\n\n- *No* cooperation\n- [Write](mailto:a@example.org)',
      '<script>alert(1)</script> [x](javascript:alert(1))',
    ]) {
      expect(await roomy.render(source)).toBe(renderMarkdown(source));
    }
  });

  it('refuses a text over the length limit without rendering it, even behind a slow render', async () => {
    // The only thread is busy with a slow text; a refusal that waited for a thread would
    // settle after it. The length is checked first, so the refusal comes at once.
    const settled: string[] = [];
    const slow = pool.render('![['.repeat(66_000)).catch(() => settled.push('slow'));
    const long = pool.render('['.repeat(1_900_000)).catch((error: Error) => settled.push(error.message));
    const over = pool.render('['.repeat(MARKDOWN_MAX_CHARS + 1)).catch((error: Error) => settled.push(error.message));
    await Promise.all([slow, long, over]);
    expect(settled).toEqual([
      'The text is 1,900,000 characters long; the limit is 200,000.',
      `The text is ${(MARKDOWN_MAX_CHARS + 1).toLocaleString('en')} characters long; the limit is 200,000.`,
      'slow',
    ]);
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

  it('refuses a render at once when too many wait for a thread, and renders those that wait', async () => {
    const busy = createMarkdownPool({ threads: 1, timeLimitMs: 150, maxWaiting: 2 });
    try {
      const settled: string[] = [];
      const slow = busy.render('![['.repeat(66_000)).catch(() => settled.push('slow refused'));
      // The slow text has the thread; two wait; the next finds the queue full.
      const waiting = [busy.render('one'), busy.render('two')].map((p) => p.then((html) => settled.push(html.trim())));
      const refused = busy.render('three').catch((error: Error) => settled.push(error.message));
      await Promise.all([slow, ...waiting, refused]);
      expect(settled).toEqual([
        'Many texts are being rendered at this moment; preview or save again in a minute. Your text is kept.',
        'slow refused',
        '<p>one</p>',
        '<p>two</p>',
      ]);
      expect(await busy.render('four')).toBe('<p>four</p>\n');
    } finally {
      await busy.close();
    }
  });

  it('refuses renders once closed', async () => {
    const closing = createMarkdownPool({ threads: 1 });
    const refused = expect(closing.render('a *b*')).rejects.toThrow(/closed/);
    await closing.close();
    await refused;
    await expect(closing.render('c')).rejects.toThrow(/closed/);
  });
});
