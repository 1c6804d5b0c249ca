import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';

/** Sync: status, run on demand, history, and the answer to a fail-safe question. */
export function syncHandlers(
  ctx: CoreContext,
): HandlerGroup<
  'sync.status' | 'sync.run' | 'sync.history' | 'sync.failsafe.confirm' | 'sync.failsafe.keep' | 'sync.setPaused'
> {
  return {
    async 'sync.status'() {
      return ctx.sync.status();
    },
    async 'sync.run'({ kind }) {
      return ctx.sync.requestRun(kind);
    },
    async 'sync.history'({ limit }) {
      return { runs: ctx.sync.engine.runs.list(limit) };
    },
    async 'sync.failsafe.confirm'() {
      return ctx.sync.confirmFailsafe();
    },
    async 'sync.failsafe.keep'() {
      ctx.sync.keepFailsafe();
      return ctx.sync.status();
    },
    async 'sync.setPaused'({ paused }) {
      ctx.sync.setPaused(paused);
      return ctx.sync.status();
    },
  };
}
