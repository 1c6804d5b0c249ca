import { createDispatcher, type Dispatch } from './api/dispatcher';
import { createHandlers } from './api/handlers/index';
import { createCoreContext, type CoreContext, type CoreOptions } from './core-context';

export interface Core {
  ctx: CoreContext;
  /** The single way into the core for every host: name + raw arguments → outcome. */
  dispatch: Dispatch;
  close(): Promise<void>;
}

/** Builds the host-agnostic core for one data directory. Hosts only add a transport. */
export function createCore(opts: CoreOptions): Core {
  const ctx = createCoreContext(opts);
  const dispatch = createDispatcher(createHandlers(ctx));
  return {
    ctx,
    dispatch,
    async close() {
      ctx.o2r.close();
      await ctx.o2r.idle(); // a push in flight settles its edits before the store closes
      await ctx.sync.close(); // stops the scheduler and lets a running sync checkpoint and end
      await ctx.connection.close();
      await ctx.store.close();
    },
  };
}
