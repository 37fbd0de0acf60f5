import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';
import { Client } from './staff.js';

/**
 * Sends every request at once and returns the answers, plus the statuses in the order the
 * answers came back: that a refusal comes back before the checks that started with it
 * shows the requests were in flight together, not one after another.
 */
export async function allAtOnce(
  requests: readonly (() => Promise<LightMyRequestResponse>)[],
): Promise<{ responses: LightMyRequestResponse[]; finished: number[] }> {
  const finished: number[] = [];
  const responses = await Promise.all(
    requests.map(async (send) => {
      const res = await send();
      finished.push(res.statusCode);
      return res;
    }),
  );
  return { responses, finished };
}

/** How many answers had this status. */
export function countStatus(responses: readonly LightMyRequestResponse[], status: number): number {
  return responses.filter((r) => r.statusCode === status).length;
}

/** A client at `ip` with its CSRF cookie already fetched, so that parallel posts do not each fetch one. */
export async function browserAt(t: TestApp, ip: string): Promise<Client> {
  const client = new Client(t, ip);
  await client.get('/admin/sign-in');
  return client;
}

/** A client at `ip` holding a copy of another's cookies (its CSRF token, its session), as if copied to another machine. */
export function copyAt(from: Client, ip: string): Client {
  const client = new Client(from.t, ip);
  for (const [name, value] of from.cookies) client.cookies.set(name, value);
  return client;
}
