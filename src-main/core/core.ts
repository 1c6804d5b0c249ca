import type { CallArgs, CallName, CallResult } from '../../src-shared/contract/calls';
import { ApiError } from '../../src-shared/contract/errors';
import type { EventName } from '../../src-shared/contract/events';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { createHandlers } from './api/handlers/index';
import { createCoreContext, type CoreContext, type CoreOptions } from './core-context';
import { startCore, stopCore } from './lifecycle';

/** What a transport (IPC bridge, WebSocket host, tray) needs: calls in, contract events out. */
export interface CoreEndpoint {
  /** The single way into the core for every host: name + raw arguments → outcome. */
  dispatch: Dispatch;
  /** Every contract event, already validated; returns unsubscribe. */
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
}

export interface Core extends CoreEndpoint {
  ctx: CoreContext;
  /**
   * The same as dispatch, typed from the contract, for in-process callers (the CLI, tests):
   * arguments are validated exactly as for a transport; a failure throws an ApiError.
   */
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>>;
  /** Starts the core's own work in the lifecycle's order (lifecycle.ts); once. */
  start(): void;
  /** Stops everything in reverse order, each step awaited; a second call waits for the first. */
  close(): Promise<void>;
}

/**
 * Builds the host-agnostic core for one data directory: the store opened, the services built and
 * wired, nothing running. The host then calls `start()` (after setting a demo connection, if any)
 * and, at the end, awaits `close()`. Hosts only add a transport.
 */
export function createCore(opts: CoreOptions): Core {
  const ctx = createCoreContext(opts);
  const dispatch = createDispatcher(createHandlers(ctx));
  let started = false;
  let closing: Promise<void> | null = null;
  return {
    ctx,
    dispatch,
    subscribe: (listener) => ctx.events.subscribe(listener),
    async call(name, args) {
      const outcome = await dispatch(name, args);
      if (!outcome.ok) throw new ApiError(outcome.error);
      return outcome.result as CallResult<typeof name>;
    },
    start() {
      if (started || closing) return;
      started = true;
      startCore(ctx);
    },
    close() {
      return (closing ??= stopCore(ctx));
    },
  };
}
