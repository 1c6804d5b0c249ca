import Store from 'electron-store';
import type { SavedWindowState } from './window-state';

/**
 * What only the desktop shell remembers, in `desktop-shell.json` in the profile folder (electron-store):
 * the window's size, place and maximised state, and whether "still running in the tray" was said.
 * Settings the user chooses (notices, start at login) live in the workspace's settings instead.
 */
export interface ShellState {
  window?: SavedWindowState;
  toldAboutTray: boolean;
}

export type ShellStore = Pick<Store<ShellState>, 'get' | 'set'>;

export function openShellStore(): ShellStore {
  return new Store<ShellState>({ name: 'desktop-shell', defaults: { toldAboutTray: false }, clearInvalidConfig: true });
}
