// Campaign forms: progressive enhancement only; every form works without this script.
// It gives each form an idempotency key (a form sent twice, or retried after a lost
// answer, counts once) and solves the page's proof of work in the background, which
// lifts the form into the looser rate limit (services/campaigns/proof-of-work.ts).
const forms = [...document.querySelectorAll('form[data-pow]')];
const key = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};
// A new key per page view: a page restored by "Back" (or a form the browser refilled) is
// a new submission, perhaps for someone else, not a retry of the last one.
const freshKeys = () => {
  for (const form of forms) form.elements.namedItem('idempotency_key').value = key();
};
freshKeys();
addEventListener('pageshow', (event) => event.persisted && freshKeys());

// True when the hash starts with `bits` zero bits.
const zeros = (hash, bits) => {
  const bytes = new Uint8Array(hash);
  let i = 0;
  for (; bits >= 8; bits -= 8) if (bytes[i++] !== 0) return false;
  return bits === 0 || bytes[i] >> (8 - bits) === 0;
};

// Hashes 64 nonces at a time: one await per batch instead of one per hash.
const solve = async ({ challenge, difficulty }) => {
  const text = new TextEncoder();
  for (let n = 0; ; n += 64) {
    const batch = [];
    for (let j = 0; j < 64; j++) batch.push(crypto.subtle.digest('SHA-256', text.encode(challenge + (n + j))));
    const found = (await Promise.all(batch)).findIndex((hash) => zeros(hash, difficulty));
    if (found >= 0) return { challenge, nonce: String(n + found) };
  }
};

// crypto.subtle exists on HTTPS (and localhost) only; elsewhere the stricter limit applies.
const solved =
  forms.length > 0 && crypto.subtle
    ? fetch(forms[0].dataset.pow, { credentials: 'same-origin' })
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`challenge: ${response.status}`))))
        .then(solve)
        .then(({ challenge, nonce }) => {
          for (const form of forms) {
            form.elements.namedItem('pow_challenge').value = challenge;
            form.elements.namedItem('pow_nonce').value = nonce;
          }
        })
        .catch(() => undefined)
    : Promise.resolve();

// A form sent before the work is done waits for it, three seconds at most.
for (const form of forms) {
  form.addEventListener('submit', (event) => {
    if (form.elements.namedItem('pow_nonce').value || form.dataset.waited) return;
    event.preventDefault();
    form.dataset.waited = '1';
    const button = event.submitter;
    Promise.race([solved, new Promise((resolve) => setTimeout(resolve, 3000))]).then(() => form.requestSubmit(button));
  });
}

// Live preview: the server makes the letters as they will be sent (the function behind
// "Preview the letter" and behind the letter itself); the script writes them in as text.
for (const form of document.querySelectorAll('form[data-preview]')) {
  const box = form.querySelector('[data-preview-letters]');
  const el = (tag, props) => Object.assign(document.createElement(tag), props);
  let timer;
  let asked = 0;
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      const res = await fetch(form.dataset.preview, { method: 'POST', body: new URLSearchParams(new FormData(form)) }).catch(() => null);
      if (!res?.ok || mine !== asked) return;
      const { letters } = await res.json();
      box.replaceChildren(...letters.flatMap((l) => [el('h4', { textContent: l.heading }), el('pre', { className: 'letter', textContent: l.text })]));
    }, 400);
  });
}
