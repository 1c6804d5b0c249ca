/**
 * Keeps the tray current: reads the sync status, the queued edits and the workspace through the
 * same calls the renderer makes, renders trayModel() whenever they change (and every 30 s, for
 * "4 minutes ago"), and carries out the menu's actions. Free of `electron` imports: tests drive it
 * against a real core with a stand-in view; tray.ts is the Electron view.
 */
import type { SyncStatus } from '../../src-shared/contract/schemas';
import type { CoreEndpoint } from '../core/core';
import { trayModel, type TrayAction, type TrayModel } from './tray-model';

export interface TrayView {
  render(model: TrayModel): void;
}

export interface TrayControllerOptions {
  endpoint: CoreEndpoint;
  view: TrayView;
  /** The menu bar / taskbar is dark (light glyphs). */
  darkBar: () => boolean;
  /** "Open" and "Quit" are the shell's. */
  open: () => void;
  quit: () => void;
  now?: () => number;
  tickMs?: number;
}

export class TrayController {
  private status: SyncStatus | null = null;
  private queuedEdits = 0;
  private demo = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private lastProgressRender = 0;

  constructor(private readonly o: TrayControllerOptions) {}

  async start(): Promise<void> {
    this.unsubscribe = this.o.endpoint.subscribe((name, payload) => {
      if (name === 'sync.status') {
        this.status = payload as SyncStatus;
        this.render();
      } else if (name === 'sync.progress' && this.status) {
        // Progress comes many times a second during a full sync: the tooltip needs one a second.
        this.status = { ...this.status, progress: payload as SyncStatus['progress'] };
        if (Date.now() - this.lastProgressRender > 1000) this.render();
      } else if (name === 'data.changed' || name === 'workspace.changed') void this.refresh();
    });
    this.timer = setInterval(() => this.render(), this.o.tickMs ?? 30_000);
    this.timer.unref?.();
    await this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  /** Reads everything the tray shows again, then renders. */
  async refresh(): Promise<void> {
    const [status, outbox, info] = await Promise.all([
      this.o.endpoint.dispatch('sync.status', {}),
      this.o.endpoint.dispatch('o2r.syncStatus', {}),
      this.o.endpoint.dispatch('app.info', {}),
    ]);
    if (status.ok) this.status = status.result as SyncStatus;
    if (outbox.ok) this.queuedEdits = (outbox.result as { queued: number }).queued;
    if (info.ok) this.demo = (info.result as { demo: boolean }).demo;
    this.render();
  }

  model(): TrayModel {
    return trayModel({
      status: this.status,
      queuedEdits: this.queuedEdits,
      demo: this.demo,
      now: (this.o.now ?? Date.now)(),
      darkBar: this.o.darkBar(),
    });
  }

  render(): void {
    this.lastProgressRender = Date.now();
    this.o.view.render(this.model());
  }

  async act(action: TrayAction): Promise<void> {
    switch (action) {
      case 'open':
        return this.o.open();
      case 'quit':
        return this.o.quit();
      case 'sync':
        await this.o.endpoint.dispatch('sync.run', { kind: 'delta' });
        break;
      case 'pause':
      case 'resume':
        await this.o.endpoint.dispatch('sync.setPaused', { paused: action === 'pause' });
        break;
    }
    await this.refresh();
  }
}
