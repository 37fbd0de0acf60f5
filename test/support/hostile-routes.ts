import type { TestApp } from './app.js';
import { page } from './html.js';
import type { Client } from './staff.js';

/** A route of the app with a real address to send to and the fields of its form, if one is rendered. */
export interface RouteTarget {
  readonly method: string;
  readonly pattern: string;
  readonly params: readonly string[];
  readonly realUrl: string;
  readonly fields: Readonly<Record<string, string>>;
  /** The names of its form's textareas. */
  readonly textareas: readonly string[];
}

interface FoundForm {
  readonly action: string;
  readonly fields: Record<string, string>;
  readonly textareas: string[];
}

/** The forms of a page with their fields' current values, as a browser would submit them (the first named button pressed). */
export function parseForms(html: string): FoundForm[] {
  return page(html)
    .all('form')
    .map((form) => {
      const fields: Record<string, string> = {};
      const textareas: string[] = [];
      for (const control of form.all('input, button')) {
        const name = control.attr('name');
        const type = control.attr('type');
        if (!name || type === 'file' || name in fields) continue;
        if ((type === 'checkbox' || type === 'radio') && control.attr('checked') === undefined) continue;
        fields[name] = control.attr('value') ?? '';
      }
      for (const area of form.all('textarea[name]')) {
        fields[area.attr('name')!] = area.rawText.replace(/^\n/, '');
        textareas.push(area.attr('name')!);
      }
      for (const select of form.all('select[name]')) {
        const chosen = select.all('option[selected]')[0] ?? select.all('option')[0];
        fields[select.attr('name')!] = chosen?.attr('value') ?? '';
      }
      return { action: (form.attr('action') ?? '').split('?')[0]!, fields, textareas };
    });
}

function paramsOf(pattern: string): string[] {
  return [...pattern.matchAll(/:([A-Za-z]+)|\*/g)].map((m) => m[1] ?? '*');
}

function patternRegex(pattern: string): RegExp {
  const body = pattern
    .split(/(:[A-Za-z]+|\*)/)
    .map((part) => (part === '*' ? '(.+)' : part.startsWith(':') ? '([^/?#]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** The pattern up to each parameter: `/admin/articles/:id/edit` shares `/admin/articles/:id` with `/admin/articles/:id/publish`. */
function prefixes(pattern: string): string[] {
  const parts = pattern.split(/(:[A-Za-z]+|\*)/);
  const out: string[] = [];
  for (let i = 1; i < parts.length; i += 2) out.push(parts.slice(0, i + 1).join(''));
  return out;
}

/** Fills a route's parameters, one of them (the last) with `last` when given. */
export function fillUrl(target: RouteTarget, last?: string): string {
  if (last === undefined) return target.realUrl;
  const parts = target.pattern.split(/(:[A-Za-z]+|\*)/);
  const real = patternRegex(target.pattern).exec(target.realUrl);
  let index = 0;
  const count = target.params.length;
  return parts.map((part, i) => (i % 2 === 1 ? (++index === count ? last : (real?.[index] ?? '1')) : part)).join('');
}

/**
 * Every route of the app (as it registered them, so a route added later is covered) with
 * a real address: links and form actions found on the pages the given clients see fill
 * the parameters, and the forms give each POST route its fields.
 */
export async function discoverRoutes(t: TestApp, clients: readonly Client[], known: Record<string, string>): Promise<RouteTarget[]> {
  const routes = t.allRoutes.filter((r) => r.method !== 'HEAD');
  const values = new Map<string, string>(Object.entries(known));
  const forms: FoundForm[] = [];
  const seen = new Set<string>();
  const visit = async (url: string) => {
    for (const client of clients) {
      if (seen.has(`${client.ip} ${url}`)) continue;
      seen.add(`${client.ip} ${url}`);
      const res = await client.get(url);
      if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('html')) continue;
      forms.push(...parseForms(res.body));
      const links = page(res.body)
        .all('[href], [action]')
        .map((element) => element.attr('href') ?? element.attr('action') ?? '')
        .filter((link) => link.startsWith('/'))
        .map((link) => link.split(/[?#]/)[0]!);
      for (const link of links) record(link);
    }
  };
  const record = (link: string) => {
    for (const route of routes) {
      const m = patternRegex(route.url).exec(link);
      if (!m) continue;
      prefixes(route.url).forEach((prefix, i) => {
        if (!values.has(prefix) && m[i + 1]) values.set(prefix, m[i + 1]!);
      });
    }
  };
  const urlFor = (pattern: string) => {
    const parts = pattern.split(/(:[A-Za-z]+|\*)/);
    const pre = prefixes(pattern);
    return parts.map((part, i) => (i % 2 === 1 ? (values.get(pre[(i - 1) / 2]!) ?? '1') : part)).join('');
  };
  for (let round = 0; round < 2; round++) {
    for (const route of routes) if (route.method === 'GET' && !route.url.includes('sign-out') && !route.url.endsWith('.csv')) await visit(urlFor(route.url));
  }
  return routes.map((route) => {
    const realUrl = urlFor(route.url);
    const form = route.method === 'POST' ? forms.find((f) => patternRegex(route.url).test(f.action)) : undefined;
    return { method: route.method, pattern: route.url, params: paramsOf(route.url), realUrl, fields: form?.fields ?? {}, textareas: form?.textareas ?? [] };
  });
}

/** Every field name any rendered form has: posted to routes whose form was not found. */
export function allFieldNames(targets: readonly RouteTarget[]): string[] {
  return [...new Set(targets.flatMap((t) => Object.keys(t.fields)))].filter((n) => n !== '_csrf');
}
