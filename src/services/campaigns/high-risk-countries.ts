import type { Kysely } from 'kysely';
import type { StaffUser } from '../../domain/accounts/staff.js';
import { splitList } from '../../domain/campaigns/campaign-input.js';
import { ValidationFailed } from '../../domain/errors.js';
import { countryName, isCountryCode, type CountryCode } from '../../domain/geo/countries.js';
import type { DB } from '../../store/db/schema.js';
import { readSetting, writeSetting } from '../../store/settings/settings.store.js';
import { audit } from '../audit/audit.js';
import type { Clock } from '../shared/clock.js';

/** The settings key: a JSON array of ISO codes of countries whose governments supporters need protecting from. */
export const HIGH_RISK_COUNTRIES = 'high_risk_countries';

/**
 * The countries an administrator marked high-risk, sorted. A stored value that is not a
 * JSON array of codes (edited by hand, say) keeps whichever codes it does hold.
 */
export async function highRiskCountries(db: Kysely<DB>): Promise<CountryCode[]> {
  const raw = await readSetting(db, HIGH_RISK_COUNTRIES);
  if (raw === undefined) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? [...new Set(value.filter((c): c is string => typeof c === 'string' && isCountryCode(c)))].sort() : [];
  } catch {
    return [];
  }
}

/**
 * Sets the high-risk countries from codes separated by commas, spaces or lines ("KZ, BY").
 * Unknown codes are refused, all named at once; the change is audited.
 */
export async function setHighRiskCountries(
  deps: { db: Kysely<DB>; clock: Clock },
  actor: Pick<StaffUser, 'id' | 'name'>,
  typed: string,
): Promise<CountryCode[]> {
  const codes = splitList(typed).map((c) => c.toUpperCase());
  const unknown = codes.filter((c) => !isCountryCode(c));
  if (unknown.length > 0)
    throw new ValidationFailed([
      {
        field: 'countries',
        message: `Not ISO 3166-1 country codes: ${unknown.join(', ')}.`,
        key: 'domain.campaign.high-risk-unknown',
        values: { codes: unknown.join(', ') },
      },
    ]);
  const chosen = [...new Set(codes)].sort();
  const before = await highRiskCountries(deps.db);
  const label = (list: readonly CountryCode[]) => (list.length ? list.map((c) => `${countryName(c)} (${c})`).join(', ') : 'none');
  await deps.db.transaction().execute(async (trx) => {
    await writeSetting(trx, HIGH_RISK_COUNTRIES, JSON.stringify(chosen));
    await audit(
      { db: trx, clock: deps.clock },
      {
        actor,
        action: 'settings-changed',
        subject: { type: 'setting', id: HIGH_RISK_COUNTRIES },
        summary: `High-risk countries: ${label(before)} → ${label(chosen)}`,
      },
    );
  });
  return chosen;
}
