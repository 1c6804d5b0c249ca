import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';
import { LATEST_SCHEMA_VERSION } from '../../store/migrate';

export function appHandlers(ctx: CoreContext): HandlerGroup<'app.info'> {
  return {
    async 'app.info'() {
      return {
        version: ctx.version,
        host: ctx.host,
        dataDir: ctx.dataDir,
        demo: ctx.demo,
        schemaVersion: LATEST_SCHEMA_VERSION,
        workspace: ctx.workspaceInfo,
        canSwitchWorkspace: ctx.workspace?.status().canSwitch ?? false,
      };
    },
  };
}
