import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationFailed } from '../../../domain/errors.js';
import { setPasswordUrl } from '../../../services/accounts/set-password.js';
import {
  addUser,
  changeRoleAndSections,
  disableUser,
  enableUser,
  removeTwoFactor,
  resetPassword,
  userForAdmin,
  usersOverview,
} from '../../../services/accounts/user-admin.js';
import { renderAdmin, messagesOf } from '../auth.plugin.js';
import { errorsByField, field, fields, formOf, idParam, sendPrivateHtml, staffOf } from '../kit.js';
import type { AccountsAdminDeps } from './accounts-deps.js';
import { UserDetail } from './user-detail.view.js';
import { LinkIssued, NewUserForm, UsersList, type NewUserValues } from './users.view.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
const POLICY = { config: { policy: 'users.manage' as const } };

/** One account's page; after a refused change, with the submitted role and sections. */
async function sendDetail(
  deps: AccountsAdminDeps,
  request: IdRequest,
  reply: FastifyReply,
  status: number,
  errors: Record<string, string> = {},
  submitted?: { role: string; sectionSlugs: string[] },
) {
  const user = await userForAdmin(deps.db, idParam(request.params.id, 'This account'));
  const { sections } = await usersOverview(deps.db);
  const role = submitted?.role ?? user.role;
  const sectionSlugs = submitted?.sectionSlugs ?? sections.filter((s) => user.sectionIds.includes(s.id)).map((s) => s.slug);
  const body = <UserDetail csrf={request.csrfToken} user={user} sections={sections} role={role} sectionSlugs={sectionSlugs} errors={errors} />;
  return sendPrivateHtml(reply, status, renderAdmin(request, deps.stylesheet, user.name, body));
}

/** The users admin: the list and adding an account (administrators only). */
export function registerUserRoutes(app: FastifyInstance, deps: AccountsAdminDeps): void {
  const page = (request: FastifyRequest, title: string, body: preact.VNode) => renderAdmin(request, deps.stylesheet, title, body);

  const newForm = async (request: FastifyRequest, reply: FastifyReply, status: number, values: NewUserValues, errors: Record<string, string>) => {
    const { sections } = await usersOverview(deps.db);
    return sendPrivateHtml(
      reply,
      status,
      page(request, messagesOf(request).t('admin.users.add'), <NewUserForm csrf={request.csrfToken} values={values} sections={sections} errors={errors} />),
    );
  };

  app.get('/users', POLICY, async (request, reply) => {
    const { users, sections } = await usersOverview(deps.db);
    return sendPrivateHtml(reply, 200, page(request, messagesOf(request).t('admin.nav.users'), <UsersList users={users} sections={sections} />));
  });

  app.get('/users/new', POLICY, async (request, reply) => newForm(request, reply, 200, { email: '', name: '', role: 'author', sectionSlugs: [] }, {}));

  app.post('/users', POLICY, async (request, reply) => {
    const form = formOf(request);
    const values: NewUserValues = { email: field(form, 'email'), name: field(form, 'name'), role: field(form, 'role'), sectionSlugs: fields(form, 'sections') };
    const password = field(form, 'password');
    try {
      const { id, setPasswordToken } = await addUser(deps, staffOf(request), { ...values, password: password === '' ? null : password });
      if (!setPasswordToken) return reply.redirect(`/admin/users/${id}`, 303);
      const heading = messagesOf(request).t('admin.users.added');
      const body = <LinkIssued heading={heading} name={values.name.trim()} url={setPasswordUrl(deps.publicUrl, setPasswordToken)} userId={id} />;
      return sendPrivateHtml(reply, 201, page(request, heading, body));
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return newForm(request, reply, 422, values, errorsByField(error.errors, messagesOf(request)));
    }
  });
}

/** One account: change role and sections, reset the password, disable, remove two-step sign-in. */
export function registerUserAccountRoutes(app: FastifyInstance, deps: AccountsAdminDeps): void {
  const detail = (
    request: IdRequest,
    reply: FastifyReply,
    status: number,
    errors?: Record<string, string>,
    submitted?: { role: string; sectionSlugs: string[] },
  ) => sendDetail(deps, request, reply, status, errors, submitted);

  app.get<{ Params: { id: string } }>('/users/:id', POLICY, async (request, reply) => detail(request, reply, 200));

  app.post<{ Params: { id: string } }>('/users/:id', POLICY, async (request, reply) => {
    const form = formOf(request);
    const submitted = { role: field(form, 'role'), sectionSlugs: fields(form, 'sections') };
    try {
      await changeRoleAndSections(deps, staffOf(request), idParam(request.params.id, 'This account'), submitted);
      return reply.redirect(`/admin/users/${request.params.id}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return detail(request, reply, 422, errorsByField(error.errors, messagesOf(request)), submitted);
    }
  });

  app.post<{ Params: { id: string } }>('/users/:id/disable', POLICY, async (request, reply) => {
    try {
      await disableUser(deps, staffOf(request), idParam(request.params.id, 'This account'));
      return reply.redirect(`/admin/users/${request.params.id}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return detail(request, reply, 422, errorsByField(error.errors, messagesOf(request)));
    }
  });

  app.post<{ Params: { id: string } }>('/users/:id/enable', POLICY, async (request, reply) => {
    await enableUser(deps, staffOf(request), idParam(request.params.id, 'This account'));
    return reply.redirect(`/admin/users/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/users/:id/two-factor/remove', POLICY, async (request, reply) => {
    await removeTwoFactor(deps, staffOf(request), idParam(request.params.id, 'This account'));
    return reply.redirect(`/admin/users/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/users/:id/reset-password', POLICY, async (request, reply) => {
    const id = idParam(request.params.id, 'This account');
    const user = await userForAdmin(deps.db, id);
    const token = await resetPassword(deps, staffOf(request), id);
    const heading = messagesOf(request).t('admin.users.password-reset');
    const body = <LinkIssued heading={heading} name={user.name} url={setPasswordUrl(deps.publicUrl, token)} userId={id} />;
    return sendPrivateHtml(reply, 200, renderAdmin(request, deps.stylesheet, heading, body));
  });
}
