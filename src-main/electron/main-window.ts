import path from 'node:path';
import { BrowserWindow, ipcMain, nativeTheme, screen } from 'electron';
import type { CoreEndpoint } from '../core/core';
import { bridgeCoreToIpc } from './ipc-bridge';
import type { ShellStore } from './shell-store';
import { openMainWindow, WINDOW_DEFAULTS } from './window-options';
import { bringToFront, closeDecision, type WindowStep } from './window-lifecycle';
import { restoreWindowState } from './window-state';
import type { WindowLook } from './desktop-notices';

export interface MainWindowOptions {
  outDir: string;
  rendererUrl: string;
  iconFile: string;
  endpoint: CoreEndpoint;
  store: ShellStore;
  hasTray: () => boolean;
  isQuitting: () => boolean;
  /** The first time the window hides into the tray. */
  tellAboutTray: () => void;
}

/**
 * The one main window: made with the checklist's options at its remembered size and place, its
 * state saved as it changes, hidden into the tray on close (window-lifecycle.ts decides), brought
 * to the front by a second launch, the tray or a notification. The IPC bridge lives as long as
 * the window does.
 */
export class MainWindow {
  private win: BrowserWindow | null = null;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: MainWindowOptions) {}

  look(): WindowLook {
    const w = this.win;
    if (!w || w.isDestroyed()) return { exists: false, visible: false, focused: false, minimized: false };
    return { exists: true, visible: w.isVisible(), focused: w.isFocused(), minimized: w.isMinimized() };
  }

  /** Makes the window (shown when it is ready unless `hidden`), on `hash` when given. */
  create(hidden = false, hash = ''): BrowserWindow {
    const primary = screen.getPrimaryDisplay().workArea;
    const restored = restoreWindowState(
      this.o.store.get('window'),
      screen.getAllDisplays().map((d) => d.workArea),
      primary,
      WINDOW_DEFAULTS,
    );
    const win = openMainWindow(BrowserWindow, {
      preload: path.join(this.o.outDir, 'preload', 'index.cjs'),
      restored,
      icon: this.o.iconFile,
      dark: nativeTheme.shouldUseDarkColors,
    });
    this.win = win;
    if (restored.maximized) win.maximize();
    if (!hidden) win.once('ready-to-show', () => win.show());
    const unbridge = bridgeCoreToIpc(ipcMain, this.o.endpoint, win.webContents, this.o.rendererUrl);
    const saveSoon = () => this.saveSoon();
    win.on('resize', saveSoon);
    win.on('move', saveSoon);
    win.on('maximize', saveSoon);
    win.on('unmaximize', saveSoon);
    win.on('close', (event) => {
      this.save();
      const d = closeDecision({
        quitting: this.o.isQuitting(),
        hasTray: this.o.hasTray(),
        toldAboutTray: this.o.store.get('toldAboutTray'),
      });
      if (d.action === 'close') return;
      event.preventDefault();
      win.hide();
      if (d.tellAboutTray) {
        this.o.store.set('toldAboutTray', true);
        this.o.tellAboutTray();
      }
    });
    win.on('closed', () => {
      unbridge();
      if (this.win === win) this.win = null;
    });
    void win.loadURL(this.o.rendererUrl + hash);
    return win;
  }

  /** Second launch, tray "Open", a notification click: the window in front (made again if needed). */
  show(hash?: string): void {
    const steps: WindowStep[] = bringToFront(this.look());
    for (const step of steps) {
      if (step === 'create') this.create(false, hash ?? '');
      else if (step === 'restore') this.win?.restore();
      else if (step === 'show') this.win?.show();
      else this.win?.focus();
    }
  }

  private saveSoon(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), 500);
  }

  private save(): void {
    const w = this.win;
    if (!w || w.isDestroyed()) return;
    this.o.store.set('window', { bounds: w.getNormalBounds(), maximized: w.isMaximized() });
  }
}
