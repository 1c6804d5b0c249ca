import path from 'node:path';
import { calls, type CallArgs, type CallName, type CallResult } from '../../src-shared/contract/calls';
import { ApiError } from '../../src-shared/contract/errors';
import type { EventName } from '../../src-shared/contract/events';
import type { RestoreResult } from '../../src-shared/contract/store-schemas';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { createHandlers } from './api/handlers/index';
import { workspaceHandlers } from './api/handlers/workspace-handlers';
import { restoreResultOf, storeHandlers, storeStatusOf, type StoreControl } from './api/handlers/store-handlers';
import type { Handlers } from './api/handler-types';
import { createCoreContext, workspaceInfoOf, type CoreContext, type CoreOptions } from './core-context';
import { EventBus } from './events/event-bus';
import { startCore, stopCore } from './lifecycle';
import { listBackups } from './store/backup';
import { checkWholeFile } from './store/local-tables';
import { LATEST_SCHEMA_VERSION } from './store/migrate';
import { STORE_FILE_NAME } from './store/open-store';
import { restoreLocalData, RestoreError } from './store/restore';
import { DatabaseDamagedError, explainStoreError } from './store/store-errors';

/** What a transport (IPC bridge, WebSocket host, tray) needs: calls in, contract events out. */
export interface CoreEndpoint {
  /** The single way into the core for every host: name + raw arguments → outcome. */
  dispatch: Dispatch;
  /** Every contract event, already validated; returns unsubscribe. Survives a restore. */
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
}

export interface Core extends CoreEndpoint {
  /** The open core; throws DatabaseDamagedError while the app waits for `store.restore`. */
  readonly ctx: CoreContext;
  readonly dataDir: string;
  /** Damage found at start or met since (null while the file is sound). */
  readonly damaged: DatabaseDamagedError | null;
  /**
   * Calls `listener` with the context now if open, and whenever a restore opens a new one (before
   * that one starts: the demo workspace sets its connection there).
   */
  onOpen(listener: (ctx: CoreContext) => void): () => void;
  /**
   * The same as dispatch, typed from the contract, for in-process callers (the CLI, tests):
   * arguments are validated exactly as for a transport; a failure throws an ApiError.
   */
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>>;
  /** Starts the core's own work in the lifecycle's order (lifecycle.ts); once. */
  start(): void;
  /** Stops everything in reverse order, each step awaited; a second call waits for the first. */
  close(): Promise<void>;
}

/**
 * Builds the host-agnostic core for one data directory: the store opened, the services built and
 * wired, nothing running. The host then calls `start()` (after setting a demo connection, if any)
 * and, at the end, awaits `close()`. Hosts only add a transport.
 *
 * A damaged data file (docs/data-folder.md): the app hosts (electron, web) still start, in
 * recovery — `app.info` and `store.*` answer, every other call fails with the
 * DatabaseDamagedError (the renderer shows it with a Restore button). Damage met later, while
 * running, is remembered and announced (`data.changed` 'store') the same way. `store.restore`
 * closes the context, rebuilds the file (restore.ts) and opens a new context on it, whose first
 * sync refills the deals. The CLI gets the error at once; `pulse restore` is its way out.
 */
