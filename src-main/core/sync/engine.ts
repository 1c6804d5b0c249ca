import type { Database } from 'better-sqlite3';
import type { Settings, SyncProgress } from '../../../src-shared/contract/schemas';
import { CurrencyRepo } from '../currency/currency-repo';
import { CURRENCY_REFRESH_MS, fetchOrgCurrencies } from '../currency/refresh';
import { Hook } from '../events/hook';
import type { ZohoApi } from '../zoho/zoho-api';
import { loadCheckpoint } from './checkpoint';
import { countingApi } from './counting-api';
import { runDeltaSync } from './delta-sync';
import {
  classifyError,
  errorCode,
  errorMessage,
  LeaseLostError,
  SyncCancelledError,
  type FailureClass,
} from './errors';
import { fastWrites } from './bulk-load';
import { confirmFailsafe, pendingFailsafe, type FailsafePending } from './failsafe';
import { discoverFields } from './field-discovery';
import { FieldRepo } from './field-repo';
import { buildFieldSet } from './field-set';
import { probeRange, type RangeProbe } from './fetch-coql';
import { runFullSync } from './full-sync';
import { Ingestor, zeroCounts } from './ingest';
import { Lease } from '../store/lease';
import { HomeAmounts } from './home-amounts';
import { ProgressTracker } from './progress';
import { RunsRepo, type RunStatus } from './runs';
import type { RunContext } from './run-context';
import { takeSnapshot } from './snapshots';
import { KV, SyncKv } from './state-kv';

export type SyncKind = 'full' | 'delta';
export type SyncTrigger = 'start' | 'interval' | 'manual' | 'notification' | 'network' | 'cli' | 'confirm';

export interface RunResult {
  runId: number | null;
  kind: SyncKind | null;
  status: RunStatus | 'skipped';
  /** Why a run did not start (skipped) or what went wrong (failed/refused). */
  reason?: string;
  failure?: FailureClass;
  errorCode?: string | null;
  added: number;
  changed: number;
  removed: number;
  pages: number;
  apiCalls: number;
  resumed: boolean;
  durationMs: number;
}

/**
 * What O2R, analytics and the UI hear after a run applied changes to deals: which ids, or 'all'
 * after a full sync. Sent once per run that changed anything (also a failed one: its committed
 * pages are real changes), through `engine.onDealsChanged`.
 */
export interface DealsChange {
  runId: number;
  kind: SyncKind;
  changedIds: string[] | 'all';
  removedIds: string[] | 'all';
}

export interface SyncEngineOptions {
  sqlite: Database;
  getSettings: () => Settings | Promise<Settings>;
  /** The current Zoho client, or null when no account is connected. */
  getApi: () => ZohoApi | null | Promise<ZohoApi | null>;
  /** COQL rows per call; default 2,000 (PULSE_SYNC_PAGE_SIZE may lower it for tests). */
  pageSize?: number;
  /** Max calls in flight during a full sync; default min(client.maxConcurrency, 10). */
  concurrency?: number;
  overlapMs?: number;
  leaseTtlMs?: number;
  /** Metadata (fields, currencies) is refreshed when older than this; default a day. */
  metadataMaxAgeMs?: number;
}

/**
 * The next delta asks for changes since the last run's start minus this: covers writes Zoho
 * stamped just before they became visible, and clock drift during a run (both clocks are used).
 */
export const DEFAULT_OVERLAP_MS = 60_000;

/** The sync lease expires this long after its last renewal (renewed every third of it). */
const DEFAULT_LEASE_TTL_MS = 30_000;

/**
 * The sync engine for one data directory: picks the kind of run (a full sync resumes first),
 * holds the lease, refreshes metadata and currencies when stale, runs full or delta, writes the
 * history, takes the daily snapshot and tells listeners what changed. One run at a time.
 */
export class SyncEngine {
  readonly kv: SyncKv;
  readonly runs: RunsRepo;
  readonly fields: FieldRepo;
  readonly currency: CurrencyRepo;
  readonly homeAmounts: HomeAmounts;
  /** One sync per data folder, across processes (the app, `pulse sync`). */
  readonly lease: Lease;
  /** What the engine announces; each hook is typed and nothing depends on message text. */
  readonly events = {
    /** Live progress of the running sync (the `sync.progress` event, the CLI's bar). */
    progress: new Hook<SyncProgress>(),
    /** A run took the lease and was recorded in sync_runs. */
    runStarted: new Hook<{ runId: number; kind: SyncKind }>(),
    /** A long run committed pages (at most every 2 s): screens may fill in; its DealsChange comes at the end. */
    pagesCommitted: new Hook<{ runId: number; kind: SyncKind }>(),
    /** Deals applied by a run (see DealsChange); subscribe with `onDealsChanged`. */
    dealsChanged: new Hook<DealsChange>(),
  };
  private current: { promise: Promise<RunResult>; abort: AbortController; progress: ProgressTracker | null } | null =
    null;

