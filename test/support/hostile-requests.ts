import type { InjectOptions } from 'fastify';
import type { TestApp } from './app.js';
import { HOSTILE_VALUES, INVALID_UTF8_BYTES, QUERY_NAMES, WRONG_TYPES, type HostileValue } from './hostile-corpus.js';
import { fillUrl, type RouteTarget } from './hostile-routes.js';
import type { Client } from './staff.js';

/** One request of the suite, described well enough to send again by hand. */
export interface HostileRequest {
  readonly label: string;
  readonly options: InjectOptions;
}

/** Who sends: a signed-in client (its cookies and CSRF token) or nobody. */
export type Sender = Client | null;

const ORIGIN = 'https://news.example.org';

function cookieOf(sender: Sender): string {
  return sender ? [...sender.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : '';
}

function formBody(fields: Record<string, string | string[]>, csrf: string): string {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  body.set('_csrf', csrf);
  return body.toString();
}

function headersFor(sender: Sender, type?: string): Record<string, string> {
  return { cookie: cookieOf(sender), origin: ORIGIN, ...(type ? { 'content-type': type } : {}) };
}

/** A POST carries its form as the page has it (with the CSRF token), so the address's value reaches the handler. */
function plainForm(target: RouteTarget, sender: Sender): Pick<InjectOptions, 'payload' | 'headers'> {
  if (target.method !== 'POST') return { headers: headersFor(sender) };
  return { payload: formBody(target.fields, sender?.csrf ?? ''), headers: headersFor(sender, 'application/x-www-form-urlencoded') };
}

/** The ways a value can reach a route; which apply depends on the route. */
export type Variant = 'path' | 'query' | 'form-all' | 'form-one' | 'json';

export function variantsOf(target: RouteTarget): Variant[] {
  const out: Variant[] = [];
  if (target.params.length > 0) out.push('path');
  out.push('query');
  if (target.method === 'POST') out.push('form-all', 'form-one', 'json');
  return out;
}

/** One request carrying `value` to `target` the given way. */
export function hostileRequest(
  target: RouteTarget,
  value: HostileValue,
  variant: Variant,
  context: { sender: Sender; names: readonly string[]; index: number },
): HostileRequest {
  const { sender, index } = context;
  const names = Object.keys(target.fields).length > 0 ? Object.keys(target.fields).filter((n) => n !== '_csrf') : [...context.names];
  const csrf = sender?.csrf ?? '';
  // A megabyte in every field at once would only meet the body limit; it goes in one.
  const everywhere = value.text.length > 100_000 ? names.slice(0, 1) : names;
  const label = `${target.method} ${target.pattern} [${variant}] ${value.name}`;
  const base = { method: target.method as 'GET' | 'POST', remoteAddress: `198.51.100.${(index % 200) + 1}` };
  switch (variant) {
    case 'path':
      return { label, options: { ...base, url: fillUrl(target, value.inUrl), ...plainForm(target, sender) } };
    case 'query': {
      const query = (value.text.length > 100_000 ? QUERY_NAMES.slice(0, 1) : QUERY_NAMES).map((n) => `${n}=${value.inUrl}`).join('&');
      return { label, options: { ...base, url: `${target.realUrl}?${query}`, ...plainForm(target, sender) } };
    }
    case 'form-all': {
      const fields = { ...target.fields, ...Object.fromEntries(everywhere.map((n) => [n, value.text])) };
      return {
        label,
        options: { ...base, url: target.realUrl, payload: formBody(fields, csrf), headers: headersFor(sender, 'application/x-www-form-urlencoded') },
      };
    }
    case 'form-one': {
      const field = names[index % Math.max(names.length, 1)] ?? 'name';
      return {
        label: `${label} in ${field}`,
        options: {
          ...base,
          url: target.realUrl,
          payload: formBody({ ...target.fields, [field]: value.text }, csrf),
          headers: headersFor(sender, 'application/x-www-form-urlencoded'),
        },
      };
    }
    case 'json': {
      const fields = { ...target.fields, ...Object.fromEntries(everywhere.map((n) => [n, value.text])), _csrf: csrf };
      return { label, options: { ...base, url: target.realUrl, payload: JSON.stringify(fields), headers: headersFor(sender, 'application/json') } };
    }
  }
}

/** Requests sent once per route and sender: repeated fields, wrong JSON types, raw bytes, odd bodies and cookies. */
export function oddRequests(target: RouteTarget, context: { sender: Sender; names: readonly string[] }): HostileRequest[] {
  const { sender } = context;
  const names = Object.keys(target.fields).length > 0 ? Object.keys(target.fields).filter((n) => n !== '_csrf') : [...context.names];
  const csrf = sender?.csrf ?? '';
  const base = { method: target.method as 'GET' | 'POST', remoteAddress: '203.0.113.9' };
  const label = (what: string) => `${target.method} ${target.pattern} [${what}]`;
  const out: HostileRequest[] = [
    {
      label: label('repeated query'),
      options: { ...base, url: `${target.realUrl}?${QUERY_NAMES.map((n) => `${n}=1&${n}=2`).join('&')}`, ...plainForm(target, sender) },
    },
    {
      label: label('hostile cookie'),
      options: {
        ...base,
        url: target.realUrl,
        headers: { cookie: `placard-session=%00%ff; __Host-placard-session=${'a'.repeat(5000)}; placard-csrf=\u202e; =; ;;`, origin: ORIGIN },
      },
    },
    { label: label('very long path'), options: { ...base, url: `${target.realUrl}/${'a/'.repeat(3000)}`, headers: headersFor(sender) } },
  ];
  if (target.method !== 'POST') return out;
  const repeated = Object.fromEntries(names.map((n) => [n, [target.fields[n] ?? 'a', 'b']]));
  out.push({
    label: label('repeated fields'),
    options: {
      ...base,
      url: target.realUrl,
      payload: formBody({ ...target.fields, ...repeated }, csrf),
      headers: headersFor(sender, 'application/x-www-form-urlencoded'),
    },
  });
  for (const wrong of WRONG_TYPES) {
    const fields = { ...target.fields, ...Object.fromEntries(names.map((n) => [n, wrong.json])), _csrf: csrf };
    out.push({
      label: label(`json ${wrong.name}`),
      options: { ...base, url: target.realUrl, payload: JSON.stringify(fields), headers: headersFor(sender, 'application/json') },
    });
  }
  const raw = Buffer.concat([
    Buffer.from(`${formBody(target.fields, csrf)}&${names[0] ?? 'name'}=`),
    INVALID_UTF8_BYTES,
    Buffer.from(`&${names.at(-1) ?? 'email'}=%ff%fe%c0`),
  ]);
  out.push({
    label: label('raw invalid utf-8 body'),
    options: { ...base, url: target.realUrl, payload: raw, headers: headersFor(sender, 'application/x-www-form-urlencoded') },
  });
  out.push({ label: label('json array body'), options: { ...base, url: target.realUrl, payload: '[1,2]', headers: headersFor(sender, 'application/json') } });
  out.push({ label: label('broken json'), options: { ...base, url: target.realUrl, payload: '{"a":', headers: headersFor(sender, 'application/json') } });
  out.push({ label: label('text body'), options: { ...base, url: target.realUrl, payload: 'name=x', headers: headersFor(sender, 'text/plain') } });
  out.push({ label: label('multipart'), options: { ...base, url: `${target.realUrl}?_csrf=${encodeURIComponent(csrf)}`, ...multipart(names, csrf, sender) } });
  out.push({
    label: label('empty form'),
    options: { ...base, url: target.realUrl, payload: formBody({}, csrf), headers: headersFor(sender, 'application/x-www-form-urlencoded') },
  });
  out.push({ label: label('nothing at all'), options: { ...base, url: target.realUrl, headers: { cookie: cookieOf(sender), origin: ORIGIN } } });
  return out;
}

/** A multipart form (the upload form's kind) with control characters in every field and in the file's name. */
function multipart(names: readonly string[], csrf: string, sender: Sender): Pick<InjectOptions, 'payload' | 'headers'> {
  const boundary = 'hostile-boundary';
  const parts = [...names, 'alt', 'caption', 'credit'].map(
    (n, i) => `--${boundary}\r\ncontent-disposition: form-data; name="${n}"\r\n\r\n${i % 2 ? 'a\u0000b' : 'a\u0085\u202eb'}\r\n`,
  );
  const file = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="../\u0000\u202egpj.svg"\r\ncontent-type: image/svg+xml\r\n\r\n<svg xmlns="http://www.w3.org/2000/svg"/>\r\n`;
  const payload = `${parts.join('')}--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n${file}--${boundary}--\r\n`;
  return { payload, headers: headersFor(sender, `multipart/form-data; boundary=${boundary}`) };
}

/** Sends one request; a line when it was answered with a 5xx (or threw). */
async function failureOf(t: TestApp, who: string, request: HostileRequest): Promise<string | null> {
  try {
    const res = await t.app.inject(request.options);
    return res.statusCode >= 500 ? `${res.statusCode} as ${who}: ${request.label} (${String(request.options.url).slice(0, 120)})` : null;
  } catch (error) {
    return `threw as ${who}: ${request.label}: ${String(error)}`;
  }
}

/**
 * Sends the requests and returns a line for each answered with a 5xx. A few at a time, as
 * browsers would, so PostgreSQL's round trips overlap; one by one when each needs `after`.
 */
export async function failuresOf(
  t: TestApp,
  who: string,
  requests: readonly HostileRequest[],
  after?: (request: HostileRequest) => Promise<void>,
): Promise<string[]> {
  const failures: (string | null)[] = [];
  const batch = after ? 1 : 6;
  for (let i = 0; i < requests.length; i += batch) {
    const some = requests.slice(i, i + batch);
    failures.push(...(await Promise.all(some.map((request) => failureOf(t, who, request)))));
    if (after) for (const request of some) await after(request);
  }
  return failures.filter((f): f is string => f !== null);
}

export { HOSTILE_VALUES };