export function createCore(opts: CoreOptions): Core {
  const events = new EventBus();
  const file = path.join(opts.dataDir, STORE_FILE_NAME);
  const openListeners = new Set<(ctx: CoreContext) => void>();
  let ctx: CoreContext | null = null;
  let openDispatch: Dispatch | null = null;
  let damaged: DatabaseDamagedError | null = null;
  let restoring: Promise<RestoreResult> | null = null;
  let started = false;
  let closing: Promise<void> | null = null;

  const noteDamage = (error: unknown) => {
    const explained = explainStoreError(error, file);
    if (explained instanceof DatabaseDamagedError && !damaged) {
      damaged = explained;
      events.emit('data.changed', { topics: ['store'], reason: 'data file damaged' });
    }
    return explained;
  };

  const control: StoreControl = {
    status: () =>
      storeStatusOf({
        dataDir: opts.dataDir,
        file,
        readOnly: ctx?.store.readOnly ?? false,
        damaged,
        backups: listBackups(opts.dataDir),
        lastBackupError: ctx?.backups.lastError ?? null,
      }),
    restore: (backup) => (restoring ??= restore(backup).finally(() => (restoring = null))),
  };

  let unrelay: (() => void) | null = null;
  function open(): void {
    const c = createCoreContext({ ...opts, onDamage: noteDamage });
    // The context's own bus (its services listen there) is relayed to the hosts' bus, which
    // outlives it: after a restore, the old context's listeners are gone with its bus.
    unrelay = c.events.subscribe((name, payload) => events.relay(name, payload));
    ctx = c;
    openDispatch = createDispatcher(createHandlers(c, control), noteDamage);
    for (const listener of openListeners) listener(c);
  }

  async function restore(backup?: string): Promise<RestoreResult> {
    if (!backup && !damaged && ctx) {
      // Nothing seen yet: look at the whole file (a few hundred ms at 100k deals) before refusing.
      const problem = checkWholeFile(ctx.store.sqlite);
      if (problem) damaged = new DatabaseDamagedError(file, problem);
    }
    if (!backup && !damaged)
      throw new RestoreError(
        `The data file ${file} is not damaged: there is nothing to restore. To go back to an older backup on ` +
          'purpose, name it (see `pulse restore --list`).',
      );
    const c = ctx;
    ctx = null;
    openDispatch = null; // calls made meanwhile get "being restored"
    if (c) await stopCore(c);
    unrelay?.();
    try {
      const report = await restoreLocalData(opts.dataDir, { backupName: backup });
      damaged = null;
      return restoreResultOf(report);
    } finally {
      reopen();
    }
  }

  /** After a restore (or a refused one): open again, or stay in recovery if the file still fails. */
  function reopen(): void {
    try {
      open();
      if (started && ctx && !closing) startCore(ctx);
      events.emit('data.changed', {
        topics: ['deals', 'settings', 'sync', 'o2r', 'connection', 'store'],
        reason: 'data file restored',
      });
    } catch (e) {
      if (!(e instanceof DatabaseDamagedError)) throw e;
      damaged = e;
    }
  }

  try {
    open();
  } catch (e) {
    const recover = opts.recoverDamaged ?? (opts.host === 'electron' || opts.host === 'web');
    if (!(e instanceof DatabaseDamagedError) || !recover) throw e;
    damaged = e;
  }
  const recovery = createDispatcher(recoveryHandlers(opts, control, () => damaged));
  const dispatch: Dispatch = async (name, args) => (openDispatch ? openDispatch(name, args) : recovery(name, args));

  return {
    get ctx() {
      if (!ctx) throw damaged ?? new Error('The data file is being restored.');
      return ctx;
    },
    subscribe: (listener) => events.subscribe(listener),
    dataDir: opts.dataDir,
    get damaged() {
      return damaged;
    },
    onOpen(listener) {
      openListeners.add(listener);
      if (ctx) listener(ctx);
      return () => openListeners.delete(listener);
    },
    dispatch,
    async call(name, args) {
      const outcome = await dispatch(name, args);
      if (!outcome.ok) throw new ApiError(outcome.error);
      return outcome.result as CallResult<typeof name>;
    },
    start() {
      if (started || closing) return;
      started = true;
      if (ctx) startCore(ctx);
    },
    close() {
      return (closing ??= (async () => {
        await restoring?.catch(() => undefined);
        // ctx stays readable after close (hosts and tests look at what was open); its store is closed.
        if (ctx) await stopCore(ctx);
        unrelay?.();
      })());
    },
  };
}

/**
 * The calls a core in recovery answers: who it is, the store calls and the workspace calls. Everything else fails
 * with the damage, so no screen shows an empty pipeline as if it were the user's.
 */
function recoveryHandlers(
  opts: CoreOptions,
  control: StoreControl,
  damage: () => DatabaseDamagedError | null,
): Handlers {
  const refuse = async () => {
    throw damage() ?? new Error('The data file is being restored; try again in a moment.');
  };
  const all = Object.fromEntries(Object.keys(calls).map((name) => [name, refuse])) as unknown as Handlers;
  // Switching workspaces is the host's (it needs no data file): the user may open the other one.
  const workspace = workspaceHandlers({ workspace: opts.workspace ?? null, demo: opts.demo ?? false } as CoreContext);
  const own: Pick<Handlers, 'app.info' | 'store.status' | 'store.restore'> = {
    async 'app.info'() {
      return {
        version: opts.version ?? '0.1.0',
        host: opts.host,
        dataDir: opts.dataDir,
        demo: opts.demo ?? false,
        schemaVersion: LATEST_SCHEMA_VERSION,
        workspace: workspaceInfoOf(opts),
        canSwitchWorkspace: opts.workspace?.status().canSwitch ?? false,
      };
    },
    ...storeHandlers(control),
  };
  return { ...all, ...workspace, ...own };
}
