import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';

export function syncHandlers(ctx: CoreContext): HandlerGroup<'sync.status' | 'sync.run'> {
  return {
    async 'sync.status'() {
      return ctx.syncStatus();
    },
    async 'sync.run'({ kind }) {
      return ctx.runSync(kind);
    },
  };
}
