import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';

export class WorkspaceSwitchUnavailableError extends Error {
  override name = 'WorkspaceSwitchUnavailableError';
  readonly code = 'WORKSPACE_SWITCH_UNAVAILABLE';
  constructor() {
    super('This Pipeline Pulse was started on one workspace only (--demo or --no-demo); restart it without to switch.');
  }
}

/** Which workspace is open (account or demo) and switching between them, through the host. */
export function workspaceHandlers(
  ctx: CoreContext,
): HandlerGroup<'workspace.status' | 'workspace.open' | 'workspace.resetDemo'> {
  const control = () => {
    if (!ctx.workspace?.status().canSwitch) throw new WorkspaceSwitchUnavailableError();
    return ctx.workspace;
  };
  return {
    async 'workspace.status'() {
      return ctx.workspace?.status() ?? { mode: ctx.demo ? 'demo' : 'account', welcome: false, canSwitch: false };
    },
    async 'workspace.open'({ mode }) {
      return control().open(mode);
    },
    async 'workspace.resetDemo'() {
      return control().resetDemo();
    },
  };
}
