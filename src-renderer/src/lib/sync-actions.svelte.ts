import type { SyncStatus } from '../../../src-shared/contract/schemas';
import { call } from './api';

type Failsafe = NonNullable<SyncStatus['failsafe']>;

const DISMISS_KEY = 'pulse.failsafe.dismissed';

/**
 * Sync actions shared by the status bar, Settings → Sync and the fail-safe banner. "Keep my
 * data" only hides the banner for this exact question (kind, removals, cached count): main keeps
 * the pull refused until someone applies it, and a different question (more deals gone) asks again.
 */
export const syncUi = $state({
  dismissed: readDismissed(),
  /** The `at` of the refused pull whose removals the user is applying (until the run ends). */
  applyingAt: null as string | null,
});

function readDismissed(): string | null {
  try {
    return localStorage.getItem(DISMISS_KEY);
  } catch {
    return null;
  }
}

export const failsafeKey = (f: Failsafe) => `${f.kind}:${f.removals}:${f.localCount}`;

export function keepMyData(f: Failsafe) {
  syncUi.dismissed = failsafeKey(f);
  try {
    localStorage.setItem(DISMISS_KEY, syncUi.dismissed);
  } catch {
    // storage unavailable: dismissed for this session only
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
