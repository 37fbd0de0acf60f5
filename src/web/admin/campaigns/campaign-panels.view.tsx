import { useAdminZone, When, zonedText } from '../time-zone.js';
import type { VNode } from 'preact';
import { useMessages } from '../../views/messages-context.js';
import type { CampaignDashboard, HeldAction } from '../../../services/campaigns/campaign-stats.js';
import { CsrfField } from '../admin-layout.view.js';
import { AreaField, TextField, type Errors } from './form-fields.view.js';

/** The outcome form as typed. */
export interface OutcomeFormValues {
  readonly occurredOn: string;
  readonly title: string;
  readonly body: string;
}

const METHODS = new Set(['placard', 'own_mail', 'call', 'signature']);

const time = (iso: string) => <When iso={iso} />;

/** Messages to each target by delivery status, and the latest errors of those that failed or bounced. */
export function DeliveryPanel(props: { dash: CampaignDashboard }): VNode {
  const rows = props.dash.delivery;
  const errors = rows.flatMap((r) => r.errors.map((e) => ({ ...e, label: r.label })));
  const m = useMessages();
  return (
    <section aria-labelledby="delivery-heading">
      <h2 id="delivery-heading">{m.t('admin.delivery.heading')}</h2>
      {rows.length === 0 ? (
        <p>{m.t('admin.delivery.no-targets')}</p>
      ) : (
        <table class="admin-table" id="delivery">
          <thead>
            <tr>
              <th scope="col">{m.t('admin.delivery.target')}</th>
              <th scope="col">{m.t('admin.delivery.queued')}</th>
              <th scope="col">{m.t('admin.delivery.sent')}</th>
              <th scope="col">{m.t('admin.delivery.failed')}</th>
              <th scope="col">{m.t('admin.delivery.bounced')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.label}</th>
                <td>{m.number(r.queued)}</td>
                <td>{m.number(r.sent)}</td>
                <td>{m.number(r.failed)}</td>
                <td>{m.number(r.bounced)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {errors.length > 0 ? (
        <>
          <h3>{m.t('admin.delivery.errors')}</h3>
          <ul class="delivery-errors">
            {errors.map((e) => (
              <li>
                {time(e.at)} {e.label}, {e.status}: <code>{e.error}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function HeldRow(props: { held: HeldAction; campaignId: number; csrf: string }): VNode {
  const h = props.held;
  const m = useMessages();
  const when = zonedText(m, h.createdAt, useAdminZone());
  return (
    <tr>
      <td>{time(h.createdAt)}</td>
      <td>{m.countryName(h.country)}</td>
      <td>{METHODS.has(h.method) ? m.t(`admin.held.method.${h.method}`) : h.method}</td>
      {/* A stored reason says already whether a proof of work was missing. */}
      <td>{h.heldReason ?? (h.proofOfWork ? '—' : m.t('admin.held.no-proof'))}</td>
      <td>
        <form method="post" action={`/admin/campaigns/${props.campaignId}/held`} class="inline">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="actionId" value={String(h.id)} />
          <button type="submit" name="decision" value="release" aria-label={m.t('admin.held.release-label', { when })}>
            {m.t('admin.held.release')}
          </button>
          <button type="submit" name="decision" value="discard" class="danger" aria-label={m.t('admin.held.discard-label', { when })}>
            {m.t('admin.held.discard')}
          </button>
        </form>
      </td>
    </tr>
  );
}

/**
 * Submissions held over the rate limit: when, from which country, how and why — never
 * who. Each can be released (counted and, once confirmed, delivered) or discarded.
 */
export function HeldPanel(props: { dash: CampaignDashboard; csrf: string }): VNode {
  const { held, campaign, tally } = props.dash;
  const m = useMessages();
  return (
    <section aria-labelledby="held-heading">
      <h2 id="held-heading">{m.t('admin.held.heading')}</h2>
      {held.length === 0 ? (
        <p>{m.t('admin.held.none')}</p>
      ) : (
        <>
          {tally.held > held.length ? <p>{m.t('admin.held.oldest', { shown: held.length, total: tally.held })}</p> : null}
          <table class="admin-table" id="held">
            <thead>
              <tr>
                <th scope="col">{m.t('admin.time.received', { zone: useAdminZone() })}</th>
                <th scope="col">{m.t('admin.held.country')}</th>
                <th scope="col">{m.t('admin.held.method')}</th>
                <th scope="col">{m.t('admin.held.why')}</th>
                <th scope="col">{m.t('admin.held.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {held.map((h) => (
                <HeldRow held={h} campaignId={campaign.id} csrf={props.csrf} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** The campaign's dated outcomes and the form that posts one (and emails those who asked for updates). */
export function OutcomesPanel(props: { dash: CampaignDashboard; csrf: string; errors: Errors; values: OutcomeFormValues }): VNode {
  const { outcomes, campaign } = props.dash;
  const m = useMessages();
  return (
    <section aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">{m.t('admin.outcomes.heading')}</h2>
      {outcomes.length === 0 ? (
        <p>{m.t('admin.outcomes.none')}</p>
      ) : (
        <ul class="outcomes">
          {outcomes.map((o) => (
            <li>
              <time dateTime={o.occurredOn}>{m.date(o.occurredOn)}</time> <strong>{o.title}</strong>
              {o.body ? <p>{o.body}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={`/admin/campaigns/${campaign.id}/outcomes`} class="stack" aria-labelledby="outcome-form-heading">
        <h3 id="outcome-form-heading">{m.t('admin.outcomes.form-heading')}</h3>
        <p class="hint">{m.t('admin.outcomes.form-hint')}</p>
        <CsrfField token={props.csrf} />
        <TextField name="occurredOn" label={m.t('admin.outcomes.date')} type="date" value={props.values.occurredOn} errors={props.errors} />
        <TextField name="title" label={m.t('admin.outcomes.title')} value={props.values.title} errors={props.errors} hint={m.t('admin.outcomes.title-hint')} />
        <AreaField name="body" label={m.t('admin.outcomes.body')} rows={4} value={props.values.body} errors={props.errors} />
        <button type="submit">{m.t('admin.outcomes.submit')}</button>
      </form>
    </section>
  );
}
