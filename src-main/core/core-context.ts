import type { WorkspaceMode, WorkspaceStatus } from '../../src-shared/contract/workspace-schemas';
import { ConnectionRepo } from './connection/connection-repo';
import { ConnectionService, type ConnectionServiceOptions } from './connection/connection-service';
import { DealList } from './deals/deal-list';
import { DealsRepo } from './deals/deals-repo';
import { PipelineService } from './deals/pipeline-service';
import { EventBus } from './events/event-bus';
import { forwardToRenderer } from './events/renderer-events';
import { SettingsRepo } from './settings/settings-repo';
import { createKeychainStore } from './secrets/keyring-store';
import type { SecretStore } from './secrets/secret-store';
import { BackupService } from './store/backup-service';
import { openStore, type Store } from './store/open-store';
import type { DatabaseDamagedError } from './store/store-errors';
import { SyncService, type SyncServiceOptions } from './sync/sync-service';
import { KV } from './sync/state-kv';
import { CurrencyService } from './currency/currency-service';
import { NotConnectedError } from './zoho/errors';
import { NoticeService } from './notices/notice-service';
import { O2RService, localToday, type O2RServiceOptions } from './o2r-store/o2r-service';
import { ImportService } from './import/import-service';
import { WorkspaceRegistry, type WorkspaceKind } from './workspaces/workspace-registry';
import { MemorySecretStore } from './secrets/memory-store';
import { WebhookService, type WebhookServiceOptions } from './webhooks/webhook-service';

/** Who runs the core: the desktop app, `pulse web`, a `pulse` command, or a test. */
export type HostKind = 'electron' | 'web' | 'cli' | 'test';

/**
 * The host's side of the workspace.* calls: which workspace is open and switching between the
 * account, the demo and imported workspaces (src-main/workspace/). Hosts that cannot switch (the
 * CLI, tests) pass none.
 */
export interface WorkspaceControl {
  status(): WorkspaceStatus;
  /** Starts the switch and returns at once; `workspace.changed` follows when it is done. */
  open(mode: WorkspaceMode, id?: string): { switching: boolean };
  resetDemo(): { switching: boolean };
}

export interface CoreOptions {
  dataDir: string;
  host: HostKind;
  /** True when running on the built-in demo workspace (the Zoho sandbox). */
  demo?: boolean;
  version?: string;
  /** Where the Zoho refresh token and client secret go; default the OS keychain (@napi-rs/keyring). */
  secrets?: () => SecretStore;
  /** Host hook to open the Zoho sign-in page in the system browser (Electron). */
  openExternal?: (url: string) => Promise<boolean>;
  /** Headless hosts (the CLI): with no saved connection, Zoho is reached with the ZOHO_* variables here. */
  environment?: NodeJS.ProcessEnv;
  /** Connection knobs: loopback port, sign-in timeout, client tuning (tests). */
  connection?: Partial<Pick<ConnectionServiceOptions, 'loopbackPort' | 'signInTimeoutMs' | 'clientTuning'>>;
  /** O2R knobs (tests): the calendar day, backoff; `autoPush` defaults to true for the app hosts. */
  o2r?: Partial<Pick<O2RServiceOptions, 'today' | 'autoPush' | 'pusher' | 'pushDebounceMs'>>;
  /** Switching between the account, the demo and imported workspaces (app hosts). */
  workspace?: WorkspaceControl;
  /** The profile folder holding every workspace (default: dataDir); see core/workspaces. */
  profileDir?: string;
  /** Which workspace dataDir is (default: the demo's or the account's, by `demo`). */
  workspaceInfo?: OpenWorkspace;
  /** Where the demo's folder is, when this host offers the demo (listed by workspace.list). */
  demoDir?: string | null;
  /** Electron: asks the user where to save an export (a save dialog); null when cancelled. */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>;
  /**
   * A damaged data file: run in recovery until `store.restore` (default for the app hosts), or
   * fail at once with DatabaseDamagedError (default for the CLI and tests).
   */
  recoverDamaged?: boolean;
  /** Told when damage is found while running (core.ts announces it and offers a restore). */
  onDamage?: (damage: DatabaseDamagedError) => void;
  /**
   * Backup knobs (tests): how long after start the app hosts first look whether the daily backup
   * is due (default a minute; the other hosts look at once).
   */
  backups?: { firstLookMs?: number };
  /** Sync knobs (tests, benchmarks); `autoStart` (background sync) defaults to true for the app hosts. */
  sync?: { autoStart?: boolean; engine?: SyncServiceOptions['engine']; intervalMs?: SyncServiceOptions['intervalMs'] };
  /**
   * Instant updates: `hostsReceiver` (default: the app hosts, electron and web) starts the receiver
   * when they are on; the rest are test knobs.
   */
  webhooks?: Partial<
    Pick<
      WebhookServiceOptions,
      'hostsReceiver' | 'channelLifetimeMs' | 'healthCheckMs' | 'testTimeoutMs' | 'replayMaxAgeMs' | 'coalesce'
    >
  >;
}

