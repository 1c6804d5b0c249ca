import type { SyncStatus } from '../../../src-shared/contract/schemas';
import { recomputeHomeAmounts } from '../currency/recompute';
import type { EventBus } from '../events/event-bus';
import type { SettingsRepo } from '../settings/settings-repo';
import type { Store } from '../store/open-store';
import type { ZohoApi } from '../zoho/zoho-api';
import { SyncEngine, type RunResult, type SyncEngineOptions, type SyncKind } from './engine';
import { errorMessage } from './errors';
import { ensureHomeCurrency, markHomeCurrency } from './home-currency';
import { SyncScheduler } from './scheduler';
import { KV } from './state-kv';

export interface SyncServiceOptions {
  store: Store;
  settings: SettingsRepo;
  events: EventBus;
  /** The current client; throws NotConnectedError / ReconnectNeededError like ConnectionService.api(). */
  getApi: () => ZohoApi | null | Promise<ZohoApi | null>;
  /** The connection's own state ('demo', 'connected', …). */
  connectionState: () => SyncStatus['connection'];
  engine?: Partial<
    Pick<SyncEngineOptions, 'pageSize' | 'concurrency' | 'overlapMs' | 'leaseTtlMs' | 'metadataMaxAgeMs'>
  >;
  /** Scheduler interval override (tests); default the deltaIntervalMinutes setting. */
  intervalMs?: () => Promise<number>;
}

/** Test and benchmark knob: smaller COQL pages give a kill test more points to cut at. */
export function pageSizeFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const n = Number(env.PULSE_SYNC_PAGE_SIZE);
  return Number.isInteger(n) && n >= 1 && n <= 2000 ? n : undefined;
}

/**
 * The sync engine and its scheduler, wired to the core: progress and status become contract
 * events, applied changes become `data.changed {topics: ['deals','sync']}`, a home-currency
 * change recomputes every amount. This is what CoreContext exposes as `ctx.sync`.
 */
export class SyncService {
  readonly engine: SyncEngine;
  readonly scheduler: SyncScheduler;
  private readonly runListeners = new Set<(r: RunResult) => void>();
  constructor(private readonly opts: SyncServiceOptions) {
    this.engine = new SyncEngine({
      ...opts.engine,
      pageSize: opts.engine?.pageSize ?? pageSizeFromEnv(),
      sqlite: opts.store.sqlite,
      getSettings: () => opts.settings.get(),
      getApi: opts.getApi,
      onProgress: (p) => opts.events.emit('sync.progress', p),
      onRunEvent: (e) => {
        if (e.type === 'pages') opts.events.emit('data.changed', { topics: ['deals'], reason: 'sync page' });
        else void this.publishStatus();
      },
    });
    this.engine.onDealsChanged(() =>
      opts.events.emit('data.changed', { topics: ['deals', 'sync'], reason: 'sync applied changes' }),
    );
    this.scheduler = new SyncScheduler(this.engine, {
      intervalMs: opts.intervalMs ?? (async () => (await opts.settings.get()).deltaIntervalMinutes * 60_000),
      onStateChange: () => void this.publishStatus(),
      onResult: (r) => {
        opts.events.emit('data.changed', { topics: ['sync'], reason: 'sync ended' });
        for (const listener of this.runListeners) listener(r);
      },
    });
    // The settings screen changed the home currency: every home amount changes with it.
    opts.events.subscribe((name, payload) => {
      if (name === 'data.changed' && (payload as { topics: string[] }).topics.includes('settings'))
        void this.onSettingsChanged();
    });
  }

  /**
   * Hears every run the scheduler ran (background, "Sync now", after a reconnect) once it ended,
   * after `data.changed 'sync'` went out. The CLI's runToEnd is not included. Returns unsubscribe.
   */
  onRunEnded(listener: (r: RunResult) => void): () => void {
    this.runListeners.add(listener);
    return () => this.runListeners.delete(listener);
  }

  /** Pause or resume background syncing (the tray menu, sync.setPaused). */
  setPaused(paused: boolean): void {
    if (paused) this.scheduler.pause();
    else this.scheduler.unpause();
  }

  /** Background syncing (app hosts): a sync now, then on the interval. */
  start(): void {
    this.scheduler.start();
  }

