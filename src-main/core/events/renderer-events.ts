import type { DataChanged } from '../../../src-shared/contract/schemas';
import type { ConnectionService } from '../connection/connection-service';
import type { ImportService } from '../import/import-service';
import type { NoticeService } from '../notices/notice-service';
import type { O2RService } from '../o2r-store/o2r-service';
import type { SettingsRepo } from '../settings/settings-repo';
import type { SyncService } from '../sync/sync-service';
import type { WebhookService } from '../webhooks/webhook-service';
import type { EventBus } from './event-bus';

export interface RendererSources {
  settings: SettingsRepo;
  connection: ConnectionService;
  sync: SyncService;
  o2r: O2RService;
  notices: NoticeService;
  imports: ImportService;
  webhooks: WebhookService;
}

/**
 * What the renderer hears, decided in one place: each typed hook a screen cares about becomes a
 * contract event — `data.changed` with the topics a screen reloads on, `sync.progress`,
 * `sync.status`. Core services never listen to these events (they use the hooks), and no code
 * branches on a `reason`, which is there for people reading logs and tests.
 * Returns the function that detaches every forwarder.
 */
export function forwardToRenderer(bus: EventBus, s: RendererSources): () => void {
  const changed = (topics: DataChanged['topics'], reason: string) => bus.emit('data.changed', { topics, reason });
  const publishStatus = () => {
    s.sync.status().then(
      (status) => bus.emit('sync.status', status),
      () => undefined, // the store may be closing; status is best effort
    );
  };
  const engine = s.sync.engine.events;
  const off = [
    s.settings.events.changed.on(() => changed(['settings'], 'settings updated')),
    s.connection.events.changed.on(({ reason }) => changed(['connection'], reason)),
    engine.progress.on((p) => bus.emit('sync.progress', p)),
    engine.runStarted.on(publishStatus),
    engine.pagesCommitted.on(() => changed(['deals'], 'sync page')),
    engine.dealsChanged.on(({ kind }) =>
      kind === 'notification'
        ? changed(['deals'], 'instant update applied') // no run: the sync history is unchanged
        : changed(['deals', 'sync'], 'sync applied changes'),
    ),
    s.sync.events.runEnded.on(() => {
      changed(['sync'], 'sync ended');
      publishStatus();
    }),
    s.sync.events.schedulerState.on(publishStatus),
    s.sync.events.mappingChanged.on(() => changed(['settings', 'sync'], 'field mapping changed')),
    s.sync.homeAmounts.events.changed.on(() => changed(['deals'], 'home amounts recomputed')),
    s.o2r.events.changed.on(({ reason, deals }) => changed(deals ? ['o2r', 'deals'] : ['o2r'], reason)),
    s.notices.events.notice.on((notice) => bus.emit('notice', notice)),
    s.notices.events.dismissed.on(() => changed(['notices'], 'notice dismissed')),
    s.imports.events.progress.on((p) => bus.emit('import.progress', p)),
    s.imports.events.appliedHere.on(() => changed(['deals', 'sync'], 'import applied changes')),
    s.imports.events.recorded.on(() => changed(['workspaces'], 'import recorded')),
    s.webhooks.events.changed.on(({ reason }) => changed(['webhook'], reason)),
  ];
  return () => off.forEach((detach) => detach());
}
