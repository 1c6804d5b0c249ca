import type { Database } from 'better-sqlite3';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import type { Lease } from '../store/lease';
import type { SyncKv } from './state-kv';

/** A secondary index of `deals`, as SQLite stores its definition. */
export interface IndexDef {
  name: string;
  sql: string;
}

/**
 * Loading a first full sync into an empty cache: maintaining five secondary indexes row by row
 * costs more than building them once at the end (a sort), so they are dropped for the load and
 * rebuilt when the full sync finalizes. The definitions are taken from sqlite_master (so the
 * migrations stay the only place that defines them) and kept in the checkpoint, so a load cut by
 * a kill still gets them back when the resumed sync ends.
 */
export function dropDealIndexes(sqlite: Database): IndexDef[] {
  const defs = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deals' AND sql IS NOT NULL")
    .all() as IndexDef[];
  sqlite.transaction(() => {
    for (const d of defs) sqlite.exec(`DROP INDEX IF EXISTS "${d.name.replace(/"/g, '""')}"`);
  })();
  return defs;
}

export function restoreIndexes(sqlite: Database, defs: readonly IndexDef[]): void {
  sqlite.transaction(() => {
    for (const d of defs)
      sqlite.exec(
        d.sql.replace(
          /^CREATE (UNIQUE )?INDEX (IF NOT EXISTS )?/i,
          (_m, u: string | undefined) => `CREATE ${u ?? ''}INDEX IF NOT EXISTS `,
        ),
      );
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
 * Write settings for the length of a sync on this connection: a 16 MB page cache (64 MB was not
 * faster for 100k deals but held the main process ~50 MB above its 300 MB budget), and WAL
 * checkpoints every ~40 MB instead of every 4 MB (each checkpoint copies the log into the file;
 * fewer, larger ones write less). Durability is unchanged (WAL + synchronous NORMAL). Returns the
 * function that restores the defaults and checkpoints what is left.
 */
export function fastWrites(sqlite: Database): () => void {
  const cache = sqlite.pragma('cache_size', { simple: true }) as number;
  const ckpt = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  sqlite.pragma('cache_size = -16384');
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
