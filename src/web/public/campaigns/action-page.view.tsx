import type { VNode } from 'preact';
import type { ActionCounts } from '../../../domain/campaigns/action.js';
import { mailtoHref, subjectFor } from '../../../domain/campaigns/letter.js';
import { deadlineInstant, targetLabel, telHref, type Campaign, type Outcome } from '../../../domain/campaigns/campaign.js';
import type { Messages } from '../../../i18n/messages.js';
import { DateTime } from '../../views/components.view.js';
import { useMessages } from '../../views/messages-context.js';
import { SelfReportForm, SendForm, SignForm, type FormProps, type FormState } from './action-forms.view.js';
import { ActionCounter, CopyTo, TargetList } from './campaign-parts.view.js';

/** Everything the campaign page shows. */
export interface ActionPageProps {
  readonly campaign: Campaign;
  readonly section: { readonly id: number; readonly name: string } | null;
  readonly outcomes: readonly Outcome[];
  readonly counts: ActionCounts;
  /** Whether supporters may act now; otherwise the forms are gone and a notice says why. */
  readonly accepting: boolean;
  /** After a 422: the form sent, with its values and messages. */
  readonly state?: FormState | undefined;
  /** The language of the page, whose texts `campaign` carries (inLanguage). */
  readonly language?: string;
}

/**
 * The model letter for the supporter's own mail client. Its placeholders cannot be
 * filled in (the page does not know who opens it), so they become prompts to write over.
 */
export function ownMailLetter(template: string, m: Messages): string {
  return template
    .replace(/\{\{\s*name\s*\}\}/g, () => m.t('public.ownMail.yourName'))
    .replace(/\{\{\s*city\s*\}\}/g, () => m.t('public.ownMail.yourTown'))
    .replace(/\{\{\s*country\s*\}\}/g, () => m.t('public.ownMail.yourCountry'));
}

function Paragraphs(props: { text: string }): VNode {
  return (
    <>
      {props.text.split(/\n{2,}/).map((p) => (
        <p>{p}</p>
      ))}
    </>
  );
}

function ClosedNotice(props: { campaign: Campaign }): VNode {
  const m = useMessages();
  const { status } = props.campaign;
  const message = status === 'closed' ? m.t('public.campaign.closed') : status === 'paused' ? m.t('public.campaign.paused') : m.t('public.campaign.ended');
  return (
    <p class="notice" role="status">
      {message}
    </p>
  );
}

