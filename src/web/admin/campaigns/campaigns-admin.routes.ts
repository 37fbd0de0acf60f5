import type { FastifyInstance } from 'fastify';
import type { CampaignAdminDeps } from './campaign-admin-deps.js';
import { registerCampaignDashboardRoutes } from './campaign-dashboard.routes.js';
import { registerCampaignEditorRoutes } from './campaign-editor.routes.js';
import { registerHighRiskRoutes } from './high-risk.routes.js';

export type { CampaignAdminDeps };

/** The coordinators' pages: the list, the campaign form, each campaign's dashboard, and the high-risk countries. */
export function registerCampaignAdminRoutes(app: FastifyInstance, deps: CampaignAdminDeps): void {
  registerCampaignEditorRoutes(app, deps);
  registerCampaignDashboardRoutes(app, deps);
  registerHighRiskRoutes(app, deps);
}
