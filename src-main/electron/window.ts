import path from 'node:path';
import { BrowserWindow } from 'electron';

/**
 * The main window with the checklist's webPreferences: context isolation, sandbox, no Node in the
 * renderer, web security on. The preload is the only bridge.
 */
export function createMainWindow(outDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Pipeline Pulse',
    show: false,
    webPreferences: {
      preload: path.join(outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  return win;
}

/** The URL the window loads: the dev server in development, the bundled file otherwise. */
export function rendererUrl(outDir: string): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev) return dev;
  return new URL(`file://${path.join(outDir, 'renderer', 'index.html')}`).toString();
}
