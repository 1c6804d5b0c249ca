/**
 * Electron main process entry: a thin shell. It owns the window and the OS integration; all
 * product logic is in ../core, reached through the same dispatcher the browser host uses.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { hasSavedConnection } from '../core/connection/saved-connection';
import { createCore, type Core } from '../core/core';
import { demoDataDir, startDemoWorkspace, type DemoWorkspace } from '../demo/demo-workspace';
import { bridgeCoreToIpc } from './ipc-bridge';
import { hardenApp } from './security';
import { chooseSecretStore } from './secret-store-choice';
import { isSignInUrl } from './sign-in-url';
import { createMainWindow, rendererUrl } from './window';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let core: Core | undefined;
let demo: DemoWorkspace | undefined;

if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.whenReady().then(async () => {
  hardenApp();
  const profileDir = app.getPath('userData');
  // With no Zoho account connected, the app opens on the demo workspace (its own subfolder), so a
  // newcomer sees everything working at once; `--no-demo` opens the real profile to connect one.
  const useDemo = !hasSavedConnection(profileDir) && !process.argv.includes('--no-demo');
  const dataDir = useDemo ? demoDataDir(profileDir) : profileDir;
  core = createCore({
    dataDir,
    demo: useDemo,
    host: 'electron',
    version: app.getVersion(),
    secrets: chooseSecretStore(dataDir),
    // The Zoho sign-in opens in the system browser (never in our window), after a URL check.
    openExternal: async (url) => {
      if (!isSignInUrl(url)) return false;
      await shell.openExternal(url);
      return true;
    },
  });
  if (useDemo) demo = await startDemoWorkspace(core);
  const win = createMainWindow(outDir);
  const url = rendererUrl(outDir);
  const unbridge = bridgeCoreToIpc(ipcMain, core, win.webContents, url);
  win.on('closed', unbridge);
  void win.loadURL(url);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void core?.close();
  void demo?.close();
});
