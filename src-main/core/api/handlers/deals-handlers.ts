import type { CoreContext } from '../../core-context';
import { dashboardSummary } from '../../deals/dashboard-summary';
import type { HandlerGroup } from '../handler-types';

export function dealsHandlers(ctx: CoreContext): HandlerGroup<'deals.list' | 'deals.get' | 'dashboard.summary'> {
  return {
    async 'deals.list'(args) {
      return ctx.deals.list(args);
    },
    async 'deals.get'({ id }) {
      return ctx.deals.get(id);
    },
    async 'dashboard.summary'(filter) {
      return dashboardSummary(ctx.store.sqlite, ctx.settings.get().homeCurrency, filter);
    },
  };
}
