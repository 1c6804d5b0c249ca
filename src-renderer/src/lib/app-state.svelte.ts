import type { Notice } from '../../../src-shared/contract/notice-schemas';
import type { AppInfo, Settings, SyncProgress, SyncStatus } from '../../../src-shared/contract/schemas';
import type { WorkspaceStatus } from '../../../src-shared/contract/workspace-schemas';
import { call, on } from './api';
import { navigateTo } from './notice-target';

/**
 * Shared, reactive app state: what the shell (nav, status bar, theme, welcome, notices) needs.
 * Screens load their own data and refresh on `data.changed` events for their topics.
 */
export const app = $state({
  info: null as AppInfo | null,
  settings: null as Settings | null,
  status: null as SyncStatus | null,
  progress: null as SyncProgress | null,
  workspace: null as WorkspaceStatus | null,
  /** Recent notices from main, newest first (dismissed ones included). */
  notices: [] as Notice[],
  /** Bumped whenever main says data changed, so screens can $effect on it. */
  dataVersion: 0,
  loadError: null as string | null,
});

export function applyTheme(theme: Settings['theme']) {
  const dark = theme === 'dark' || (theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

/** With the theme on "system", follow the OS when it switches between light and dark. */
function followSystemTheme() {
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    if (app.settings?.theme === 'system') applyTheme('system');
  });
}

/** The window title says which workspace is open (the desktop window and the browser tab alike). */
function applyTitle() {
  document.title = app.info?.demo ? 'Pipeline Pulse — Demo workspace' : 'Pipeline Pulse';
}

export async function startAppState() {
  followSystemTheme();
  try {
    [app.info, app.settings, app.status, app.workspace, app.notices] = await Promise.all([
      call('app.info', {}),
      call('settings.get', {}),
      call('sync.status', {}),
      call('workspace.status', {}),
      call('notices.list', {}),
    ]);
    applyTheme(app.settings.theme);
    applyTitle();
  } catch (e) {
    app.loadError = (e as Error).message;
  }
  on('sync.progress', (p) => (app.progress = p.done ? null : p));
  on('sync.status', (s) => (app.status = s));
  on('notice', (n) => (app.notices = [n, ...app.notices.filter((x) => x.id !== n.id)]));
  on('app.navigate', (target) => navigateTo(target));
  // Another workspace opened (the demo, the account, a fresh demo): every screen's data is different.
  on('workspace.changed', () => location.reload());
  on('data.changed', async (change) => {
    app.dataVersion++;
    if (change.topics.includes('settings')) {
      app.settings = await call('settings.get', {});
      applyTheme(app.settings.theme);
    }
    if (change.topics.includes('deals') || change.topics.includes('sync') || change.topics.includes('connection')) {
      app.status = await call('sync.status', {});
    }
    if (change.topics.includes('notices')) app.notices = await call('notices.list', {});
  });
}
