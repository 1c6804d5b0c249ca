import type { Database } from 'better-sqlite3';

export type RunStatus = 'running' | 'ok' | 'failed' | 'refused' | 'cancelled' | 'interrupted';

export interface RunTotals {
  added: number;
  changed: number;
  removed: number;
  pages: number;
  apiCalls: number;
  retries: number;
  rateLimited: number;
}

export interface SyncRun extends RunTotals {
  id: number;
  kind: string;
  trigger: string;
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  resumed: boolean;
  errorCode: string | null;
  error: string | null;
}

/** The sync history (sync_runs): a row when a run starts, completed when it ends. */
export class RunsRepo {
  constructor(private readonly sqlite: Database) {}

  start(kind: string, trigger: string, resumed: boolean): number {
    const r = this.sqlite
      .prepare("INSERT INTO sync_runs (kind, trigger, status, started_at, resumed) VALUES (?, ?, 'running', ?, ?)")
      .run(kind, trigger, new Date().toISOString(), resumed ? 1 : 0);
    return Number(r.lastInsertRowid);
  }

  finish(id: number, status: RunStatus, t: RunTotals, error?: { code: string | null; message: string }): void {
    this.sqlite
      .prepare(
        `UPDATE sync_runs SET status = ?, ended_at = ?, added = ?, changed = ?, removed = ?, pages = ?, api_calls = ?,
           retries = ?, rate_limited = ?, error_code = ?, error = ? WHERE id = ?`,
      )
      .run(
        status,
        new Date().toISOString(),
        t.added,
        t.changed,
        t.removed,
        t.pages,
        t.apiCalls,
        t.retries,
        t.rateLimited,
        error?.code ?? null,
        error?.message ?? null,
        id,
      );
  }

  /**
   * Adds one committed page (or removal) to a running run's row, in that page's transaction, with
   * the API calls made so far: a run that is killed keeps what it really wrote.
   */
  addProgress(
    id: number,
    p: { added: number; changed: number; removed: number; pages: number; apiCalls: number },
  ): void {
    this.sqlite
      .prepare(
        `UPDATE sync_runs SET added = added + ?, changed = changed + ?, removed = removed + ?, pages = pages + ?,
           api_calls = max(api_calls, ?) WHERE id = ? AND status = 'running'`,
      )
      .run(p.added, p.changed, p.removed, p.pages, p.apiCalls, id);
  }

  /** Runs left 'running' by a process that died; only called while holding the lease. */
  markInterrupted(): number {
    return this.sqlite
      .prepare("UPDATE sync_runs SET status = 'interrupted', ended_at = coalesce(ended_at, ?) WHERE status = 'running'")
      .run(new Date().toISOString()).changes;
  }

  list(limit = 20): SyncRun[] {
    const rows = this.sqlite.prepare('SELECT * FROM sync_runs ORDER BY id DESC LIMIT ?').all(limit) as Record<
      string,
      unknown
    >[];
    return rows.map((r) => ({
      id: r.id as number,
      kind: r.kind as string,
      trigger: r.trigger as string,
      status: r.status as RunStatus,
      startedAt: r.started_at as string,
      endedAt: (r.ended_at as string | null) ?? null,
      added: r.added as number,
      changed: r.changed as number,
      removed: r.removed as number,
      pages: r.pages as number,
      apiCalls: r.api_calls as number,
      retries: r.retries as number,
      rateLimited: r.rate_limited as number,
      resumed: r.resumed === 1,
      errorCode: (r.error_code as string | null) ?? null,
      error: (r.error as string | null) ?? null,
    }));
  }

  lastSuccessful(): SyncRun | null {
    const r = this.sqlite
      .prepare("SELECT id FROM sync_runs WHERE status = 'ok' ORDER BY id DESC LIMIT 1")
      .pluck()
      .get() as number | undefined;
    return r === undefined ? null : (this.list(1_000_000).find((x) => x.id === r) ?? null);
  }
}
