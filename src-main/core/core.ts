import type { EventName } from '../../src-shared/contract/events';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { createHandlers } from './api/handlers/index';
import { createCoreContext, type CoreContext, type CoreOptions } from './core-context';

/** What a transport (IPC bridge, WebSocket host, tray) needs: calls in, contract events out. */
export interface CoreEndpoint {
  /** The single way into the core for every host: name + raw arguments → outcome. */
  dispatch: Dispatch;
  /** Every contract event, already validated; returns unsubscribe. */
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
}

export interface Core extends CoreEndpoint {
  ctx: CoreContext;
  close(): Promise<void>;
}

/** Builds the host-agnostic core for one data directory. Hosts only add a transport. */
export function createCore(opts: CoreOptions): Core {
  const ctx = createCoreContext(opts);
  const dispatch = createDispatcher(createHandlers(ctx));
  return {
    ctx,
    dispatch,
    subscribe: (listener) => ctx.events.subscribe(listener),
    async close() {
      ctx.notices.close();
      ctx.o2r.close();
      await ctx.o2r.idle(); // a push in flight settles its edits before the store closes
      await ctx.sync.close(); // stops the scheduler and lets a running sync checkpoint and end
      await ctx.connection.close();
      await ctx.store.close();
    },
  };
}
