import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';

export function settingsHandlers(ctx: CoreContext): HandlerGroup<'settings.get' | 'settings.update'> {
  return {
    async 'settings.get'() {
      return ctx.settings.get();
    },
    async 'settings.update'(patch) {
      const next = await ctx.settings.update(patch);
      ctx.events.emit('data.changed', { topics: ['settings'], reason: 'settings updated' });
      return next;
    },
  };
}
