import type { Settings, SyncStatus } from '../../../src-shared/contract/schemas';
import { Hook } from '../events/hook';
import type { SettingsRepo } from '../settings/settings-repo';
import type { Store } from '../store/open-store';
import type { ZohoApi } from '../zoho/zoho-api';
import { SyncEngine, type RunResult, type SyncEngineOptions, type SyncKind } from './engine';
import type { FieldMappingInfo } from '../../../src-shared/contract/sync-schemas';
import { restoreAbandonedIndexes } from './bulk-load';
import { mappingInfo, updateMapping } from './field-mapping';
import type { MappingRole } from './mapping-guess';
import { errorMessage } from './errors';
import { SyncScheduler, type SchedulerState } from './scheduler';
import { KV } from './state-kv';

export interface SyncServiceOptions {
  store: Store;
  settings: SettingsRepo;
  /** The current client; throws NotConnectedError / ReconnectNeededError like ConnectionService.api(). */
  getApi: () => ZohoApi | null | Promise<ZohoApi | null>;
  /** The connection's own state ('demo', 'connected', …). */
  connectionState: () => SyncStatus['connection'];
  engine?: Partial<
    Pick<
      SyncEngineOptions,
      'pageSize' | 'concurrency' | 'overlapMs' | 'leaseTtlMs' | 'metadataMaxAgeMs' | 'bulkFollow' | 'bulkCallback'
    >
  >;
  /** Scheduler interval override (tests); default the deltaIntervalMinutes setting. */
  intervalMs?: () => Promise<number>;
}

/** Test and benchmark knob: smaller COQL pages give a kill test more points to cut at. */
export function pageSizeFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const n = Number(env.PULSE_SYNC_PAGE_SIZE);
  return Number.isInteger(n) && n >= 1 && n <= 2000 ? n : undefined;
}

/** Test and benchmark knob: how often a Bulk Read job is looked at (ms between looks). */
export function bulkFollowFromEnv(env: NodeJS.ProcessEnv = process.env): SyncEngineOptions['bulkFollow'] {
  const n = Number(env.PULSE_BULK_POLL_MS);
  return Number.isInteger(n) && n >= 1 ? { firstDelayMs: n, maxDelayMs: n } : undefined;
}

/**
 * The sync engine and its scheduler: runs, status, the field mapping's full re-sync, home amounts
 * after a rate or home-currency change. This is what CoreContext exposes as `ctx.sync`. What it
 * announces is typed: the engine's `events` (progress, pages, DealsChange, run ended), the
 * scheduler's state, `homeAmounts.events.changed` and `events.mappingChanged`.
 */
export class SyncService {
  readonly engine: SyncEngine;
  readonly scheduler: SyncScheduler;
  readonly events = {
    /** The scheduler's state changed (idle, running, offline, reconnect needed, paused, stopped). */
    schedulerState: new Hook<SchedulerState>(),
    /**
     * A run the scheduler started ended (background, "Sync now", after a reconnect), also one
     * skipped before it began (e.g. reconnect needed). The CLI's runToEnd is not included.
     */
    runEnded: new Hook<RunResult>(),
    /** The field mapping changed: a full sync follows. */
    mappingChanged: new Hook<void>(),
  };

  constructor(private readonly opts: SyncServiceOptions) {
    this.engine = new SyncEngine({
      ...opts.engine,
      pageSize: opts.engine?.pageSize ?? pageSizeFromEnv(),
      bulkFollow: opts.engine?.bulkFollow ?? bulkFollowFromEnv(),
      sqlite: opts.store.sqlite,
      getSettings: () => opts.settings.get(),
      getApi: opts.getApi,
    });
    this.scheduler = new SyncScheduler(this.engine, {
      intervalMs: opts.intervalMs ?? (async () => opts.settings.get().deltaIntervalMinutes * 60_000),
      onStateChange: (state) => this.events.schedulerState.emit(state),
      onResult: (r) => this.events.runEnded.emit(r),
    });
  }

  get homeAmounts() {
    return this.engine.homeAmounts;
  }

  /** Hears every run the scheduler ran once it ended (see `events.runEnded`). Returns unsubscribe. */
  onRunEnded(listener: (r: RunResult) => void): () => void {
    return this.events.runEnded.on(listener);
  }

  /** Pause or resume background syncing (the tray menu, sync.setPaused). */
  setPaused(paused: boolean): void {
    if (paused) this.scheduler.pause();
    else this.scheduler.unpause();
  }

  /**
   * Repairs what a process killed mid-sync left behind in this data folder: the `deals` indexes a
   * first full sync dropped for its bulk load (bulk-load.ts; its checkpoint stays, so it resumes),
   * and its run still shown as running in the history (marked interrupted, with what it wrote).
   */
  recover(): void {
    restoreAbandonedIndexes(this.engine.kv, this.engine.lease);
    this.engine.reconcileInterrupted();
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

  /** "Keep my data": the refused pull stays refused and the question is not asked again until it changes. */
  keepFailsafe(): boolean {
    const kept = this.engine.keepFailsafe();
    if (kept) this.events.schedulerState.emit(this.scheduler.state);
    return kept;
  }

  /** Settings → Field mapping: each role's field and the fields each role may use. */
  mappingInfo(): FieldMappingInfo {
    return mappingInfo(this.engine.fields, this.engine.kv.get<string>(KV.fieldsRefreshedAt) ?? null);
  }

  /** The user's mapping choices (validated first); a change makes the next run a full sync. */
  updateMapping(mapping: Partial<Record<MappingRole, string | null>>, reset: readonly MappingRole[]): FieldMappingInfo {
    if (updateMapping(this.engine.fields, mapping, reset)) this.mappingChanged();
    return this.mappingInfo();
  }

  /** The mapping changed: the new fields are not cached yet, so the next run is a full sync. */
  private mappingChanged(): void {
    this.engine.kv.set(KV.needsFull, true);
    this.events.mappingChanged.emit();
    if (this.scheduler.state !== 'stopped') void this.requestRun('full');
  }

  /** Recomputes home amounts after a rate change (override, org rates, home currency). */
  recompute(): number {
    return this.engine.homeAmounts.recompute(this.opts.settings.get().homeCurrency);
  }

  /** Settings were saved: a new home currency changes every home amount (unless a run is doing it). */
  settingsChanged(settings: Settings): void {
    if (this.engine.inProgress) return; // the run recomputes at its start; the next one will
    this.engine.homeAmounts.ensure(settings.homeCurrency);
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
}
