import type { Database } from 'better-sqlite3';

/**
 * Synchronous access to the `sync_state` key/value table (JSON values), for code that must write
 * state in the same transaction as the data it describes (a page and its checkpoint).
 */
export class SyncKv {
  private readonly getStmt;
  private readonly setStmt;
  private readonly delStmt;

  constructor(readonly sqlite: Database) {
    this.getStmt = sqlite.prepare('SELECT value FROM sync_state WHERE key = ?');
    this.setStmt = sqlite.prepare(
      `INSERT INTO sync_state (key, value, updated_at)
       VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.delStmt = sqlite.prepare('DELETE FROM sync_state WHERE key = ?');
  }

  get<T>(key: string): T | undefined {
    const row = this.getStmt.get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    this.setStmt.run(key, JSON.stringify(value), new Date().toISOString());
  }

  delete(key: string): void {
    this.delStmt.run(key);
  }
}

/** Keys the sync engine keeps in sync_state, in one place so nothing collides. */
export const KV = {
  /** FullCheckpoint of a full sync in progress (absent when none). */
  fullCheckpoint: 'sync.full_checkpoint',
  /** Last generation number handed to a full sync. */
  fullGen: 'sync.full_gen',
  /** ISO time: the next delta asks for changes after this (already minus the overlap). */
  deltaCursor: 'sync.delta_cursor',
  /** {at, kind, error} of the last run, for status (kept compatible with the first status code). */
  lastRun: 'last_run',
  /** ISO time of the last run that ended well. */
  lastSuccess: 'sync.last_success',
  /** Set when the field mapping changed: the next run is a full sync. */
  needsFull: 'sync.needs_full',
  /** FailsafePending while a pull waits for the user's confirmation. */
  failsafe: 'sync.failsafe_pending',
  /** One-shot permission to apply the pending pull (set by sync.failsafe.confirm). */
  failsafeConfirmed: 'sync.failsafe_confirmed',
  /** The question (kind, removals, cached count) the user answered "keep my data" to: not asked again. */
  failsafeKept: 'sync.failsafe_kept',
  /** ISO times of the last metadata / currency refresh. */
  fieldsRefreshedAt: 'sync.fields_refreshed_at',
  currenciesRefreshedAt: 'sync.currencies_refreshed_at',
  /** {day, stages} of today's snapshot: whether the next one may rewrite only the logged deals (snapshots.ts). */
  snapshotState: 'snapshot.state',
} as const;