/**
 * Everything a handler may use: the store and its repositories, the event bus, and the services
 * (connection, sync, O2R, notices). One instance per data directory. Built by createCoreContext in
 * the lifecycle's order (lifecycle.ts); nothing in it runs until `core.start()`.
 */
export interface OpenWorkspace {
  id: string;
  name: string;
  kind: WorkspaceKind;
}

/** Which workspace a core serves: as the host says, else the demo's or the account's. */
export function workspaceInfoOf(opts: Pick<CoreOptions, 'workspaceInfo' | 'demo'>): OpenWorkspace {
  return (
    opts.workspaceInfo ??
    (opts.demo
      ? { id: 'demo', name: 'Demo workspace', kind: 'demo' }
      : { id: 'account', name: 'Zoho CRM', kind: 'account' })
  );
}

export interface CoreContext {
  version: string;
  host: HostKind;
  dataDir: string;
  demo: boolean;
  store: Store;
  settings: SettingsRepo;
  deals: DealsRepo;
  /** The Deals table's windows (filter, sort, each deal's O2R health) from the pipeline's deals in memory. */
  dealList: DealList;
  /** The pipeline screens' read side: dashboard, history, what moved, the remembered filter (deals/). */
  pipeline: PipelineService;
  /** Contract events for the hosts (renderer-events.ts decides what goes out). */
  events: EventBus;
  /** The Zoho connection; `connection.api()` is the sync engine's way to Zoho. */
  connection: ConnectionService;
  /** The sync engine + scheduler (src-main/core/sync): runs, history, mapping, fail-safe, status. */
  sync: SyncService;
  /** Rates, overrides and deal counts per currency (Settings → Currency). */
  currency: CurrencyService;
  /** The O2R tracker: opportunities, local O2R data, milestone edits and their write-back outbox. */
  o2r: O2RService;
  /** Notices after each sync (OS notifications in the desktop app, in-app notices everywhere). */
  notices: NoticeService;
  /** Instant updates: Zoho's notification channel, the receiver, the fallback to the delta. */
  webhooks: WebhookService;
  workspace: WorkspaceControl | null;
  /** The workspace this core serves; an imported one never connects or syncs. */
  workspaceInfo: OpenWorkspace;
  /** The profile's workspaces (the account's, the demo's, imported ones). */
  workspaces: WorkspaceRegistry;
  /** CSV import (the wizard's upload sessions and `pulse import`). */
  imports: ImportService;
  /** The host's hooks for exports: the desktop app's save dialog. */
  hostHooks: Pick<CoreOptions, 'chooseSavePath'>;
  /** The user's calendar day (the O2R service's). */
  today(): string;
  /** What `core.start()` starts in the app hosts: background sync, automatic push, the hourly backup check. */
  background: { sync: boolean; push: boolean; backups: boolean };
  /** Rolling backups of the local data (docs/data-folder.md). */
  backups: BackupService;
}

