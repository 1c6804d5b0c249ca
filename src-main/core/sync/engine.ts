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
import { confirmFailsafe, keepLocalData, pendingFailsafe, type FailsafePending } from './failsafe';
import { discoverFields } from './field-discovery';
import { FieldRepo } from './field-repo';
import { buildFieldSet } from './field-set';
import { probeRange, type RangeProbe } from './fetch-coql';
import { fetchDealCount } from './bulk/bulk-api';
import { DEFAULT_FOLLOW, type BulkJobCallback, type FollowOptions } from './bulk/follow-job';
import { runFullSync } from './full-sync';
import { Ingestor, zeroCounts, type IngestCounts } from './ingest';
import { Lease } from '../store/lease';
import { HomeAmounts } from './home-amounts';
import { ProgressTracker } from './progress';
import { RunsRepo, type RunStatus } from './runs';
import type { RunContext } from './run-context';
import { takeSnapshot } from './snapshots';
import { KV, SyncKv } from './state-kv';
import { applyNotifiedIds, type NotifiedIds } from './notified-changes';

/** How applying notified ids ended: `busy` when another process holds the lease (try again later). */
export interface NotifiedOutcome {
  status: 'ok' | 'skipped' | 'busy' | 'failed';
  reason?: string;
  failure?: FailureClass;
  changedIds: string[];
  removedIds: string[];
  apiCalls: number;
}

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
  /** A full sync: how it fetched (bulk = Zoho's Bulk Read), and why Bulk Read gave way to COQL. */
  method?: 'coql' | 'records' | 'bulk';
  bulkFallback?: string;
}

/**
 * What O2R, analytics and the UI hear after a run applied changes to deals: which ids, or 'all'
 * after a full sync. Sent once per run that changed anything (also a failed one: its committed
 * pages are real changes), through `engine.onDealsChanged`. `kind: 'notification'` (no run) is a
 * change applied from Zoho's notifications (`applyNotified`).
 */
