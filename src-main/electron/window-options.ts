/**
 * The main window, made with Electron's security checklist in its webPreferences: context
 * isolation, the sandbox, no Node.js in the page (nor its workers or frames), web security on, no
 * insecure content, no webview tag, no experimental features. The preload is the only bridge.
 *
 * The options are written out as one literal inside `new BrowserWindow({...})` on purpose: that is
 * what electronegativity reads (scripts/security-check.mjs), and the constructor is passed in so the
 * security tests run this very code in Node with a stand-in that records the options. Only types
 * come from `electron`.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { RestoredWindow, WindowDefaults } from './window-state';

export const WINDOW_DEFAULTS: WindowDefaults = { width: 1360, height: 860, minWidth: 960, minHeight: 600 };

export function openMainWindow<W>(
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W,
  o: { preload: string; restored: RestoredWindow; icon?: string; dark: boolean },
): W {
  return new BrowserWindow({
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
      // A middle click must not open links in new windows (the window.open handler denies them too).
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
}
