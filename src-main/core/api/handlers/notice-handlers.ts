import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';

/** The recent notices (in-app notifications) and dismissing one for every window. */
export function noticeHandlers(ctx: CoreContext): HandlerGroup<'notices.list' | 'notices.dismiss'> {
  return {
    async 'notices.list'() {
      return ctx.notices.list();
    },
    async 'notices.dismiss'({ id }) {
      return { dismissed: ctx.notices.dismiss(id) };
    },
  };
}