function Outcomes(props: { outcomes: readonly Outcome[] }): VNode | null {
  const m = useMessages();
  if (props.outcomes.length === 0) return null;
  return (
    <section class="outcomes" aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">{m.t('public.campaign.updates')}</h2>
      <ol>
        {props.outcomes.map((o) => (
          <li>
            <p>
              <DateTime iso={`${o.occurredOn}T00:00:00Z`} />: <strong>{o.title}</strong>
            </p>
            {o.body ? <Paragraphs text={o.body} /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ErrorSummary(props: { state: FormState | undefined }): VNode | null {
  const m = useMessages();
  if (!props.state || props.state.errors.length === 0) return null;
  const { id, errors } = props.state;
  return (
    <div class="form-error" role="alert">
      <p>{m.t('public.form.errorSummary')}</p>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${id}-${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function OwnMailWay(props: FormProps): VNode {
  const m = useMessages();
  const { campaign } = props;
  const to = campaign.targets.flatMap((t) => (t.email ? [t.email] : []));
  const subject = subjectFor(campaign.letter.subjects.length > 0 ? campaign.letter.subjects : [campaign.title], 0);
  return (
    <section class="way" id="own-mail" aria-labelledby="own-mail-heading">
      <h2 id="own-mail-heading">{m.t('public.ownMail.heading')}</h2>
      {campaign.identityMode === 'protective' ? <p class="notice">{m.t('public.ownMail.protectiveNotice')}</p> : null}
      <p>
        <a class="button" href={mailtoHref({ to, cc: campaign.copyTo, subject, body: ownMailLetter(campaign.letter.body, m) })}>
          {m.t('public.ownMail.open')}
        </a>
      </p>
      <h3>{m.t('public.ownMail.countHeading')}</h3>
      <SelfReportForm {...props} prefix="own" method="own_mail" button={m.t('public.ownMail.button')} />
    </section>
  );
}

function CallWay(props: FormProps): VNode {
  const m = useMessages();
  const { campaign } = props;
  const phones = campaign.targets.filter((t) => t.phone);
  return (
    <section class="way" id="call" aria-labelledby="call-heading">
      <h2 id="call-heading">{m.t('public.call.heading')}</h2>
      <ul>
        {phones.map((t) => (
          <li>
            {targetLabel(t)}: <a href={telHref(t.phone ?? '')}>{(t.phone ?? '').replace(/ /g, '\u00a0')}</a>
          </li>
        ))}
      </ul>
      {campaign.callScript ? (
        <>
          <h3>{m.t('public.call.script')}</h3>
          <blockquote class="call-script">
            <Paragraphs text={campaign.callScript} />
          </blockquote>
        </>
      ) : null}
      <h3>{m.t('public.call.countHeading')}</h3>
      <SelfReportForm {...props} prefix="call" method="call" button={m.t('public.call.button')} />
    </section>
  );
}

/** The deadline's last minute in the campaign's zone, with the zone: "29 March 2026, 23:59 CEST". */
function Deadline(props: { campaign: Campaign }): VNode {
  const m = useMessages();
  const iso = new Date(deadlineInstant(props.campaign.deadline ?? '')).toISOString();
  return <time dateTime={iso}>{m.date(iso, 'dateTime', props.campaign.deadlineZone ?? 'UTC')}</time>;
}

function Header(props: { campaign: Campaign }): VNode {
  const m = useMessages();
  const { campaign } = props;
  const kicker =
    campaign.kind === 'petition'
      ? m.t('public.campaign.petition')
      : campaign.reference
        ? m.t('public.campaign.urgentActionReference', { reference: campaign.reference })
        : m.t('public.campaign.urgentAction');
  return (
    <header>
      <p class="kicker">{kicker}</p>
      <h1>{campaign.title}</h1>
      {campaign.summary ? <p class="standfirst">{campaign.summary}</p> : null}
      {campaign.deadline ? <p class="meta">{m.rich('public.campaign.actBy', { date: () => <Deadline campaign={campaign} /> })}</p> : null}
    </header>
  );
}

/**
 * A campaign's public page, complete without JavaScript: what it is about, the counter,
 * its updates, the demands and the targets with real `mailto:` and `tel:` links, then
 * the three ways to act (or, for a petition, its text and the signing form).
 */
export function ActionPage(props: ActionPageProps): VNode {
  const m = useMessages();
  const { campaign, accepting } = props;
  const forms: FormProps = { campaign, section: props.section, state: props.state, ...(props.language ? { language: props.language } : {}) };
  const petition = campaign.kind === 'petition';
  return (
    <article class="article campaign">
      <Header campaign={campaign} />
      {accepting ? null : <ClosedNotice campaign={campaign} />}
      <ErrorSummary state={props.state} />
      <ActionCounter counts={props.counts} kind={campaign.kind} />
      <Outcomes outcomes={props.outcomes} />
      {campaign.demands.length > 0 ? (
        <section aria-labelledby="demands-heading">
          <h2 id="demands-heading">{petition ? m.t('public.campaign.weCallFor') : m.t('public.campaign.weDemand')}</h2>
          <ul>
            {campaign.demands.map((d) => (
              <li>{d}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {petition ? (
        <section class="petition-text" aria-labelledby="petition-heading">
          <h2 id="petition-heading">{m.t('public.campaign.petitionText')}</h2>
          <Paragraphs text={campaign.petitionText} />
        </section>
      ) : null}
      {campaign.targets.length > 0 ? (
        <section class="call-to-action" aria-labelledby="targets-heading">
          <h2 id="targets-heading">{petition ? m.t('public.campaign.handedInTo') : m.t('public.cta.heading')}</h2>
          <TargetList campaign={campaign} />
          {petition ? null : <CopyTo campaign={campaign} />}
        </section>
      ) : null}
      {accepting && petition ? <SignForm {...forms} /> : null}
      {accepting && !petition ? (
        <>
          <SendForm {...forms} />
          <OwnMailWay {...forms} />
          <CallWay {...forms} />
        </>
      ) : null}
    </article>
  );
}