export interface DealsChange {
  runId: number | null;
  kind: SyncKind | 'notification';
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
  /** How a Bulk Read job is followed (tests shorten the waits); default DEFAULT_FOLLOW. */
  bulkFollow?: Partial<FollowOptions>;
  /**
   * Zoho's Bulk Read job callback, when a receiver can take it (the instant-updates receiver is
   * where it belongs); absent, Bulk Read jobs are followed by polling alone.
   */
  bulkCallback?: BulkJobCallback;
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
    /** Deals applied by a run or a notification (see DealsChange); subscribe with `onDealsChanged`. */
    dealsChanged: new Hook<DealsChange>(),
  };
  private current: (RunSlot & { promise: Promise<RunResult> }) | null = null;
  /** Notified ids being applied (outside a run); a run waits for it, and it waits for a run. */
  private notified: Promise<NotifiedOutcome> | null = null;

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

  failsafe(): (FailsafePending & { kept: boolean }) | null {
    return pendingFailsafe(this.kv);
  }

  /** The user keeps the local data: this question is not asked again (failsafe.ts). */
  keepFailsafe(): boolean {
    return keepLocalData(this.kv);
  }

  /** The user agreed to the refused pull: allow it once. The caller then starts a run. */
  confirmFailsafe(): boolean {
    return confirmFailsafe(this.kv);
  }

  /**
   * Runs a killed process left 'running' are marked interrupted as soon as nobody syncs (at open,
   * not only when the next sync starts), so the history never shows a dead run as running.
   */
  reconcileInterrupted(): void {
    if (!this.lease.tryAcquire()) return;
    try {
      this.runs.markInterrupted();
    } finally {
      this.lease.release();
    }
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

  /**
   * Applies the deals Zoho's notifications named — fetch those ids, ingest them, remove the
   * deleted — under the sync lease, after a running sync ends and before the next one starts, so
   * the two never interleave. No run is recorded; listeners hear `kind: 'notification'`.
   */
  async applyNotified(ids: NotifiedIds): Promise<NotifiedOutcome> {
    while (this.current || this.notified) {
      await (this.current?.promise ?? this.notified)?.catch(() => undefined);
    }
    const p = this.runNotified(ids);
    this.notified = p;
    try {
      return await p;
    } finally {
      this.notified = null;
    }
  }

  private async runNotified(ids: NotifiedIds): Promise<NotifiedOutcome> {
    const none = { changedIds: [], removedIds: [], apiCalls: 0 };
    let api: ZohoApi | null;
    try {
      api = await this.opts.getApi();
    } catch (e) {
      return { ...none, status: 'skipped', reason: errorMessage(e), failure: classifyError(e) };
    }
    if (!api) return { ...none, status: 'skipped', reason: 'No Zoho account is connected.' };
    // Before the first sync the field set is unknown; that sync fetches everything anyway.
    if (!this.kv.get<string>(KV.deltaCursor)) return { ...none, status: 'skipped', reason: 'No sync has run yet.' };
    if (!this.lease.tryAcquire())
      return { ...none, status: 'busy', reason: 'Another Pipeline Pulse process is syncing this data folder.' };
    try {
      const settings = await this.opts.getSettings();
      const mapping = this.fields.mapping();
      const fs = buildFieldSet(this.fields.fields(), mapping);
      const ingest = new Ingestor(this.opts.sqlite, mapping, this.currency.rateTable(settings.homeCurrency));
      const applied = await applyNotifiedIds(api, fs, ingest, ids);
      if (applied.changedIds.length + applied.removedIds.length > 0)
        this.events.dealsChanged.emit({
          runId: null,
          kind: 'notification',
          changedIds: applied.changedIds,
          removedIds: applied.removedIds,
        });
      return { status: 'ok', ...applied };
    } catch (e) {
      return { ...none, status: 'failed', reason: errorMessage(e), failure: classifyError(e) };
    } finally {
      this.lease.release();
    }
  }

  /** One run: take the way to Zoho and the lease, then begin, prepare, sync, and record how it ended. */
  private async execute(requested: SyncKind | 'auto', trigger: SyncTrigger, slot: RunSlot): Promise<RunResult> {
    const t0 = Date.now();
    while (this.notified) await this.notified.catch(() => undefined);
    const gate = await this.openGate();
    if (!('api' in gate)) return gate;
    const heartbeat = this.keepLease(slot.abort);
    const { api, totals } = countingApi(gate.api);
    const tally: RunTally = {
      runId: null,
      kind: 'delta',
      resumed: false,
      counts: zeroCounts(),
      pages: { n: 0 },
      changedIds: [],
      removedIds: [],
      totals,
      notes: {},
    };
    const restoreWrites = fastWrites(this.opts.sqlite);
    try {
      const progress = this.begin(tally, requested, trigger, slot);
      const { ctx, probe, count } = await this.prepare(
        tally,
        api,
        gate.api.maxConcurrency,
        progress,
        slot.abort.signal,
      );
      if (tally.kind === 'full') await runFullSync(ctx, t0, probe, count);
      else await runDeltaSync(ctx, t0);
      return this.succeeded(tally, progress, t0);
    } catch (e) {
      return this.failed(tally, e, slot, t0);
    } finally {
      restoreWrites();
      clearInterval(heartbeat);
      this.lease.release();
    }
  }

  /** The current client and the lease, or the reason the run is skipped (nothing is recorded). */
  private async openGate(): Promise<{ api: ZohoApi } | RunResult> {
    let api: ZohoApi | null;
    try {
      api = await this.opts.getApi();
    } catch (e) {
      return { ...skipped(errorMessage(e)), failure: classifyError(e), errorCode: errorCode(e) };
    }
    if (!api) return skipped('No Zoho account is connected. Connect one in Settings.');
    if (!this.lease.tryAcquire()) return skipped('Another Pipeline Pulse process is syncing this data folder.');
    return { api };
  }

  /** Renews the lease while the run lasts; a lease another process took over stops the run. */
  private keepLease(abort: AbortController): NodeJS.Timeout {
    const heartbeat = setInterval(
      () => {
        if (!this.lease.renew()) abort.abort(new LeaseLostError());
      },
      Math.max(1000, (this.opts.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS) / 3),
    );
    heartbeat.unref?.();
    return heartbeat;
  }

  /** Records the run (an unfinished full sync resumes first) and starts its progress. */
  private begin(tally: RunTally, requested: SyncKind | 'auto', trigger: SyncTrigger, slot: RunSlot): ProgressTracker {
    this.runs.markInterrupted();
    tally.kind = this.chooseKind(requested);
    tally.resumed = tally.kind === 'full' && Boolean(loadCheckpoint(this.kv));
    const runId = this.runs.start(tally.kind, trigger, tally.resumed);
    tally.runId = runId;
    const progress = new ProgressTracker(runId, tally.kind, (p) => this.events.progress.emit(p));
    slot.progress = progress;
    this.events.runStarted.emit({ runId, kind: tally.kind });
    return progress;
  }

  /**
   * Metadata and currencies when stale (a new full sync probes its id range meanwhile: one round
   * saved), the field set, home amounts in the home currency, and the RunContext full and delta
   * sync work with.
   */
  private async prepare(
    tally: RunTally,
    api: ZohoApi,
    maxConcurrency: number,
    progress: ProgressTracker,
    signal: AbortSignal,
  ): Promise<{ ctx: RunContext; probe: Promise<RangeProbe> | null; count: Promise<number | null> | null }> {
    const run = { runId: tally.runId!, kind: tally.kind };
    const settings = await this.opts.getSettings();
    progress.phase('metadata');
    const pageSize = this.opts.pageSize ?? 2000;
    const cp = loadCheckpoint(this.kv);
    let probe: Promise<RangeProbe> | null = null;
    if (tally.kind === 'full' && !cp?.planned && cp?.mode !== 'bulk') {
      probe = probeRange(api, Math.min(pageSize, 2000), signal);
      probe.catch(() => undefined); // awaited (and its error handled) by the full sync
    }
    // A new full sync: how many deals (Bulk Read above the setting), asked alongside too.
    let count: Promise<number | null> | null = null;
    if (tally.kind === 'full' && !cp && settings.bulkReadMinDeals > 0) {
      count = fetchDealCount(api, signal).catch(() => null);
    }
    await this.refreshMetadata(api, tally.kind === 'full' && !tally.resumed, settings.homeCurrency, signal);
    const mapping = this.fields.mapping();
    this.homeAmounts.ensure(settings.homeCurrency);
    let lastPagesEvent = 0;
    const ctx: RunContext = {
      sqlite: this.opts.sqlite,
      kv: this.kv,
      api,
      fs: buildFieldSet(this.fields.fields(), mapping),
      ingest: new Ingestor(this.opts.sqlite, mapping, this.currency.rateTable(settings.homeCurrency)),
      progress,
      runId: run.runId,
      pageSize,
      concurrency: this.opts.concurrency ?? Math.max(1, Math.min(maxConcurrency || 1, 10)),
      overlapMs: this.opts.overlapMs ?? DEFAULT_OVERLAP_MS,
      failsafePercent: settings.failsafeDeletePercent,
      signal,
      counts: tally.counts,
      changedIds: tally.changedIds,
      removedIds: tally.removedIds,
      pages: tally.pages,
      checkLease: () => {
        if (signal.aborted) throw signal.reason ?? new SyncCancelledError();
      },
      recordProgress: (page, removed = 0) =>
        this.runs.addProgress(run.runId, {
          added: page.added,
          changed: page.changed,
          removed,
          pages: removed ? 0 : 1,
          apiCalls: tally.totals().calls,
        }),
      bulk: await this.bulkOptions(settings.bulkReadMinDeals),
      notes: tally.notes,
      afterPage: () => {
        // Long full syncs: let screens fill in as pages land, at most every 2 s.
        if (Date.now() - lastPagesEvent > 2000) {
          lastPagesEvent = Date.now();
          this.events.pagesCommitted.emit(run);
        }
      },
    };
    return { ctx, probe, count };
  }

  /** How this run would read through Bulk Read: threshold, how jobs are followed, the callback if any. */
  private async bulkOptions(minDeals: number): Promise<RunContext['bulk']> {
    const cb = this.opts.bulkCallback;
    return {
      minDeals,
      follow: { ...DEFAULT_FOLLOW, ...this.opts.bulkFollow, ...(cb ? { wake: (id: string) => cb.arrived(id) } : {}) },
      callbackUrl: (await cb?.url()) ?? null,
    };
  }

  /** The run applied everything: the daily snapshot, the history, and what changed. */
  private succeeded(tally: RunTally, progress: ProgressTracker, t0: number): RunResult {
    progress.phase('snapshot');
    // A full sync's bulk load runs without the triggers that log changed deals: the whole day.
    takeSnapshot(this.opts.sqlite, undefined, { whole: tally.kind === 'full' });
    const runId = tally.runId!;
    const t = tally.totals();
    this.runs.finish(runId, 'ok', { ...tally.counts, pages: tally.pages.n, ...t, apiCalls: t.calls });
    const now = new Date().toISOString();
    this.kv.set(KV.lastRun, { at: now, kind: tally.kind, error: null, code: null });
    this.kv.set(KV.lastSuccess, now);
    progress.done();
    this.notifyDeals(tally);
    return { ...resultOf(tally, t0), status: 'ok' };
  }

  /** The run stopped (failed, refused by the fail-safe, cancelled): recorded with its reason. */
  private failed(tally: RunTally, e: unknown, slot: RunSlot, t0: number): RunResult {
    const failure = classifyError(e);
    const code = errorCode(e);
    const status: RunStatus = failure === 'failsafe' ? 'refused' : failure === 'cancelled' ? 'cancelled' : 'failed';
    const t = tally.totals();
    const error = { code, message: errorMessage(e) };
    if (tally.runId !== null)
      this.runs.finish(tally.runId, status, { ...tally.counts, pages: tally.pages.n, ...t, apiCalls: t.calls }, error);
    this.kv.set(KV.lastRun, { at: new Date().toISOString(), kind: tally.kind, error: error.message, code });
    slot.progress?.done();
    // Pages already committed are real changes: tell listeners even when the run failed.
    this.notifyDeals(tally);
    return { ...resultOf(tally, t0), status, reason: error.message, failure, errorCode: code };
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

  private notifyDeals(t: RunTally): void {
    if (t.runId === null || t.counts.added + t.counts.changed + t.counts.removed === 0) return;
    const change: DealsChange =
      t.kind === 'full'
        ? { runId: t.runId, kind: t.kind, changedIds: 'all', removedIds: 'all' }
        : { runId: t.runId, kind: t.kind, changedIds: t.changedIds, removedIds: t.removedIds };
    this.events.dealsChanged.emit(change);
  }
}

/** The running sync's slot: how to stop it, and its progress once it began. */
interface RunSlot {
  abort: AbortController;
  progress: ProgressTracker | null;
}

/** What one run has done so far: filled in by full and delta sync, reported when it ends. */
interface RunTally {
  runId: number | null;
  kind: SyncKind;
  resumed: boolean;
  counts: IngestCounts;
  pages: { n: number };
  changedIds: string[];
  removedIds: string[];
  totals: ReturnType<typeof countingApi>['totals'];
  /** How a full sync fetched, and why Bulk Read gave way (filled in by the full sync). */
  notes: RunContext['notes'];
}

function resultOf(t: RunTally, t0: number): Omit<RunResult, 'status'> {
  return {
    runId: t.runId,
    kind: t.kind,
    added: t.counts.added,
    changed: t.counts.changed,
    removed: t.counts.removed,
    pages: t.pages.n,
    apiCalls: t.totals().calls,
    resumed: t.resumed,
    durationMs: Date.now() - t0,
    ...t.notes,
  };
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
