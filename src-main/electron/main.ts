/**
 * Electron main process entry: a thin shell. It wires the OS integration — single instance, the
 * app:// bundle, the window, the tray, notifications, start at login, the quit path — to the
 * workspace session in front of the core. Every decision is in a plain module next to this one
 * (tested in Node); all product logic is in ../core, reached through the same dispatcher the
 * browser host uses.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, nativeTheme, Notification, shell } from 'electron';
import { targetHash } from '../../src-shared/notice-target';
import { createCore } from '../core/core';
import { contentSecurityPolicy } from '../web/static-files';
import { WorkspaceSession } from '../workspace/workspace-session';
import { registerAppScheme, serveBundle } from './app-protocol-handler';
import { rendererUrlFrom } from './app-protocol';
import { forwardNoticesToOs } from './desktop-notices';
import { followStartAtLogin } from './login-item-sync';
import { MainWindow } from './main-window';
import { createQuitFlow } from './quit-flow';
import { chooseSecretStore } from './secret-store-choice';
import { hardenApp } from './security';
import { openShellStore } from './shell-store';
import { isSignInUrl } from './sign-in-url';
import { AppTray } from './tray';
import { TrayController } from './tray-controller';
import { quitWhenAllWindowsClosed, singleInstanceDecision, startHidden } from './window-lifecycle';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Icons: the packaged app's resources folder, or the repository's in development. */
const resourcesDir = app.isPackaged ? process.resourcesPath : path.join(app.getAppPath(), 'resources');

// Before `ready`: app:// must be a privileged scheme, and every renderer sandboxed.
registerAppScheme();
app.enableSandbox();

let window: MainWindow | null = null;
let tray: AppTray | null = null;
let quitting = false;

if (singleInstanceDecision(app.requestSingleInstanceLock()) === 'hand-over-and-quit') {
  app.quit(); // the first instance hears 'second-instance' and comes to the front
} else {
  app.on('second-instance', () => window?.show());
  app.whenReady().then(start, (e: Error) => {
    console.error(`Pipeline Pulse could not start: ${e.message}`);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const rendererUrl = rendererUrlFrom(process.env);
  hardenApp(rendererUrl);
  serveBundle(path.join(outDir, 'renderer'), contentSecurityPolicy(''));
  const store = openShellStore();
  const flag = process.argv.includes('--demo') ? 'demo' : process.argv.includes('--no-demo') ? 'no-demo' : null;
  const session = await WorkspaceSession.start({
    profileDir: app.getPath('userData'),
    flag,
    createCore: (o) =>
      createCore({
        ...o,
        host: 'electron',
        version: app.getVersion(),
        secrets: chooseSecretStore(o.dataDir),
        // The Zoho sign-in opens in the system browser (never in our window), after a URL check.
        openExternal: async (url) => {
          if (!isSignInUrl(url)) return false;
          await shell.openExternal(url);
          return true;
        },
        // Exports: the core makes the file and writes it; the shell only asks where (a save dialog).
        chooseSavePath: async (suggestedName) => {
          const options = { defaultPath: path.join(app.getPath('downloads'), suggestedName) };
          const owner = BrowserWindow.getFocusedWindow();
          const r = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
          return r.canceled || !r.filePath ? null : r.filePath;
        },
      }),
    log: (line) => console.log(line),
  });

  // Quitting waits for the workspace to close (the core awaited in its order, then the demo's sandbox).
  const quitFlow = createQuitFlow({
    close: () => session.close(),
    quit: () => app.quit(),
    exit: (code) => app.exit(code),
    log: (line) => console.error(line),
  });
  app.on('before-quit', (event) => {
    quitting = true;
    quitFlow.onQuitEvent(event);
  });
  app.on('will-quit', (event) => quitFlow.onQuitEvent(event));

  const notify = (title: string, body: string, onClick?: () => void) => {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title, body, icon: path.join(resourcesDir, 'icons', '256x256.png') });
    if (onClick) n.on('click', onClick);
    n.show();
  };

  window = new MainWindow({
    outDir,
    rendererUrl,
    iconFile: path.join(resourcesDir, 'icons', '512x512.png'),
    endpoint: session,
    store,
    hasTray: () => tray !== null,
    isQuitting: () => quitting,
    tellAboutTray: () =>
      notify(
        'Pipeline Pulse is still running',
        'It keeps syncing in the tray. Open it or quit from the tray icon’s menu.',
        () => window?.show(),
      ),
  });

  const controller = new TrayController({
    endpoint: session,
    view: { render: (m) => tray?.render(m) },
    darkBar: () => nativeTheme.shouldUseDarkColors,
    open: () => window?.show(),
    quit: () => app.quit(),
  });
  try {
    tray = new AppTray(path.join(resourcesDir, 'tray'), (action) => void controller.act(action));
  } catch (e) {
    // No tray on this desktop: closing the window quits instead of hiding it.
    console.error(`No tray icon: ${(e as Error).message}`);
    tray = null;
  }
  nativeTheme.on('updated', () => controller.render());
  await controller.start();

  forwardNoticesToOs({
    endpoint: session,
    window: () => window!.look(),
    show: (n, onClick) => notify(n.title, n.body, onClick),
    open: (target) => {
      const wasOpen = window!.look().exists;
      window!.show(targetHash(target));
      if (wasOpen) session.announce('app.navigate', target);
    },
  });
  followStartAtLogin(session);

  const login = app.getLoginItemSettings();
  window.create(startHidden(process.argv, login.wasOpenedAtLogin === true) && tray !== null);
}

app.on('window-all-closed', () => {
  if (quitWhenAllWindowsClosed({ hasTray: tray !== null, platform: process.platform })) app.quit();
});

app.on('activate', () => window?.show()); // macOS: the dock icon
