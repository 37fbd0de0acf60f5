import { SOURCE_LANGUAGE, type Messages } from '../../i18n/messages.js';

// Codes whose detail says nothing a generic sentence in the reader's language does not;
// the others (forbidden, conflict, gone…) carry a service's own reason, kept as written.
const GENERIC_DETAIL = new Set(['not_found', 'sign_in_required', 'two_factor_required', 'form_refused', 'internal', 'bad_request', 'bad_query']);
const TITLED_CODES = new Set(['sign_in_required', 'two_factor_required', 'form_refused']);
const TITLED_STATUSES = new Set([400, 403, 404, 409, 410, 413, 414, 415, 422, 500]);

/**
 * An error page's heading and sentence in the admin's language. English pages keep the
 * error handler's own words (the reason a service gave); other languages get the heading
 * by code or status and, where the reason adds nothing, a sentence from the catalogue.
 */
export function adminErrorText(
  m: Messages,
  error: { readonly status: number; readonly code: string; readonly heading: string; readonly message: string },
): { title: string; detail: string } {
  if (m.language === SOURCE_LANGUAGE) return { title: error.heading, detail: error.message };
  const title = TITLED_CODES.has(error.code)
    ? m.t(`admin.error.title.${error.code.replace(/_/g, '-')}`)
    : TITLED_STATUSES.has(error.status)
      ? m.t(`admin.error.title.${error.status}`)
      : m.t('admin.error.title.other');
  const detail = GENERIC_DETAIL.has(error.code) ? m.t(`admin.error.detail.${error.code.replace(/_/g, '-')}`) : error.message;
  return { title, detail };
}
