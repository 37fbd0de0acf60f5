import type { ThrottleDeps } from '../../../services/accounts/attempt-throttle.js';
import type { SessionLimits } from '../../../services/accounts/sessions.js';
import type { AccountDeps } from '../../../services/accounts/users.js';

/** What the account pages need (the throttle's parts for the password and code checks). */
export interface AccountsAdminDeps extends AccountDeps, ThrottleDeps {
  readonly limits: SessionLimits;
  readonly publicUrl: string;
  readonly stylesheet: string;
}
