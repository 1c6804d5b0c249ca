import type { WorkspaceMode } from '../../../src-shared/contract/workspace-schemas';
import { call } from './api';
import { app } from './app-state.svelte';
import { navigateTo } from './notice-target';

/**
 * Opening a workspace: the demo or an imported one (`id` from workspace.list; main switches, then
 * `workspace.changed` reloads the page) or the account (already open behind the welcome screen: go
 * to the connection form). Returns why it could not, or null.
 */
export async function openWorkspace(mode: WorkspaceMode, id?: string): Promise<string | null> {
  try {
    const r = await call('workspace.open', { mode, id });
    if (app.workspace) app.workspace = { ...app.workspace, welcome: false };
    if (!r.switching && mode === 'account') navigateTo({ screen: 'settings', section: 'connection' });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

export async function resetDemo(): Promise<string | null> {
  try {
    await call('workspace.resetDemo', {});
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
