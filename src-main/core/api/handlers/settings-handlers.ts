import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';

export function settingsHandlers(ctx: CoreContext): HandlerGroup<'settings.get' | 'settings.update'> {
  return {
    async 'settings.get'() {
      return ctx.settings.get();
    },
    async 'settings.update'(patch) {
      return ctx.settings.update(patch);
    },
  };
}
