import type { CoreContext } from '../../core-context';
import type { HandlerGroup } from '../handler-types';

export class WorkspaceSwitchUnavailableError extends Error {
  override name = 'WorkspaceSwitchUnavailableError';
  readonly code = 'WORKSPACE_SWITCH_UNAVAILABLE';
  constructor() {
    super('This Pipeline Pulse was started on one workspace only (--demo or --no-demo); restart it without to switch.');
  }
}

export class WorkspaceNotFoundError extends Error {
  override name = 'WorkspaceNotFoundError';
  readonly code = 'WORKSPACE_NOT_FOUND';
  constructor(id: string) {
    super(`There is no imported workspace "${id}" in this profile.`);
  }
}

/** Which workspace is open (account, demo or imported) and switching between them, through the host. */
export function workspaceHandlers(
  ctx: CoreContext,
): HandlerGroup<'workspace.status' | 'workspace.open' | 'workspace.resetDemo'> {
  const control = () => {
    if (!ctx.workspace?.status().canSwitch) throw new WorkspaceSwitchUnavailableError();
    return ctx.workspace;
  };
  return {
    async 'workspace.status'() {
      const { kind, id, name } = ctx.workspaceInfo;
      return ctx.workspace?.status() ?? { mode: kind, welcome: false, canSwitch: false, id, name };
    },
    async 'workspace.open'({ mode, id }) {
      if (mode === 'import' && !ctx.workspaces.imports().some((w) => w.id === id))
        throw new WorkspaceNotFoundError(id ?? '');
      return control().open(mode, id);
    },
    async 'workspace.resetDemo'() {
      return control().resetDemo();
    },
  };
}