  constructor(private readonly opts: SyncEngineOptions) {
    this.kv = new SyncKv(opts.sqlite);
    this.runs = new RunsRepo(opts.sqlite);
    this.fields = new FieldRepo(opts.sqlite);
    this.currency = new CurrencyRepo(opts.sqlite);
    this.homeAmounts = new HomeAmounts(this.kv, this.currency);
    this.lease = new Lease(opts.sqlite, 'sync_lease', opts.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS);
  }

  get inProgress(): boolean {
    return this.current !== null;
  }

  get progress(): SyncProgress | null {
    return this.current?.progress?.snapshot ?? null;
  }

  /** Subscribe to deal changes applied by sync; returns the unsubscribe function. */
  onDealsChanged(listener: (c: DealsChange) => void): () => void {
    return this.events.dealsChanged.on(listener);
  }

  failsafe(): FailsafePending | null {
    return pendingFailsafe(this.kv);
  }

  /** The user agreed to the refused pull: allow it once. The caller then starts a run. */
  confirmFailsafe(): boolean {
    return confirmFailsafe(this.kv);
  }

  /** Which kind a run would be: an unfinished full sync always resumes first. */
  chooseKind(requested: SyncKind | 'auto'): SyncKind {
    if (loadCheckpoint(this.kv)) return 'full';
    if (requested === 'full') return 'full';
    if (!this.kv.get<string>(KV.deltaCursor) || this.kv.get<boolean>(KV.needsFull)) return 'full';
    return 'delta';
  }

  /** Starts a run unless one is going; resolves when it ends (or at once when skipped). */
  run(requested: SyncKind | 'auto', trigger: SyncTrigger): Promise<RunResult> {
    if (this.current) return Promise.resolve(skipped('A sync is already running.'));
    const abort = new AbortController();
    const slot = { promise: null as unknown as Promise<RunResult>, abort, progress: null as ProgressTracker | null };
    this.current = slot;
    slot.promise = this.execute(requested, trigger, slot).finally(() => {
      this.current = null;
    });
    return slot.promise;
  }

  /** Asks the running sync to stop after its current calls; its checkpoint keeps the progress. */
  cancel(): void {
    this.current?.abort.abort(new SyncCancelledError());
  }

  /** Waits for the running sync (if any) to end. */
  async idle(): Promise<void> {
    await this.current?.promise.catch(() => undefined);
  }

