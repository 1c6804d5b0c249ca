import type { SyncStatus } from '../../../src-shared/contract/schemas';
import { call } from './api';
import { app } from './app-state.svelte';

type Failsafe = NonNullable<SyncStatus['failsafe']>;

/**
 * Sync actions shared by the status bar, Settings → Sync and the fail-safe banner. "Keep my data"
 * is remembered by main for this exact question (kind, removals, cached count): the pull stays
 * refused, scheduled syncs stop asking, and a different question (more deals gone) asks again.
 */
export const syncUi = $state({
  /** The `at` of the refused pull whose removals the user is applying (until the run ends). */
  applyingAt: null as string | null,
});

/** The user keeps the local data; answers with the fresh status (its fail-safe now `kept`). */
export async function keepMyData(): Promise<string | null> {
  try {
    app.status = await call('sync.failsafe.keep', {});
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Starts a sync; returns why it could not start, or null. */
export async function startSync(kind: 'delta' | 'full'): Promise<string | null> {
  try {
    const r = await call('sync.run', { kind });
    return r.started ? null : (r.reason ?? 'The sync could not start.');
  } catch (e) {
    return (e as Error).message;
  }
}

/** The user agrees to the refused pull: main applies it once, in a run that starts now. */
export async function applyRemovals(f: Failsafe): Promise<string | null> {
  syncUi.applyingAt = f.at;
  try {
    const r = await call('sync.failsafe.confirm', {});
    if (r.started) return null;
    syncUi.applyingAt = null;
    return r.reason ?? 'The sync could not start.';
  } catch (e) {
    syncUi.applyingAt = null;
    return (e as Error).message;
  }
}

export const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);
