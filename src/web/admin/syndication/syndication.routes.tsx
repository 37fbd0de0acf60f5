import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationFailed } from '../../../domain/errors.js';
import {
  followSource,
  republish,
  sectionsFor,
  setRule,
  syndicationOverview,
  unfollowSource,
  type SyndicationDeps,
  type SyndicationRemote,
} from '../../../services/syndication/syndication.js';
import { messagesOf, renderAdmin } from '../auth.plugin.js';
import { errorsByField, field, fieldErrorText, formOf, idParam, sendPrivateHtml, staffOf } from '../kit.js';
import { FollowForm, ItemList, SourceList } from './syndication.view.js';

/** What the syndication admin needs. */
export interface SyndicationAdminDeps extends SyndicationDeps {
  readonly stylesheet: string;
  /** ActivityPub's side (lookups, Follow, Undo), built on first use (cli/compose.ts). */
  readonly remote: () => Promise<SyndicationRemote>;
}

const POLICY = { config: { policy: 'articles.publish' as const } };

interface PageState {
  readonly address?: string;
  readonly errors?: Record<string, string>;
  readonly ruleErrors?: Record<number, string>;
  readonly itemErrors?: Record<number, string>;
}

/**
 * Syndication between Placard sites, for editors and administrators: follow another
 * site's site or section actor, see the sources and what they sent, republish an article
 * into a section by hand, or set a source's rule for every new one.
 */
export function registerSyndicationAdmin(app: FastifyInstance, deps: SyndicationAdminDeps): void {
  const send = async (request: FastifyRequest, reply: FastifyReply, status: number, state: PageState = {}) => {
    const m = messagesOf(request);
    const [{ sources, items }, sections] = await Promise.all([syndicationOverview(deps.db), sectionsFor(deps.db, staffOf(request))]);
    const saved = (request.query as Record<string, string | undefined>).saved === '1';
    const body = (
      <>
        <h1>{m.t('admin.syndication.title')}</h1>
        <p class="hint">{m.t('admin.syndication.intro')}</p>
        {saved && status === 200 ? (
          <p class="notice" role="status">
            {m.t('admin.syndication.saved')}
          </p>
        ) : null}
        <section aria-labelledby="follow-heading">
          <h2 id="follow-heading">{m.t('admin.syndication.followHeading')}</h2>
          <FollowForm csrf={request.csrfToken} address={state.address ?? ''} errors={state.errors ?? {}} />
        </section>
        <section aria-labelledby="sources-heading">
          <h2 id="sources-heading">{m.t('admin.syndication.sourcesHeading')}</h2>
          <SourceList csrf={request.csrfToken} sources={sources} sections={sections} ruleErrors={state.ruleErrors ?? {}} />
        </section>
        <section aria-labelledby="items-heading">
          <h2 id="items-heading">{m.t('admin.syndication.itemsHeading')}</h2>
          <ItemList csrf={request.csrfToken} items={items} sections={sections} itemErrors={state.itemErrors ?? {}} />
        </section>
      </>
    );
    return sendPrivateHtml(reply, status, renderAdmin(request, deps.stylesheet, m.t('admin.syndication.title'), body));
  };

  app.get('/syndication', POLICY, async (request, reply) => send(request, reply, 200));

  app.post('/syndication/follow', POLICY, async (request, reply) => {
    const address = field(formOf(request), 'address');
    try {
      await followSource(deps, deps.remote, address);
      return reply.redirect('/admin/syndication?saved=1', 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return send(request, reply, 422, { address, errors: errorsByField(error.errors, messagesOf(request)) });
    }
  });

  app.post<{ Params: { id: string } }>('/syndication/sources/:id/unfollow', POLICY, async (request, reply) => {
    await unfollowSource(deps, deps.remote, idParam(request.params.id, 'The source'));
    return reply.redirect('/admin/syndication?saved=1', 303);
  });

  app.post<{ Params: { id: string } }>('/syndication/sources/:id/rule', POLICY, async (request, reply) => {
    const id = idParam(request.params.id, 'The source');
    const form = formOf(request);
    try {
      await setRule(deps, staffOf(request), id, { language: field(form, 'language'), sectionId: field(form, 'section'), status: field(form, 'status') });
      return reply.redirect('/admin/syndication?saved=1', 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const m = messagesOf(request);
      return send(request, reply, 422, { ruleErrors: { [id]: error.errors.map((e) => fieldErrorText(e, m)).join(' ') } });
    }
  });

  app.post<{ Params: { id: string } }>('/syndication/items/:id/republish', POLICY, async (request, reply) => {
    const id = idParam(request.params.id, 'The article received');
    const form = formOf(request);
    try {
      const copy = await republish(deps, staffOf(request), id, { sectionId: field(form, 'section'), status: field(form, 'status') });
      return reply.redirect(`/admin/articles/${copy.id}/edit`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      const m = messagesOf(request);
      return send(request, reply, 422, { itemErrors: { [id]: error.errors.map((e) => fieldErrorText(e, m)).join(' ') } });
    }
  });
}
