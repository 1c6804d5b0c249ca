/**
 * Reads a big table's pages on another thread while the main thread walks it (rowid-batches.ts),
 * when most of them are not in the OS cache.
 *
 * After a reboot none of the data file is in the OS cache and the walk waits on the disk for
 * every few pages it reads, on the one thread that also builds the columns. A worker with its own
 * read-only connection then scans the table ahead of it (SQLite only: no JavaScript value per
 * row), so the walk mostly finds its pages cached. With the cache warm the scan only competes for
 * the second core (the pass ~0.5 s slower at 1,000,000 deals on 2 cores), so it runs only when 16
 * look-ups spread over the table say the disk is being read (ARCHITECTURE.md, "Deals table on
 * disk"). A hint only: if the worker cannot start or fails, the walk reads the pages itself.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

/** Below this many rows the table is read in well under a second even from disk: no worker. */
export const READ_AHEAD_MIN_ROWS = 100_000;

/** Look-ups that sample the cache; a page from the OS cache takes ~10 µs, one from disk 120 µs+. */
const PROBES = 16;
const FROM_DISK_MS = 0.05;

/**
 * Whether most of the table's pages come from disk: the median time of `PROBES` look-ups spread
 * evenly over its rowids (each reads one leaf page), ~0.3 ms in all when cached, ~2–3 ms cold.
 */
export function mostlyOnDisk(sqlite: Database, table: string, maxRowid: number): boolean {
  const find = sqlite.prepare(`SELECT rowid FROM ${table} WHERE rowid >= ? LIMIT 1`).pluck();
  const times: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const t0 = performance.now();
    find.get(Math.floor(((i + 0.5) / PROBES) * maxRowid));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[PROBES >> 1] > FROM_DISK_MS;
}

/** What the worker runs (CommonJS): one full scan of the table, nothing returned but "done". */
const SCAN = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
try {
  db.pragma('cache_size = -256');
  db.prepare(workerData.sql).get();
} finally {
  db.close();
}
parentPort.postMessage('done');
`;

/** How a read-ahead ended: skipped (small table, no file), finished, failed or stopped. */
export type ReadAheadEnd = 'skipped' | 'finished' | 'failed' | 'stopped';

/** A scan running on another thread; `stop()` ends it (a no-op once it ended). */
export interface ReadAhead {
  stop(): void;
  /** Settles once the scan has ended, saying how (tests and the bench look). */
  readonly ended: Promise<ReadAheadEnd>;
}

const skipped = (): ReadAhead => ({ stop() {}, ended: Promise.resolve('skipped') });

/**
 * Starts reading `table` (a name from code, never from input) ahead of a walk of the whole table,
 * when it is big, lives in a file and is mostly on disk (`evenWhenCached`: tests, which cannot
 * empty the OS cache). The scan reads every row of the table itself (`NOT INDEXED`: a count would
 * walk a smaller index instead).
 */
export function readAhead(sqlite: Database, table: string, evenWhenCached = false): ReadAhead {
  if (sqlite.memory || !sqlite.name) return skipped();
  const rows = sqlite.prepare(`SELECT max(rowid) FROM ${table}`).pluck().get() as number | null;
  if (!rows || rows < READ_AHEAD_MIN_ROWS) return skipped();
  if (!evenWhenCached && !mostlyOnDisk(sqlite, table, rows)) return skipped();
  let worker: Worker;
  try {
    worker = new Worker(SCAN, {
      eval: true,
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 },
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: sqlite.name,
        sql: `SELECT count(*) FROM ${table} NOT INDEXED WHERE rowid IS NOT NULL`,
      },
    });
  } catch {
    return skipped();
  }
  let end: ReadAheadEnd | null = null;
  const ended = new Promise<ReadAheadEnd>((resolve) => {
    const settle = (how: ReadAheadEnd) => {
      end ??= how;
      resolve(end);
    };
    worker.once('message', () => settle('finished'));
    worker.once('error', () => settle('failed')); // a failed hint: the walk reads the pages itself
    worker.once('exit', () => settle('stopped'));
  });
  worker.unref(); // never keeps the process alive
  return {
    stop() {
      if (end === null) void worker.terminate();
    },
    ended,
  };
}
