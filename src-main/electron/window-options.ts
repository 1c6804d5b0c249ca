/**
 * The main window's options with Electron's security checklist in its webPreferences: context
 * isolation, the sandbox, no Node.js in the page (nor its workers or frames), web security on, no
 * insecure content, no webview tag, no experimental or Blink features. The preload is the only
 * bridge. Only types come from `electron`, so the security tests check these exact options in Node.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { RestoredWindow, WindowDefaults } from './window-state';

export const WINDOW_DEFAULTS: WindowDefaults = { width: 1360, height: 860, minWidth: 960, minHeight: 600 };

export function mainWindowOptions(o: {
  preload: string;
  restored: RestoredWindow;
  icon?: string;
  dark: boolean;
}): BrowserWindowConstructorOptions {
  return {
    ...o.restored.bounds,
    minWidth: WINDOW_DEFAULTS.minWidth,
    minHeight: WINDOW_DEFAULTS.minHeight,
    title: 'Pipeline Pulse',
    icon: o.icon,
    show: false,
    // The page's own background, so no white flash before it paints in the dark theme.
    backgroundColor: o.dark ? '#0f1217' : '#f6f7f9',
    webPreferences: {
      preload: o.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}
