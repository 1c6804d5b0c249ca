import type { AppInfo, Settings, SyncProgress, SyncStatus } from '../../../src-shared/contract/schemas';
import { call, on } from './api';

/**
 * Shared, reactive app state: what the shell (nav, status bar, theme) needs. Screens load their
 * own data and refresh on `data.changed` events for their topics.
 */
export const app = $state({
  info: null as AppInfo | null,
  settings: null as Settings | null,
  status: null as SyncStatus | null,
  progress: null as SyncProgress | null,
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

export async function startAppState() {
  followSystemTheme();
  try {
    [app.info, app.settings, app.status] = await Promise.all([
      call('app.info', {}),
      call('settings.get', {}),
      call('sync.status', {}),
    ]);
    applyTheme(app.settings.theme);
  } catch (e) {
    app.loadError = (e as Error).message;
  }
  on('sync.progress', (p) => (app.progress = p.done ? null : p));
  on('sync.status', (s) => (app.status = s));
  on('data.changed', async (change) => {
    app.dataVersion++;
    if (change.topics.includes('settings')) {
      app.settings = await call('settings.get', {});
      applyTheme(app.settings.theme);
    }
    if (change.topics.includes('deals') || change.topics.includes('sync') || change.topics.includes('connection')) {
      app.status = await call('sync.status', {});
    }
  });
}
