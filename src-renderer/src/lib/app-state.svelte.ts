import type { Notice } from '../../../src-shared/contract/notice-schemas';
import type { AppInfo, DataChanged, Settings, SyncProgress, SyncStatus } from '../../../src-shared/contract/schemas';
import type { WorkspaceStatus } from '../../../src-shared/contract/workspace-schemas';
import type { StoreStatus } from '../../../src-shared/contract/store-schemas';
import type { WebhookStatus } from '../../../src-shared/contract/webhook-schemas';
import { call, on } from './api';
import { navigateTo } from './notice-target';

/** What `data.changed` says changed: deals, settings, sync, o2r, connection, notices, workspaces, store. */
export type Topic = DataChanged['topics'][number];

/**
 * Shared, reactive app state: what the shell (nav, status bar, theme, welcome, notices) needs.
 * Screens load their own data (`live-load.svelte.ts`) and reload when main says one of the topics
 * they show changed.
 */
export const app = $state({
  info: null as AppInfo | null,
  settings: null as Settings | null,
  status: null as SyncStatus | null,
  progress: null as SyncProgress | null,
  workspace: null as WorkspaceStatus | null,
  /** Instant updates: which way the data stays fresh (the status bar says it). */
  webhook: null as WebhookStatus | null,
  /** Recent notices from main, newest first (dismissed ones included). */
  notices: [] as Notice[],
  /** Bumped per topic whenever main says that data changed; a screen depends on the topics it shows. */
  versions: { deals: 0, settings: 0, sync: 0, o2r: 0, connection: 0, notices: 0, workspaces: 0, store: 0 } as Record<
    Topic,
    number
  >,
  loadError: null as string | null,
  /** The data file's health (StoreBanner offers a restore when it is damaged). */
  store: null as StoreStatus | null,
  /** A restore just rebuilt the data file; the app starts over on Continue (a reload). */
  restored: false,
  /**
   * The theme on screen (light until the settings say otherwise). Charts redraw when it changes —
   * not when the settings merely load with the theme already shown, nor only when the setting
   * changes (on "system", the OS switching changes this and not the setting).
   */
  theme: 'light' as 'light' | 'dark',
});

async function loadStoreStatus() {
  try {
    app.store = await call('store.status', {});
  } catch {
    // An older host without store.status: no banner.
  }
}

export function applyTheme(theme: Settings['theme']) {
  const dark = theme === 'dark' || (theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  app.theme = dark ? 'dark' : 'light';
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

/** Reads the versions of `topics`, so the $effect that calls it runs again when one of them changes. */
export function dependOn(...topics: Topic[]): void {
  for (const topic of topics) void app.versions[topic];
}

/** The shell's own data; a failed load is tried again on the next change main reports. */
async function loadShell() {
  try {
    [app.info, app.settings, app.status, app.workspace, app.notices, app.webhook] = await Promise.all([
      call('app.info', {}),
      call('settings.get', {}),
      call('sync.status', {}),
      call('workspace.status', {}),
      call('notices.list', {}),
      call('webhook.status', {}),
    ]);
    applyTheme(app.settings.theme);
    applyTitle();
    app.loadError = null;
  } catch (e) {
    app.loadError = (e as Error).message;
  }
}

export async function startAppState() {
  followSystemTheme();
  await loadStoreStatus();
  await loadShell();
  on('sync.progress', (p) => (app.progress = p.done ? null : p));
  on('sync.status', (s) => (app.status = s));
  on('notice', (n) => (app.notices = [n, ...app.notices.filter((x) => x.id !== n.id)]));
  on('app.navigate', (target) => navigateTo(target));
  // Another workspace opened (the demo, the account, a fresh demo): every screen's data is different.
  on('workspace.changed', () => location.reload());
  on('data.changed', async (change) => {
    for (const topic of change.topics) app.versions[topic]++;
    if (change.topics.includes('store')) await loadStoreStatus();
    if (app.loadError) return loadShell();
    if (change.topics.includes('settings')) {
      app.settings = await call('settings.get', {});
      applyTheme(app.settings.theme);
    }
    if (change.topics.includes('deals') || change.topics.includes('sync') || change.topics.includes('connection')) {
      app.status = await call('sync.status', {});
    }
    if (change.topics.includes('notices')) app.notices = await call('notices.list', {});
    if (change.topics.includes('webhook') || change.topics.includes('connection'))
      app.webhook = await call('webhook.status', {});
  });
}
