import type { Database } from 'better-sqlite3';

/**
 * Every table of the store, by what losing it would cost (docs/data-folder.md). A new migration
 * must put each new table in one of these lists; tests/store/local-tables.test.ts checks it.
 */

/**
 * Rows that exist only on this computer — Zoho CRM cannot give them back: blockers, comments,
 * review notes and marks, the strategic flag, queued edits, settings, the field mapping the user
 * chose, currency overrides, the connection's (non-secret) details. Checked at every open,
 * kept by every backup, and what a restore brings back.
 */
export const LOCAL_TABLES = [
  'settings',
  'connection',
  'field_mapping',
  'currency_overrides',
  'o2r_settings',
  'o2r_edits',
  'o2r_blockers',
  'o2r_comments',
  'o2r_flags',
  'o2r_review_notes',
  'o2r_health_history',
] as const;

/** Small tables a backup keeps as they are; the next sync refreshes them anyway. */
export const KEPT_TABLES = [
  'migration_log',
  'sync_runs',
  'deal_fields',
  'deal_stages',
  'currencies',
  'o2r_alerts',
] as const;

/**
 * The cache Zoho CRM refills (deals, their raw records), state that only describes it (sync
 * cursor, checkpoint, page log, leases, each deal's values at the previous sync, the log of
 * instant-update deliveries) and the daily snapshots (a year of them is far bigger than everything else) with
 * the log of deals whose row in today's snapshot is out of date. Emptied in a backup.
 */
export const CACHE_TABLES = [
  'deals',
  'deal_raw',
  'deal_dashboard_cells',
  'deal_snapshots',
  'deal_snapshot_pending',
  'sync_pages',
  'sync_state',
  'sync_lease',
  'o2r_push_lease',
  'o2r_deal_prev',
  'webhook_events',
] as const;

/** The tables of a store (SQLite's own sqlite_* tables left out). */
export function tableNames(sqlite: Database): string[] {
  return sqlite
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

/**
 * `PRAGMA quick_check` of the local tables and their indexes only: about a millisecond, where the
 * whole file (the deals cache) takes a few hundred at 100,000 deals. A damaged cache page is
 * found when it is read, and the cache can be refilled; local rows cannot. Returns the first
 * problem, or null.
 */
export function checkLocalTables(sqlite: Database): string | null {
  const present = new Set(tableNames(sqlite));
  for (const table of LOCAL_TABLES) {
    if (!present.has(table)) continue;
    const result = sqlite.pragma(`quick_check(${table})`, { simple: true }) as string;
    if (result !== 'ok') {
      const detail = result.split('\n').find((l) => !l.startsWith('***')) ?? result;
      return `the ${table} table fails its check: ${detail}`;
    }
  }
  return null;
}

/** SQLite's quick_check of the whole file (the cache included): the first problem, or null. */
export function checkWholeFile(sqlite: Database): string | null {
  const result = sqlite.pragma('quick_check', { simple: true }) as string;
  if (result === 'ok') return null;
  return `the file fails its check: ${result.split('\n').find((l) => !l.startsWith('***')) ?? result}`;
}

/** Row counts of what a user would miss, for backup listings and the restore report. */
export interface LocalCounts {
  blockers: number;
  comments: number;
  reviewNotes: number;
  queuedEdits: number;
  strategic: number;
}

export function localCounts(sqlite: Database): LocalCounts {
  const present = new Set(tableNames(sqlite));
  const count = (table: string, where = '1') =>
    present.has(table) ? (sqlite.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get() as number) : 0;
  return {
    blockers: count('o2r_blockers'),
    comments: count('o2r_comments'),
    reviewNotes: count('o2r_review_notes'),
    queuedEdits: count('o2r_edits', "status <> 'confirmed'"),
    strategic: count('o2r_flags', 'strategic = 1'),
  };
}

/** True when any local table holds a row (a brand-new profile has nothing worth a backup). */
export function hasLocalData(sqlite: Database): boolean {
  const present = new Set(tableNames(sqlite));
  return LOCAL_TABLES.some((t) => present.has(t) && sqlite.prepare(`SELECT 1 FROM ${t} LIMIT 1`).get() !== undefined);
}
