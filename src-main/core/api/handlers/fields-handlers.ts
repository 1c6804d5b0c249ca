import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';

/** The role → Deal field mapping (milestones, territory, country, service line), for Settings. */
export function fieldsHandlers(ctx: CoreContext): HandlerGroup<'fields.mapping.get' | 'fields.mapping.update'> {
  return {
    async 'fields.mapping.get'() {
      return ctx.sync.mappingInfo();
    },
    async 'fields.mapping.update'({ mapping, reset }) {
      return ctx.sync.updateMapping(mapping, reset);
    },
  };
}
