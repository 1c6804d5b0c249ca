import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';

/** Org rates, the user's overrides, and how many cached deals each currency has (ctx.currency). */
export function currencyHandlers(
  ctx: CoreContext,
): HandlerGroup<'currency.rates' | 'currency.setOverride' | 'currency.clearOverride'> {
  return {
    async 'currency.rates'() {
      return ctx.currency.rates();
    },
    async 'currency.setOverride'({ isoCode, rate }) {
      return ctx.currency.setOverride(isoCode, rate);
    },
    async 'currency.clearOverride'({ isoCode }) {
      return ctx.currency.clearOverride(isoCode);
    },
  };
}
