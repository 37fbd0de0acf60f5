import type { VNode } from 'preact';
import { countryName } from '../../../domain/geo/countries.js';
import type { CampaignDashboard, HeldAction } from '../../../services/campaigns/campaign-stats.js';
import { CsrfField } from '../admin-layout.view.js';
import { AreaField, TextField, type Errors } from './form-fields.view.js';

/** The outcome form as typed. */
export interface OutcomeFormValues {
  readonly occurredOn: string;
  readonly title: string;
  readonly body: string;
}

const METHOD_LABELS: Readonly<Record<string, string>> = {
  placard: 'Sent through Placard',
  own_mail: 'Own mail (self-reported)',
  call: 'Call (self-reported)',
  signature: 'Signature',
};

const time = (iso: string) => <time dateTime={iso}>{iso.slice(0, 16).replace('T', ' ')}</time>;

/** Messages to each target by delivery status, and the latest errors of those that failed or bounced. */
export function DeliveryPanel(props: { dash: CampaignDashboard }): VNode {
  const rows = props.dash.delivery;
  const errors = rows.flatMap((r) => r.errors.map((e) => ({ ...e, label: r.label })));
  return (
    <section aria-labelledby="delivery-heading">
      <h2 id="delivery-heading">Delivery per target</h2>
      {rows.length === 0 ? (
        <p>No targets.</p>
      ) : (
        <table class="admin-table" id="delivery">
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Queued</th>
              <th scope="col">Sent</th>
              <th scope="col">Failed</th>
              <th scope="col">Bounced</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.label}</th>
                <td>{r.queued}</td>
                <td>{r.sent}</td>
                <td>{r.failed}</td>
                <td>{r.bounced}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {errors.length > 0 ? (
        <>
          <h3>Latest delivery errors</h3>
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
  const when = h.createdAt.slice(0, 16).replace('T', ' ');
  return (
    <tr>
      <td>{time(h.createdAt)}</td>
      <td>{countryName(h.country)}</td>
      <td>{METHOD_LABELS[h.method] ?? h.method}</td>
      {/* A stored reason says already whether a proof of work was missing. */}
      <td>{h.heldReason ?? (h.proofOfWork ? '—' : 'No proof of work')}</td>
      <td>
        <form method="post" action={`/admin/campaigns/${props.campaignId}/held`} class="inline">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="actionId" value={String(h.id)} />
          <button type="submit" name="decision" value="release" aria-label={`Release the submission of ${when}`}>
            Release
          </button>
          <button type="submit" name="decision" value="discard" class="danger" aria-label={`Discard the submission of ${when}`}>
            Discard
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
  return (
    <section aria-labelledby="held-heading">
      <h2 id="held-heading">Held submissions</h2>
      {held.length === 0 ? (
        <p>None held.</p>
      ) : (
        <>
          {tally.held > held.length ? (
            <p>
              The oldest {held.length} of {tally.held} are shown.
            </p>
          ) : null}
          <table class="admin-table" id="held">
            <thead>
              <tr>
                <th scope="col">Received (UTC)</th>
                <th scope="col">Country</th>
                <th scope="col">Method</th>
                <th scope="col">Why held</th>
                <th scope="col">Decision</th>
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
  return (
    <section aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">Outcome updates</h2>
      {outcomes.length === 0 ? (
        <p>None posted yet.</p>
      ) : (
        <ul class="outcomes">
          {outcomes.map((o) => (
            <li>
              <time dateTime={o.occurredOn}>{o.occurredOn}</time> <strong>{o.title}</strong>
              {o.body ? <p>{o.body}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={`/admin/campaigns/${campaign.id}/outcomes`} class="stack" aria-labelledby="outcome-form-heading">
        <h3 id="outcome-form-heading">Post an outcome</h3>
        <p class="hint">It appears on the campaign’s page and is emailed to every participant who asked for updates on this campaign.</p>
        <CsrfField token={props.csrf} />
        <TextField name="occurredOn" label="Date" type="date" value={props.values.occurredOn} errors={props.errors} />
        <TextField name="title" label="What happened" value={props.values.title} errors={props.errors} hint="Such as “Released” or “Charges dropped”." />
        <AreaField name="body" label="More detail" rows={4} value={props.values.body} errors={props.errors} />
        <button type="submit">Post and email</button>
      </form>
    </section>
  );
}
