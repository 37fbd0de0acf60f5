import type { FastifyInstance } from 'fastify';

/** Every route of the app as path and methods, read from Fastify's printed tree (one segment per line, 4 columns a level). */
export function routeTable(app: FastifyInstance): { path: string; methods: string[] }[] {
  const stack: string[] = [];
  const out: { path: string; methods: string[] }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    stack.length = match[1]!.length / 4 - 1;
    stack.push(match[2]!);
    if (match[3]) out.push({ path: stack.join(''), methods: match[3].split(', ') });
  }
  return out;
}
