import type { DashboardFilter } from '../../../src-shared/contract/schemas';
import { patchPipelineFilter } from './pipeline-filter.svelte';
import { navigate } from './router.svelte';

/** The key the dashboard gives deals with no value (no country, no owner…); not a filter value. */
export const NONE_KEY = '(none)';

/** Opens the Deals screen on the deals behind a bar: the shared filter narrowed to it, open deals only. */
export function drillTo(patch: Partial<DashboardFilter>) {
  patchPipelineFilter({ ...patch, openOnly: true });
  navigate('deals');
}

/** The closing-date filter of one month, YYYY-MM. */
export function monthRange(month: string): Partial<DashboardFilter> {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { closing: 'custom', closingFrom: `${month}-01`, closingTo: `${month}-${String(last).padStart(2, '0')}` };
}

const MONTH_FORMAT = new Intl.DateTimeFormat('en-SG', { month: 'short', year: 'numeric', timeZone: 'UTC' });
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return MONTH_FORMAT.format(new Date(Date.UTC(y, m - 1, 1)));
}
