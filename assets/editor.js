// Live preview of an article's body as it is typed. Progressive enhancement only: the
// editor's Preview button renders the same preview on the server without any script.
// The HTML that comes back is rendered and sanitised by the server (renderMarkdown),
// the same HTML the public page would carry.
const body = document.getElementById('bodyMarkdown');
const target = document.getElementById('live-preview');
const section = document.getElementById('preview');
const form = body && body.form;
const csrf = form && form.querySelector('input[name="_csrf"]');

if (body && target && section && csrf && !body.disabled) {
  // 400 ms after the last key: quick enough to feel live, rare enough not to post every keystroke.
  const DELAY = 400;
  let timer = 0;
  let pending = null;

  const refresh = async () => {
    if (pending) pending.abort();
    pending = new AbortController();
    const data = new URLSearchParams({ _csrf: csrf.value, bodyMarkdown: body.value });
    try {
      const response = await fetch(target.dataset.endpoint, { method: 'POST', body: data, credentials: 'same-origin', signal: pending.signal });
      // 422 carries a message in the preview's place: the text was too long or too slow to render.
      if (!response.ok && response.status !== 422) throw new Error(`preview answered ${response.status}`);
      target.innerHTML = await response.text();
      section.hidden = false;
      section.removeAttribute('data-state');
    } catch (error) {
      if (error.name !== 'AbortError') section.setAttribute('data-state', 'failed');
    }
  };

  body.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, DELAY);
  });
}
