import type { SyncStatus } from '../../src-shared/contract/schemas';
import { DealsRepo } from './deals/deals-repo';
import { EventBus } from './events/event-bus';
import { SettingsRepo } from './settings/settings-repo';
import { openStore, type Store } from './store/open-store';
import { SyncStateRepo } from './store/sync-state-repo';

export type HostKind = 'electron' | 'web' | 'test';

export interface CoreOptions {
  dataDir: string;
  host: HostKind;
  /** True when running on the built-in demo workspace (the Zoho sandbox). */
  demo?: boolean;
  version?: string;
}

/**
 * Everything a handler may use: the store and its repositories, the event bus, and the services
 * later layers plug in (connection, sync, O2R). One instance per data directory.
 */
export interface CoreContext {
  version: string;
  host: HostKind;
  dataDir: string;
  demo: boolean;
  store: Store;
  settings: SettingsRepo;
  deals: DealsRepo;
  syncState: SyncStateRepo;
  events: EventBus;
  syncStatus(): Promise<SyncStatus>;
  runSync(kind: 'full' | 'delta'): Promise<{ started: boolean; reason?: string }>;
}

export function createCoreContext(opts: CoreOptions): CoreContext {
  const store = openStore(opts.dataDir);
  const deals = new DealsRepo(store.db);
  const syncState = new SyncStateRepo(store.db);
  const ctx: CoreContext = {
    version: opts.version ?? '0.1.0',
    host: opts.host,
    dataDir: opts.dataDir,
    demo: opts.demo ?? false,
    store,
    settings: new SettingsRepo(store.db),
    deals,
    syncState,
    events: new EventBus(),
    async syncStatus() {
      const last = await syncState.get<{ at: string; kind: string; error: string | null }>('last_run');
      return {
        connection: ctx.demo ? 'demo' : 'disconnected',
        inProgress: false,
        lastSyncAt: last?.at ?? null,
        lastSyncKind: last?.kind ?? null,
        lastError: last?.error ?? null,
        nextSyncAt: null,
        dealCount: await deals.count(),
      };
    },
    async runSync() {
      return { started: false, reason: 'No Zoho account is connected. Connect one in Settings.' };
    },
  };
  return ctx;
}
