import type { FastifyInstance } from 'fastify';
import { registerEditorRoutes } from './article-editor.routes.js';
import type { ArticleAdminDeps } from './editor-response.js';
import { registerPreviewLinkRoutes } from './preview-link.routes.js';
import { registerRevisionRoutes } from './revision.routes.js';
import { registerTranslationRoutes } from './translation.routes.js';
import { registerWorkflowRoutes } from './workflow.routes.js';

export type { ArticleAdminDeps };

/** The newsroom's article admin: list, editor, workflow, revisions, preview links and translations. */
export function registerArticleAdminRoutes(app: FastifyInstance, deps: ArticleAdminDeps): void {
  registerEditorRoutes(app, deps);
  registerWorkflowRoutes(app, deps);
  registerRevisionRoutes(app, deps);
  registerPreviewLinkRoutes(app, deps);
  registerTranslationRoutes(app, deps);
}
