import type { CoreContext } from '../../core-context';
import { dashboardSummary } from '../../deals/dashboard-summary';
import type { HandlerGroup } from '../handler-types';

type DealCalls =
  | 'deals.list'
  | 'deals.get'
  | 'dashboard.summary'
  | 'dashboard.view'
  | 'dashboard.history'
  | 'deals.moved'
  | 'deals.history'
  | 'deals.filterOptions'
  | 'filters.get'
  | 'filters.set';

export function dealsHandlers(ctx: CoreContext): HandlerGroup<DealCalls> {
  return {
    async 'deals.list'(args) {
      return ctx.dealList.list(args, ctx.today());
    },
    async 'deals.get'({ id }) {
      const deal = ctx.deals.get(id);
      return deal && { ...deal, health: ctx.o2r.cache.healthOf(id) ?? null };
    },
    async 'dashboard.summary'(filter) {
      return dashboardSummary(ctx.store.sqlite, ctx.settings.get().homeCurrency, filter);
    },
    async 'dashboard.view'(filter) {
      return ctx.pipeline.view(filter);
    },
    async 'dashboard.history'(filter) {
      return ctx.pipeline.history(filter);
    },
    async 'deals.moved'(args) {
      return ctx.pipeline.moved(args);
    },
    async 'deals.history'({ id }) {
      return ctx.pipeline.dealHistory(id);
    },
    async 'deals.filterOptions'() {
      return ctx.pipeline.filterOptions();
    },
    async 'filters.get'() {
      return ctx.pipeline.savedFilter.get();
    },
    async 'filters.set'(filter) {
      return ctx.pipeline.savedFilter.set(filter);
    },
  };
}