/** Builds the services in the lifecycle's order and wires who reacts to whom; starts nothing. */
export function createCoreContext(opts: CoreOptions): CoreContext {
  const appHost = opts.host === 'electron' || opts.host === 'web';
  const store = openStore(opts.dataDir);
  // A read-only data folder can be looked at, not synced, pushed or backed up.
  const writable = !store.readOnly;
  const background = {
    sync: (opts.sync?.autoStart ?? appHost) && writable,
    push: (opts.o2r?.autoPush ?? appHost) && writable,
    backups: appHost && writable,
  };
  const settings = new SettingsRepo(store.sqlite);
  const backups = new BackupService(store, opts.dataDir, (damage) => opts.onDamage?.(damage), Date.now, {
    firstLookMs: opts.backups?.firstLookMs,
  });
  const events = new EventBus();
  let keychain: SecretStore | undefined;
  const connection = new ConnectionService({
    ...opts.connection,
    repo: new ConnectionRepo(store.sqlite),
    // One keychain namespace per data folder, so two profiles never share a token.
    secrets: opts.secrets ?? (() => (keychain ??= createKeychainStore(opts.dataDir))),
    demo: opts.demo ?? false,
    callsPerMinute: () => settings.get().apiCallsPerMinute,
    openExternal: opts.openExternal,
    environment: opts.environment,
  });
  const sync = new SyncService({
    store,
    settings,
    engine: {
      // A Bulk Read job calls back through the instant-updates receiver when it works (its URL
      // carries a key; null otherwise, and the job is only polled). `webhooks` is built below: these
      // run only during a sync, after the context exists.
      bulkCallback: {
        url: (): Promise<string | null> => webhooks.bulkCallbackUrl(),
        arrived: (jobId: string): Promise<void> => webhooks.waitForBulkJob(jobId),
      },
      ...opts.sync?.engine,
    },
    intervalMs: opts.sync?.intervalMs,
    // "Not connected" is a quiet skip; "reconnect needed" is thrown so the scheduler stops.
    getApi: () => {
      try {
        return connection.api();
      } catch (e) {
        if (e instanceof NotConnectedError) return null;
        throw e;
      }
    },
    connectionState: () => connection.state(),
  });
  const o2r = new O2RService({
    sqlite: store.sqlite,
    readOnly: store.readOnly,
    ...opts.o2r,
    autoPush: background.push,
    // Offline, not connected or reconnect needed: edits stay queued until the connection is back.
    api: () => {
      try {
        return connection.api();
      } catch {
        return null;
      }
    },
  });
  const notices = new NoticeService({ sqlite: store.sqlite, settings, o2r, sync });
  const workspaceInfo = workspaceInfoOf(opts);
  const workspaces = new WorkspaceRegistry(opts.profileDir ?? opts.dataDir, {
    demoDir: opts.demoDir ?? (workspaceInfo.kind === 'demo' ? opts.dataDir : null),
  });
  const imports = new ImportService({
    registry: workspaces,
    current: { ...workspaceInfo, dataDir: opts.dataDir, lastImport: null },
    store,
    settings,
  });
  const demoSecrets = new MemorySecretStore();
  const webhooks = new WebhookService({
    hostsReceiver: appHost,
    ...opts.webhooks,
    sqlite: store.sqlite,
    demo: opts.demo ?? false,
    getApi: () => connection.api(),
    // The demo's channel token is as throwaway as its other secrets: memory, not the keychain.
    secrets: opts.demo ? () => demoSecrets : (opts.secrets ?? (() => (keychain ??= createKeychainStore(opts.dataDir)))),
    engine: sync.engine,
  });
  // Who reacts to whom, through typed hooks (never through data.changed or its text).
  settings.events.changed.on(({ after }) => {
    connection.applySettings();
    sync.settingsChanged(after);
  });
  connection.onStateChange((state) => {
    sync.connectionChanged(state);
    o2r.connectionChanged(state);
  });
  sync.engine.events.pagesCommitted.on(() => o2r.syncPagesCommitted());
  sync.engine.onDealsChanged((change) => o2r.syncApplied(change));
  sync.events.runEnded.on(() => o2r.syncRunEnded());
  sync.homeAmounts.events.changed.on(() => o2r.homeAmountsChanged());
  imports.events.appliedHere.on(() => o2r.dealsImported());
  // Instant updates that cannot apply what they heard, or that stop working: a delta soon.
  webhooks.events.deltaWanted.on(() => sync.scheduler.notifyRemoteChange());
  const today = () => opts.o2r?.today?.() ?? localToday();
  const pipeline = new PipelineService({
    sqlite: store.sqlite,
    homeCurrency: () => settings.get().homeCurrency,
    today,
    crmAccount: () => {
      const c = connection.status();
      return c.state === 'demo'
        ? { apiDomain: null, orgId: null }
        : { apiDomain: c.apiDomain, orgId: c.org?.id ?? null };
    },
  });
  // Whatever changes deals (the same hooks that tell the renderer 'deals') or takes a snapshot
  // (a run's end) makes the pipeline read them again.
  sync.engine.events.pagesCommitted.on(() => pipeline.dealsChanged());
  sync.engine.onDealsChanged(() => pipeline.dealsChanged());
  sync.events.runEnded.on(() => pipeline.dealsChanged());
  sync.events.mappingChanged.on(() => pipeline.dealsChanged());
  sync.homeAmounts.events.changed.on(() => pipeline.dealsChanged());
  o2r.events.changed.on(({ deals }) => deals && pipeline.dealsChanged());
  imports.events.appliedHere.on(() => pipeline.dealsChanged());
  forwardToRenderer(events, { settings, connection, sync, o2r, notices, imports, webhooks });
  const deals = new DealsRepo(store.sqlite);
  return {
    version: opts.version ?? '0.1.0',
    host: opts.host,
    dataDir: opts.dataDir,
    demo: opts.demo ?? false,
    store,
    settings,
    deals,
    dealList: new DealList(store.sqlite, pipeline.facts, deals, () => ({
      healthOf: o2r.cache.healthReader(),
      // A new object after every recompute: the health order is sorted again.
      version: o2r.cache.last,
    })),
    pipeline,
    events,
    connection,
    sync,
    currency: new CurrencyService({
      repo: sync.engine.currency,
      settings,
      refreshedAt: () => sync.engine.kv.get<string>(KV.currenciesRefreshedAt) ?? null,
      recompute: () => sync.recompute(),
    }),
    o2r,
    notices,
    webhooks,
    workspace: opts.workspace ?? null,
    workspaceInfo,
    workspaces,
    imports,
    hostHooks: { chooseSavePath: opts.chooseSavePath },
    today,
    background,
    backups,
  };
}