  private async execute(
    requested: SyncKind | 'auto',
    trigger: SyncTrigger,
    slot: { abort: AbortController; progress: ProgressTracker | null },
  ): Promise<RunResult> {
    const t0 = Date.now();
    let api0: ZohoApi | null;
    try {
      api0 = await this.opts.getApi();
    } catch (e) {
      return { ...skipped(errorMessage(e)), failure: classifyError(e), errorCode: errorCode(e) };
    }
    if (!api0) return skipped('No Zoho account is connected. Connect one in Settings.');
    if (!this.lease.tryAcquire()) return skipped('Another Pipeline Pulse process is syncing this data folder.');
    const heartbeat = setInterval(
      () => {
        if (!this.lease.renew()) slot.abort.abort(new LeaseLostError());
      },
      Math.max(1000, (this.opts.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS) / 3),
    );
    heartbeat.unref?.();
    let runId: number | null = null;
    let kind: SyncKind = 'delta';
    let resumed = false;
    const counts = zeroCounts();
    const pages = { n: 0 };
    const changedIds: string[] = [];
    const removedIds: string[] = [];
    const { api, totals } = countingApi(api0);
    const restoreWrites = fastWrites(this.opts.sqlite);
    try {
      this.runs.markInterrupted();
      kind = this.chooseKind(requested);
      resumed = kind === 'full' && Boolean(loadCheckpoint(this.kv));
      runId = this.runs.start(kind, trigger, resumed);
      const run = { runId, kind };
      const progress = new ProgressTracker(runId, kind, (p) => this.events.progress.emit(p));
      slot.progress = progress;
      this.events.runStarted.emit(run);
      const settings = await this.opts.getSettings();
      const signal = slot.abort.signal;

      progress.phase('metadata');
      // A new full sync: probe the id range while the metadata calls are in flight (one round saved).
      const cp = loadCheckpoint(this.kv);
      const pageSize = this.opts.pageSize ?? 2000;
      let probe: Promise<RangeProbe> | null = null;
      if (kind === 'full' && !cp?.planned) {
        probe = probeRange(api, Math.min(pageSize, 2000), signal);
        probe.catch(() => undefined); // awaited (and its error handled) by the full sync
      }
      await this.refreshMetadata(api, kind === 'full' && !resumed, settings.homeCurrency, signal);
      const mapping = this.fields.mapping();
      const fs = buildFieldSet(this.fields.fields(), mapping);
      this.homeAmounts.ensure(settings.homeCurrency);
      const rates = this.currency.rateTable(settings.homeCurrency);
      let lastPagesEvent = 0;
      const ctx: RunContext = {
        sqlite: this.opts.sqlite,
        kv: this.kv,
        api,
        fs,
        ingest: new Ingestor(this.opts.sqlite, mapping, rates),
        progress,
        runId,
        pageSize,
        concurrency: this.opts.concurrency ?? Math.max(1, Math.min(api0.maxConcurrency || 1, 10)),
        overlapMs: this.opts.overlapMs ?? DEFAULT_OVERLAP_MS,
        failsafePercent: settings.failsafeDeletePercent,
        signal,
        counts,
        changedIds,
        removedIds,
        pages,
        checkLease: () => {
          if (signal.aborted) throw signal.reason ?? new SyncCancelledError();
        },
        afterPage: () => {
          // Long full syncs: let screens fill in as pages land, at most every 2 s.
          if (Date.now() - lastPagesEvent > 2000) {
            lastPagesEvent = Date.now();
            this.events.pagesCommitted.emit(run);
          }
        },
      };
      if (kind === 'full') await runFullSync(ctx, t0, probe);
      else await runDeltaSync(ctx, t0);

      progress.phase('snapshot');
      takeSnapshot(this.opts.sqlite);
      const t = totals();
      this.runs.finish(runId, 'ok', { ...counts, pages: pages.n, ...t, apiCalls: t.calls });
      const now = new Date().toISOString();
      this.kv.set(KV.lastRun, { at: now, kind, error: null, code: null });
      this.kv.set(KV.lastSuccess, now);
      progress.done();
      const result: RunResult = {
        runId,
        kind,
        status: 'ok',
        added: counts.added,
        changed: counts.changed,
        removed: counts.removed,
        pages: pages.n,
        apiCalls: t.calls,
        resumed,
        durationMs: Date.now() - t0,
      };
      this.notifyDeals(runId, kind, counts.added + counts.changed + counts.removed > 0, changedIds, removedIds);
      return result;
    } catch (e) {
      const failure = classifyError(e);
      const code = errorCode(e);
      const status: RunStatus = failure === 'failsafe' ? 'refused' : failure === 'cancelled' ? 'cancelled' : 'failed';
      const t = totals();
      if (runId !== null)
        this.runs.finish(
          runId,
          status,
          { ...counts, pages: pages.n, ...t, apiCalls: t.calls },
          { code, message: errorMessage(e) },
        );
      this.kv.set(KV.lastRun, { at: new Date().toISOString(), kind, error: errorMessage(e), code });
      slot.progress?.done();
      // Pages already committed are real changes: tell listeners even when the run failed.
      if (runId !== null)
        this.notifyDeals(runId, kind, counts.added + counts.changed + counts.removed > 0, changedIds, removedIds);
      return {
        runId,
        kind,
        status,
        reason: errorMessage(e),
        failure,
        errorCode: code,
        added: counts.added,
        changed: counts.changed,
        removed: counts.removed,
        pages: pages.n,
        apiCalls: t.calls,
        resumed,
        durationMs: Date.now() - t0,
      };
    } finally {
      restoreWrites();
      clearInterval(heartbeat);
      this.lease.release();
    }
  }

  /** Field metadata and org currencies: on a fresh full sync, else when older than a day. */
  private async refreshMetadata(
    api: ZohoApi,
    force: boolean,
    homeCurrency: string,
    signal: AbortSignal,
  ): Promise<void> {
    const maxAge = this.opts.metadataMaxAgeMs ?? CURRENCY_REFRESH_MS;
    const stale = (key: string) => {
      const at = this.kv.get<string>(key);
      return !at || Date.now() - Date.parse(at) > maxAge;
    };
    const tasks: Promise<void>[] = [];
    if (force || stale(KV.fieldsRefreshedAt) || this.fields.fields().length === 0) {
      tasks.push(
        discoverFields(api, this.fields, signal).then(() =>
          this.kv.set(KV.fieldsRefreshedAt, new Date().toISOString()),
        ),
      );
    }
    if (force || stale(KV.currenciesRefreshedAt)) {
      tasks.push(
        fetchOrgCurrencies(api, this.currency, signal)
          .then((changed) => {
            this.kv.set(KV.currenciesRefreshedAt, new Date().toISOString());
            if (changed) this.homeAmounts.recompute(homeCurrency);
          })
          .catch((e) => {
            // Deals carry their own rates; a currency endpoint we may not read must not stop the sync.
            if (classifyError(e) !== 'error') throw e;
          }),
      );
    }
    await Promise.all(tasks);
  }

  private notifyDeals(runId: number, kind: SyncKind, any: boolean, changedIds: string[], removedIds: string[]): void {
    if (!any) return;
    const change: DealsChange =
      kind === 'full' ? { runId, kind, changedIds: 'all', removedIds: 'all' } : { runId, kind, changedIds, removedIds };
    this.events.dealsChanged.emit(change);
  }
}

function skipped(reason: string): RunResult {
  return {
    runId: null,
    kind: null,
    status: 'skipped',
    reason,
    added: 0,
    changed: 0,
    removed: 0,
    pages: 0,
    apiCalls: 0,
    resumed: false,
    durationMs: 0,
  };
}
