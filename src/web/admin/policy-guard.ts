import type { FastifyInstance } from 'fastify';
import { ADMIN_PREFIX, type RoutePolicy } from './admin-context.js';

/** A route that declared a policy, as the policy test walks them. */
export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  readonly policy: RoutePolicy;
}

/**
 * Holds the rule that policies are enforced by scope: every route inside the admin
 * plugin declares one, nothing outside it serves an address under /admin, and a route
 * outside may declare only 'public' (the preview page does, to show that it is a
 * deliberate exception), since nothing there would check another. Registration fails
 * otherwise. Returns the list of routes that declare a policy.
 */
export function guardPolicies(app: FastifyInstance): readonly DeclaredRoute[] {
  const declared: DeclaredRoute[] = [];
  const within = (path: string) => path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
  app.addHook('onRoute', (route) => {
    const policy = route.config?.policy;
    const inAdmin = within(route.prefix);
    if (inAdmin && !policy) throw new Error(`admin route ${route.method} ${route.url} declares no policy`);
    if (!inAdmin && within(route.url))
      throw new Error(`${route.method} ${route.url} is under ${ADMIN_PREFIX} but outside the admin plugin, whose hooks check it`);
    if (!inAdmin && policy && policy !== 'public')
      throw new Error(`${route.method} ${route.url} declares ${policy} outside the admin, where nothing checks it`);
    if (policy) for (const method of [route.method].flat()) if (method !== 'HEAD') declared.push({ method, url: route.url, policy });
  });
  return declared;
}
