import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../../src/domain/accounts/staff.js';
import { ValidationFailed } from '../../src/domain/errors.js';
import { catalogues } from '../../src/i18n/messages.js';
import { changeCampaignStatus } from '../../src/services/campaigns/campaign-admin.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createCampaign } from '../support/campaigns.js';
import { DATABASES } from '../support/databases.js';
import { createStaff, signInAs } from '../support/staff.js';

/*
 * Refusing to activate a campaign that lacks a language's model letter says so in the
 * language of whoever asked, not always in English; the admin passes its own messages.
 */
describe.each(DATABASES)('http (%s): a refused status change in the staff member’s language', (kind) => {
  let t: TestApp;
  let coordinator: StaffUser;

  beforeAll(async () => {
    t = await startTestApp(kind, { demo: false });
    const account = await createStaff(t, 'coordinator', { name: 'Cora Coordinator' });
    coordinator = {
      id: account.id,
      email: account.email,
      name: 'Cora Coordinator',
      role: 'coordinator',
      sectionIds: [],
      contributorId: null,
      totpEnabled: false,
    };
  });
  afterAll(async () => t?.close());

  it('words the missing Russian letter in the messages it is given, and the admin’s in English', async () => {
    const campaign = await createCampaign(t.database.db, { status: 'draft', languages: ['en', 'ru'], translations: [] });
    const deps = { db: t.database.db, clock: t.actions.clock, changes: t.changes };
    const refusal = await changeCampaignStatus(deps, coordinator, { id: campaign.id, to: 'active' }, { messages: catalogues().for('ru') }).catch(
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(ValidationFailed);
    expect((refusal as ValidationFailed).errors.map((e) => e.message)).toEqual([
      'Прежде чем срочную акцию можно будет запустить, нужен образец письма на языке «русский».',
    ]);

    const admin = await signInAs(t, await createStaff(t, 'coordinator'));
    const refused = await admin.post(`/admin/campaigns/${campaign.id}/status`, { to: 'active' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('An urgent action needs a model letter in Russian before it can be active.');
    const status = await t.database.db.selectFrom('campaigns').select('status').where('id', '=', campaign.id).executeTakeFirstOrThrow();
    expect(status.status).toBe('draft');
  });
});
