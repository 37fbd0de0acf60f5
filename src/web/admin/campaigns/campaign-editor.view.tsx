import type { VNode } from 'preact';
import type { CampaignForm } from '../../../domain/campaigns/campaign-input.js';
import type { CampaignChoices, LinkedArticle } from '../../../services/campaigns/campaign-admin.js';
import { CampaignFormView } from './campaign-form.view.js';
import { useMessages } from '../../views/messages-context.js';
import { statusName } from '../labels.js';
import type { Errors } from './form-fields.view.js';

/** The articles that embed the campaign; they are edited in the article editor, not here. */
export function LinkedArticles(props: { articles: readonly LinkedArticle[] }): VNode {
  const m = useMessages();
  return (
    <section aria-labelledby="articles-heading">
      <h2 id="articles-heading">{m.t('admin.campaign-editor.articles')}</h2>
      {props.articles.length === 0 ? (
        <p>{m.t('admin.campaign-editor.articles-none')}</p>
      ) : (
        <ul>
          {props.articles.map((a) => (
            <li>
              <a href={`/admin/articles/${a.id}/edit`}>{a.title}</a> ({statusName(m, a.status)})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The new-campaign page, or the edit page of a stored one (with a way back to its dashboard). */
export function CampaignEditorPage(props: {
  campaignId: number | null;
  title: string;
  form: CampaignForm;
  errors: Errors;
  choices: CampaignChoices;
  csrf: string;
  articles: readonly LinkedArticle[];
  notice?: string | null;
  /** The site's default zone, for the deadline of a campaign whose section has none. */
  siteTimeZone?: string;
}): VNode {
  const action = props.campaignId === null ? '/admin/campaigns/new' : `/admin/campaigns/${props.campaignId}/edit`;
  const m = useMessages();
  return (
    <>
      <p>
        <a href={props.campaignId === null ? '/admin/campaigns' : `/admin/campaigns/${props.campaignId}`}>
          {m.t(props.campaignId === null ? 'admin.campaign-editor.back-to-list' : 'admin.campaign-editor.back-to-campaign')}
        </a>
      </p>
      <h1>{props.title}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <CampaignFormView action={action} csrf={props.csrf} form={props.form} errors={props.errors} choices={props.choices} siteTimeZone={props.siteTimeZone} />
      {props.campaignId === null ? null : <LinkedArticles articles={props.articles} />}
    </>
  );
}
