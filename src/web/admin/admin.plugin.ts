import type { FastifyInstance } from 'fastify';
import { ADMIN_PREFIX } from './admin-context.js';
import { errorHandler } from '../errors/error-handler.js';
import { adminErrorRenderer, registerAuth, type AuthDeps } from './auth.plugin.js';
import { guardPolicies, type DeclaredRoute } from './policy-guard.js';
import { registerSessionRoutes, SIGN_IN_PATH } from './session.routes.js';
import { registerAccountsAdmin, type AccountsAdminDeps } from './accounts/accounts-admin.routes.js';
import { ENROLMENT_PATH } from './accounts/two-factor.routes.js';
import { registerArticleAdminRoutes, type ArticleAdminDeps } from './articles/articles-admin.routes.js';
import { registerCampaignExportRoutes, type CampaignExportRouteDeps } from './campaign-exports/campaign-exports.routes.js';
import { registerCampaignAdminRoutes, type CampaignAdminDeps } from './campaigns/campaigns-admin.routes.js';
import { registerMediaAdminRoutes, type MediaAdminDeps } from './media/media-admin.routes.js';
import { registerOutboxAdminRoutes, type OutboxAdminDeps } from './outbox/outbox-admin.routes.js';
import { registerSectionsAdmin, type SectionsAdminDeps } from './sections/sections.routes.js';
import { registerSiteAdmin, type SiteAdminDeps } from './site/site.routes.js';
import { registerImportAdmin, type ImportAdminDeps } from './import/import.routes.js';
import { registerSyndicationAdmin, type SyndicationAdminDeps } from './syndication/syndication.routes.js';

export type { DeclaredRoute };

/** What the admin's parts are built from, one entry per part. */
export interface AdminDeps {
  readonly auth: AuthDeps;
  /** The sign-in pages' and the accounts admin's. */
  readonly accounts: AccountsAdminDeps;
  readonly media: MediaAdminDeps;
  readonly articles: ArticleAdminDeps;
  readonly exports: CampaignExportRouteDeps;
  readonly campaigns: CampaignAdminDeps;
  readonly outbox: OutboxAdminDeps;
  readonly sections: SectionsAdminDeps;
  readonly site: SiteAdminDeps;
  readonly imports: ImportAdminDeps;
  readonly syndication: SyndicationAdminDeps;
}

/**
 * The admin: one encapsulated Fastify plugin under /admin with its own cookie and form
 * parsing, session, CSRF and policy hooks. Its routes declare paths below the prefix
 * (`/users/:id`) and a policy each. A new admin page goes in a folder of web/admin/ and
 * its routes are registered here.
 *
 * Returns every route that declares a policy, filled as routes register: call it before
 * any other route that declares one (the article preview page).
 */
export async function registerAdmin(app: FastifyInstance, deps: AdminDeps): Promise<readonly DeclaredRoute[]> {
  const declared = guardPolicies(app);
  await app.register(
    async (admin) => {
      await registerAuth(admin, deps.auth);
      // Its errors are drawn in its own frame; a signed-out browser is sent to sign in,
      // one that owes two-step sign-in to set it up.
      const links = { signIn: SIGN_IN_PATH, twoFactor: ENROLMENT_PATH };
      admin.setErrorHandler(
        errorHandler(adminErrorRenderer(deps.auth.stylesheet, links), {
          sign_in_required: (request) => `${SIGN_IN_PATH}?next=${encodeURIComponent(request.url)}`,
          two_factor_required: () => ENROLMENT_PATH,
        }),
      );
      registerSessionRoutes(admin, deps.accounts);
      registerAccountsAdmin(admin, deps.accounts);
      await registerMediaAdminRoutes(admin, deps.media);
      registerArticleAdminRoutes(admin, deps.articles);
      registerCampaignExportRoutes(admin, deps.exports);
      registerCampaignAdminRoutes(admin, deps.campaigns);
      registerOutboxAdminRoutes(admin, deps.outbox);
      registerSectionsAdmin(admin, deps.sections);
      registerSiteAdmin(admin, deps.site);
      await registerImportAdmin(admin, deps.imports);
      registerSyndicationAdmin(admin, deps.syndication);
    },
    { prefix: ADMIN_PREFIX },
  );
  return declared;
}
