import { KV, type SyncKv } from './state-kv';

/**
 * Joplin's fail-safe: a pull that would delete most of the local pipeline is more often a broken
 * account, a changed permission or an API fault than a real mass deletion. Such a pull is not
 * applied; the user is asked (sync.failsafe.confirm) and the next run applies it once.
 */
export interface FailsafePending {
  kind: 'full' | 'delta';
  removals: number;
  localCount: number;
  thresholdPercent: number;
  at: string;
  /**
   * The user chose "keep my data" for this same question (same kind, removals and cached count):
   * the pull stays refused and the data kept, but nobody is asked again until the removals change.
   */
  kept?: boolean;
}

/** What makes two refused pulls the same question for the user. */
const questionKey = (p: Pick<FailsafePending, 'kind' | 'removals' | 'localCount'>) =>
  `${p.kind}:${p.removals}:${p.localCount}`;

/** Pipelines smaller than this are not guarded: asking about 3 of 5 deals is noise. */
export const FAILSAFE_MIN_DEALS = 10;

export class FailsafeRefusedError extends Error {
  override name = 'FailsafeRefusedError';
  readonly code = 'FAILSAFE_REFUSED';
  constructor(readonly pending: FailsafePending) {
    super(
      `Sync stopped: it would remove ${pending.removals} of ${pending.localCount} cached deals ` +
        `(more than ${pending.thresholdPercent}%). Confirm in the app (or pulse sync --confirm-removals) to apply it.`,
    );
  }
}

/**
 * Throws FailsafeRefusedError (and records the pending question) when `removals` is too many;
 * consumes a prior confirmation otherwise.
 */
export function checkFailsafe(
  kv: SyncKv,
  kind: 'full' | 'delta',
  removals: number,
  localCount: number,
  thresholdPercent: number,
): void {
  const tooMany = localCount >= FAILSAFE_MIN_DEALS && removals * 100 > localCount * thresholdPercent;
  if (!tooMany) return;
  if (kv.get<boolean>(KV.failsafeConfirmed)) return;
  const pending: FailsafePending = { kind, removals, localCount, thresholdPercent, at: new Date().toISOString() };
  kv.set(KV.failsafe, pending);
  throw new FailsafeRefusedError(pending);
}

/** After a pull was applied: the confirmation is spent and nothing is pending. */
export function clearFailsafe(kv: SyncKv): void {
  kv.delete(KV.failsafe);
  kv.delete(KV.failsafeConfirmed);
  kv.delete(KV.failsafeKept);
}

export function pendingFailsafe(kv: SyncKv): (FailsafePending & { kept: boolean }) | null {
  const p = kv.get<FailsafePending>(KV.failsafe);
  if (!p) return null;
  return { ...p, kept: kv.get<string>(KV.failsafeKept) === questionKey(p) };
}

/** "Keep my data": remembered for this question, so later refused runs with the same removals do not ask. */
export function keepLocalData(kv: SyncKv): boolean {
  const p = pendingFailsafe(kv);
  if (!p) return false;
  kv.set(KV.failsafeKept, questionKey(p));
  return true;
}

export function confirmFailsafe(kv: SyncKv): boolean {
  if (!pendingFailsafe(kv)) return false;
  kv.set(KV.failsafeConfirmed, true);
  return true;
}