  /** The connection changed: a new sign-in (or the demo workspace) syncs at once. */
  connectionChanged(state: SyncStatus['connection']): void {
    if (state !== 'connected' && state !== 'demo') return;
    if (this.scheduler.state === 'reconnect_needed') this.scheduler.resume();
    else if (this.scheduler.state !== 'stopped') void this.scheduler.runNow('auto', 'start');
  }

  /** For sync.run / sync.failsafe.confirm: starts a run in the background, says whether it could. */
  async requestRun(
    kind: SyncKind | 'auto',
    trigger: 'manual' | 'confirm' = 'manual',
  ): Promise<{ started: boolean; reason?: string }> {
    if (this.engine.inProgress) return { started: false, reason: 'A sync is already running.' };
    try {
      const api = await this.opts.getApi();
      if (!api) return { started: false, reason: 'No Zoho account is connected. Connect one in Settings.' };
    } catch (e) {
      return { started: false, reason: errorMessage(e) };
    }
    if (!this.engine.lease.tryAcquire())
      return { started: false, reason: 'Another Pipeline Pulse process is syncing this data folder.' };
    this.engine.lease.release();
    void this.scheduler.runNow(kind, trigger);
    return { started: true };
  }

  /** Runs a sync to the end (CLI). */
  runToEnd(kind: SyncKind | 'auto'): Promise<RunResult> {
    return this.engine.run(kind, 'cli');
  }

  async confirmFailsafe(): Promise<{ started: boolean; reason?: string }> {
    if (!this.engine.confirmFailsafe()) return { started: false, reason: 'No sync is waiting for a confirmation.' };
    return this.requestRun('auto', 'confirm');
  }

  /** The mapping changed: the new fields are not cached yet, so the next run is a full sync. */
  mappingChanged(): void {
    this.engine.kv.set(KV.needsFull, true);
    if (this.scheduler.state !== 'stopped') void this.requestRun('full');
  }

  /** Recomputes home amounts after a rate change (override, org rates, home currency). */
  async recompute(): Promise<number> {
    const { homeCurrency } = await this.opts.settings.get();
    const n = recomputeHomeAmounts(this.opts.store.sqlite, this.engine.currency.rateTable(homeCurrency));
    markHomeCurrency(this.engine.kv, homeCurrency);
    if (n > 0) this.opts.events.emit('data.changed', { topics: ['deals'], reason: 'home amounts recomputed' });
    return n;
  }

  async status(): Promise<SyncStatus> {
    const kv = this.engine.kv;
    const last = kv.get<{ at: string; kind: string; error: string | null; code?: string | null }>(KV.lastRun);
    let connection = this.opts.connectionState();
    if (this.scheduler.state === 'reconnect_needed' || last?.code === 'RECONNECT_NEEDED') {
      if (connection === 'connected') connection = 'reconnect_needed';
    }
    const dealCount = this.opts.store.sqlite.prepare('SELECT count(*) FROM deals').pluck().get() as number;
    return {
      connection,
      inProgress: this.engine.inProgress,
      lastSyncAt: last?.at ?? null,
      lastSyncKind: last?.kind ?? null,
      lastError: last?.error ?? null,
      nextSyncAt: this.scheduler.nextSyncAt?.toISOString() ?? null,
      dealCount,
      lastSuccessAt: kv.get<string>(KV.lastSuccess) ?? null,
      scheduler: this.scheduler.state,
      progress: this.engine.progress,
      failsafe: this.engine.failsafe(),
    };
  }

  async close(): Promise<void> {
    this.scheduler.stop();
    this.engine.cancel();
    await this.engine.idle();
  }

  private async publishStatus(): Promise<void> {
    try {
      this.opts.events.emit('sync.status', await this.status());
    } catch {
      // The store may be closing; status is best effort.
    }
  }

  private async onSettingsChanged(): Promise<void> {
    const { homeCurrency } = await this.opts.settings.get();
    if (this.engine.inProgress) return; // the run recomputes at its start; the next one will
    const n = ensureHomeCurrency(this.engine.kv, this.engine.currency, homeCurrency);
    if (n > 0) this.opts.events.emit('data.changed', { topics: ['deals'], reason: 'home currency changed' });
  }
}
