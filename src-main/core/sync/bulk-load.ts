import type { Database } from 'better-sqlite3';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import type { Lease } from '../store/lease';
import { rebuildDashboardCells } from '../store/dashboard-cells';
import { quoteName } from '../store/sql-builder';
import type { SyncKv } from './state-kv';

/** A secondary index (or a trigger) of `deals`, as SQLite stores its definition. */
export interface IndexDef {
  name: string;
  sql: string;
}

const isTrigger = (d: IndexDef) => /^CREATE\s+TRIGGER\b/i.test(d.sql);

/**
 * Loading a first full sync into an empty cache: maintaining the secondary indexes and the
 * dashboard cells' triggers row by row costs more than building them once at the end (a sort, one
 * GROUP BY), so they are dropped for the load and rebuilt when the full sync finalizes. The
 * definitions are taken from sqlite_master (so the migrations stay the only place that defines
 * them) and kept in the checkpoint, so a load cut by a kill still gets them back when the resumed
 * sync ends. While the triggers are gone the dashboard reads the deals (dashboard-summary.ts).
 */
export function dropDealIndexes(sqlite: Database): IndexDef[] {
  const defs = sqlite
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = 'deals' AND sql IS NOT NULL",
    )
    .all() as IndexDef[];
  sqlite.transaction(() => {
    for (const d of defs) sqlite.exec(`DROP ${isTrigger(d) ? 'TRIGGER' : 'INDEX'} IF EXISTS ${quoteName(d.name)}`);
  })();
  return defs;
}

/** Puts back what dropDealIndexes took; with the triggers back, the cells are summed afresh. */
export function restoreIndexes(sqlite: Database, defs: readonly IndexDef[]): void {
  sqlite.transaction(() => {
    for (const d of defs)
      sqlite.exec(
        d.sql.replace(
          /^CREATE (UNIQUE )?(INDEX|TRIGGER) (IF NOT EXISTS )?/i,
          (_m, u: string | undefined, kind: string) => `CREATE ${u ?? ''}${kind} IF NOT EXISTS `,
        ),
      );
    if (defs.some(isTrigger)) rebuildDashboardCells(sqlite);
  })();
}

/**
 * A first full sync killed during its bulk load leaves `deals` without its secondary indexes
 * (their definitions wait in its checkpoint for its finalize step). Every core that opens the data
 * folder puts them back at once, unless another live process holds the sync lease (it is loading
 * right now and rebuilds them at its end). The checkpoint keeps its place; only its list of
 * dropped indexes is emptied. Returns the names rebuilt.
 */
export function restoreAbandonedIndexes(kv: SyncKv, lease: Lease): string[] {
  return kv.sqlite
    .transaction((): string[] => {
      const cp = loadCheckpoint(kv);
      if (!cp?.droppedIndexes?.length || lease.heldElsewhere()) return [];
      restoreIndexes(kv.sqlite, cp.droppedIndexes);
      saveCheckpoint(kv, { ...cp, droppedIndexes: [] });
      return cp.droppedIndexes.map((d) => d.name);
    })
    .immediate();
}

/**
 * Write settings for the length of a sync on this connection: an 8 MB page cache (neither 16 MB
 * nor 64 MB wrote 100k deals faster — `npm run bench`, ingest: 1.90 s with 8 MB, 1.92 s with 16 —
 * but each held the main process that much nearer its 300 MB budget: peak 283–287 MB with 8 MB,
 * 292–312 MB with 16, ~50 MB over with 64), and WAL
 * checkpoints every ~40 MB instead of every 4 MB (each checkpoint copies the log into the file;
 * fewer, larger ones write less). Durability is unchanged (WAL + synchronous NORMAL). Returns the
 * function that restores the defaults and checkpoints what is left.
 */
export function fastWrites(sqlite: Database): () => void {
  const cache = sqlite.pragma('cache_size', { simple: true }) as number;
  const ckpt = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  sqlite.pragma('cache_size = -8192');
  sqlite.pragma('wal_autocheckpoint = 10000');
  return () => {
    sqlite.pragma(`cache_size = ${cache}`);
    sqlite.pragma(`wal_autocheckpoint = ${ckpt}`);
    try {
      sqlite.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A reader holding the log open only delays the checkpoint; SQLite retries later.
    }
  };
}
