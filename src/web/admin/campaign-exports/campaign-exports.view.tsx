import type { VNode } from 'preact';
import type { Campaign } from '../../../domain/campaigns/campaign.js';
import { countryName } from '../../../domain/geo/countries.js';
import type { ExportsOverview } from '../../../services/supporters/supporter-exports.js';
import type { Signature } from '../../../store/supporters/supporter-export.store.js';
import { useMessages } from '../../views/messages-context.js';

/** How an erased signer appears on the list that is handed in. */
export const NAME_WITHHELD = '(name withheld)';

/** The exports of one campaign, with how many rows each has. */
export function ExportsPage(props: { overview: ExportsOverview }): VNode {
  const { campaign, consenting, signatures } = props.overview;
  const base = `/admin/campaigns/${campaign.id}/exports`;
  const m = useMessages();
  return (
    <>
      <h1>{m.t('admin.exports.heading', { title: campaign.title })}</h1>
      <p>{m.t('admin.exports.audited')}</p>
      <section aria-labelledby="export-supporters">
        <h2 id="export-supporters">{m.t('admin.exports.supporters')}</h2>
        <p>{m.t('admin.exports.supporters-detail', { count: consenting })}</p>
        <p>
          <a href={`${base}/supporters.csv`} download>
            {m.t('admin.exports.supporters-download')}
          </a>
        </p>
      </section>
      {signatures === null ? null : (
        <section aria-labelledby="export-signatures">
          <h2 id="export-signatures">{m.t('admin.exports.signatures')}</h2>
          <p>{m.t('admin.exports.signatures-detail', { count: signatures, withheld: NAME_WITHHELD })}</p>
          <ul>
            <li>
              <a href={`${base}/signatures.csv`} download>
                {m.t('admin.exports.signatures-download')}
              </a>
            </li>
            <li>
              <a href={`${base}/signatures`}>{m.t('admin.exports.printable')}</a>
            </li>
          </ul>
        </section>
      )}
    </>
  );
}

/** The printable list of a petition's signatures, a document of its own for printing. */
export function SignatureSheet(props: { campaign: Campaign; rows: readonly Signature[]; stylesheet: string; asOf: string }): VNode {
  const { campaign, rows } = props;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <link rel="icon" href="data:," />
        <title>{`Signatures: ${campaign.title}`}</title>
        <link rel="stylesheet" href={props.stylesheet} />
      </head>
      <body class="signature-sheet">
        <main id="main">
          <h1>{campaign.title}</h1>
          {campaign.petitionText ? <p class="petition-text">{campaign.petitionText}</p> : null}
          <p>
            {rows.length} {rows.length === 1 ? 'signature' : 'signatures'}, each confirmed by email, as of{' '}
            <time dateTime={props.asOf}>{props.asOf.slice(0, 10)}</time>.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Name</th>
                <th scope="col">City</th>
                <th scope="col">Country</th>
                <th scope="col">Signed on</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>{r.erased ? NAME_WITHHELD : r.name}</td>
                  <td>{r.city ?? ''}</td>
                  <td>{countryName(r.country)}</td>
                  <td>{r.confirmedAt?.slice(0, 10) ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </main>
      </body>
    </html>
  );
}
