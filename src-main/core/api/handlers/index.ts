import type { CoreContext } from '../../core-context';
import type { Handlers } from '../handler-types';
import { appHandlers } from './app-handlers';
import { connectionHandlers } from './connection-handlers';
import { dealsHandlers } from './deals-handlers';
import { settingsHandlers } from './settings-handlers';
import { syncHandlers } from './sync-handlers';
import { fieldsHandlers } from './fields-handlers';
import { currencyHandlers } from './currency-handlers';
import { noticeHandlers } from './notice-handlers';
import { o2rHandlers } from './o2r-handlers';
import { workspaceHandlers } from './workspace-handlers';
import { guardImportedWorkspace, ioHandlers } from './io-handlers';
import { storeHandlers, type StoreControl } from './store-handlers';
import { webhookHandlers } from './webhook-handlers';

/** All handlers, one group per domain. The type makes a missing or misnamed handler a compile error. */
export function createHandlers(ctx: CoreContext, store: StoreControl): Handlers {
  return guardImportedWorkspace(ctx, {
    ...appHandlers(ctx),
    ...settingsHandlers(ctx),
    ...dealsHandlers(ctx),
    ...syncHandlers(ctx),
    ...fieldsHandlers(ctx),
    ...currencyHandlers(ctx),
    ...connectionHandlers(ctx),
    ...o2rHandlers(ctx),
    ...noticeHandlers(ctx),
    ...workspaceHandlers(ctx),
    ...ioHandlers(ctx),
    ...storeHandlers(store),
    ...webhookHandlers(ctx),
  });
}
