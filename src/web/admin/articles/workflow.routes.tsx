import type { FastifyInstance } from 'fastify';
import type { FieldError } from '../../../domain/articles/article-input.js';
import { WORKFLOW_ACTIONS, type WorkflowAction } from '../../../domain/articles/workflow.js';
import { Conflict, ValidationFailed } from '../../../domain/errors.js';
import type { Messages } from '../../../i18n/messages.js';
import { articleForEditing } from '../../../services/articles/admin-articles.js';
import { applyWorkflow, type WorkflowCommand } from '../../../services/articles/workflow.js';
import { articleSectionZone } from '../../../services/time/section-zones.js';
import { messagesOf } from '../auth.plugin.js';
import { adminZone } from '../time-zone.js';
import { errorsByField, idParam, staffOf } from '../kit.js';
import { sendEditor, type ArticleAdminDeps } from './editor-response.js';
import type { WorkflowInput } from './workflow-panel.view.js';

function command(action: WorkflowAction, form: Record<string, unknown>, zone: string): WorkflowCommand {
  const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  switch (action) {
    case 'schedule':
      return { action, publishAt: text('publishAt'), zone };
    case 'update':
    case 'withdraw':
      return { action, note: text('note') };
    default:
      return { action };
  }
}

/** A step's messages go beside its own field; a rule of the article itself (a missing byline) goes at the top of the panel. */
function workflowInput(cmd: WorkflowCommand, errors: readonly FieldError[], m: Messages): WorkflowInput {
  const own = new Set(['publishAt', 'updateNote', 'withdrawalNote']);
  return {
    errors: errorsByField(errors, m, (field) => (own.has(field) ? field : 'workflow')),
    publishAt: cmd.action === 'schedule' ? cmd.publishAt : undefined,
    updateNote: cmd.action === 'update' ? cmd.note : undefined,
    withdrawalNote: cmd.action === 'withdraw' ? cmd.note : undefined,
  };
}

/**
 * One route per workflow step. Submitting needs only the right to write; every other
 * step needs the right to publish (the policy refuses authors before the service runs,
 * and the service checks the article's sections).
 */
export function registerWorkflowRoutes(app: FastifyInstance, deps: ArticleAdminDeps): void {
  for (const action of WORKFLOW_ACTIONS) {
    const policy = action === 'submit' ? 'articles.write' : 'articles.publish';
    app.post<{ Params: { id: string } }>(`/articles/:id/${action}`, { config: { policy } }, async (request, reply) => {
      const user = staffOf(request);
      const id = idParam(request.params.id, 'The article');
      // The time is typed in the zone the form's label named: the editor's, else the article's section's.
      const zone = action === 'schedule' ? adminZone(request, await articleSectionZone(deps.db, id)) : 'UTC';
      const cmd = command(action, (request.body ?? {}) as Record<string, unknown>, zone);
      try {
        await applyWorkflow(deps, user, id, cmd);
        return reply.redirect(`/admin/articles/${id}/edit?notice=${action}`, 303);
      } catch (error) {
        if (!(error instanceof ValidationFailed) && !(error instanceof Conflict)) throw error;
        const article = await articleForEditing(deps.db, user, id);
        const errors = error instanceof ValidationFailed ? error.errors : [{ field: 'workflow', message: error.message }];
        return sendEditor(request, reply, deps, error instanceof Conflict ? 409 : 422, { article, workflow: workflowInput(cmd, errors, messagesOf(request)) });
      }
    });
  }
}
