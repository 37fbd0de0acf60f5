import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { countryName } from '../../../domain/geo/countries.js';
import { exportConsentingSupporters, exportsOverview, exportSignatures, type ExportDeps } from '../../../services/supporters/supporter-exports.js';
import { messagesOf, renderAdmin } from '../auth.plugin.js';
import { idParam, sendPrivateHtml, staffOf } from '../kit.js';
import { renderDocument } from '../../views/render.js';
import { ExportsPage, NAME_WITHHELD, SignatureSheet } from './campaign-exports.view.js';
import { toCsv } from './csv.js';

/** What the campaign exports need. */
export interface CampaignExportRouteDeps extends ExportDeps {
  readonly stylesheet: string;
}

type IdParams = { Params: { id: string } };

function campaignId(request: FastifyRequest<IdParams>): number {
  return idParam(request.params.id, 'The campaign');
}

function sendCsv(reply: FastifyReply, filename: string, csv: string): FastifyReply {
  return reply
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .type('text/csv; charset=utf-8; header=present')
    .send(csv);
}

/**
 * /admin/campaigns/:id/exports: the list of exports, the consenting supporters as CSV,
 * and a petition's signatures as CSV and as a printable page. Coordinators reach only
 * their sections' campaigns; every export and every view of a list is audited.
 */
export function registerCampaignExportRoutes(app: FastifyInstance, deps: CampaignExportRouteDeps): void {
  const config = { config: { policy: 'campaigns.manage' as const } };

  app.get<IdParams>('/campaigns/:id/exports', config, async (request, reply) => {
    const overview = await exportsOverview(deps, staffOf(request), campaignId(request));
    return sendPrivateHtml(
      reply,
      200,
      renderAdmin(
        request,
        deps.stylesheet,
        messagesOf(request).t('admin.exports.heading', { title: overview.campaign.title }),
        <ExportsPage overview={overview} />,
      ),
    );
  });

  app.get<IdParams>('/campaigns/:id/exports/supporters.csv', config, async (request, reply) => {
    const { campaign, rows } = await exportConsentingSupporters(deps, staffOf(request), campaignId(request));
    const header = ['Name', 'Email', 'City', 'Country', 'Updates on this campaign since', 'Section news since'];
    const body = rows.map((r) => [r.name, r.email, r.city, r.country, r.campaignUpdatesSince?.slice(0, 10), r.sectionNewsSince?.slice(0, 10)]);
    return sendCsv(reply, `campaign-${campaign.id}-supporters.csv`, toCsv(header, body));
  });

  app.get<IdParams>('/campaigns/:id/exports/signatures.csv', config, async (request, reply) => {
    const { campaign, rows } = await exportSignatures(deps, staffOf(request), campaignId(request), 'csv');
    const body = rows.map((r) => [r.erased ? NAME_WITHHELD : r.name, r.city, countryName(r.country), r.confirmedAt?.slice(0, 10)]);
    return sendCsv(reply, `campaign-${campaign.id}-signatures.csv`, toCsv(['Name', 'City', 'Country', 'Signed on'], body));
  });

  app.get<IdParams>('/campaigns/:id/exports/signatures', config, async (request, reply) => {
    const { campaign, rows } = await exportSignatures(deps, staffOf(request), campaignId(request), 'page');
    const html = renderDocument(<SignatureSheet campaign={campaign} rows={rows} stylesheet={deps.stylesheet} asOf={deps.clock().toISOString()} />);
    return sendPrivateHtml(reply, 200, html);
  });
}
