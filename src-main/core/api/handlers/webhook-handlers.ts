import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';

/** Instant updates: status, setup, the round-trip test, turning them off. */
export function webhookHandlers(
  ctx: CoreContext,
): HandlerGroup<'webhook.status' | 'webhook.setup' | 'webhook.test' | 'webhook.disable'> {
  return {
    async 'webhook.status'() {
      return ctx.webhooks.status();
    },
    async 'webhook.setup'(args) {
      return ctx.webhooks.setup(args);
    },
    async 'webhook.test'() {
      return ctx.webhooks.test();
    },
    async 'webhook.disable'() {
      return ctx.webhooks.disable();
    },
  };
}
