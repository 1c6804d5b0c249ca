import type { Migration } from './types';

/**
 * Logs one deal. Not INSERT OR IGNORE: a trigger takes the conflict policy of the statement that
 * fired it, and the sync's upsert would then fail on an id already logged.
 */
const log = (row: 'NEW' | 'OLD') => `
  INSERT INTO deal_snapshot_pending (deal_id)
    SELECT ${row}.id WHERE NOT EXISTS (SELECT 1 FROM deal_snapshot_pending WHERE deal_id = ${row}.id);`;

/** The deal columns a daily snapshot keeps (sync/snapshots.ts): a change to any of them is logged. */
const SNAPSHOT_COLUMNS = 'id, stage, amount, amount_home, probability, closing_date';

/**
 * The deals whose snapshot row may be out of date: every insert, delete and change of a snapshot
 * column on `deals` logs the deal's id, so the snapshot a sync takes at its end rewrites those rows
 * only (sync/snapshots.ts). Rewriting every open deal's row after every sync cost ~4.5 s on the
 * main process at 1,000,000 deals even when nothing had changed. Like the dashboard cells'
 * triggers, these are dropped for a first sync's bulk load (sync/bulk-load.ts), which is why a
 * full sync always rewrites the whole day.
 */
export const m009SnapshotPending: Migration = {
  version: 9,
  name: 'snapshot-pending',
  up(db) {
    db.exec(`
      CREATE TABLE deal_snapshot_pending (deal_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
      CREATE TRIGGER deals_snapshot_insert AFTER INSERT ON deals BEGIN ${log('NEW')} END;
      CREATE TRIGGER deals_snapshot_delete AFTER DELETE ON deals BEGIN ${log('OLD')} END;
      CREATE TRIGGER deals_snapshot_update AFTER UPDATE OF ${SNAPSHOT_COLUMNS} ON deals BEGIN
        ${log('OLD')}
        ${log('NEW')}
      END;
    `);
  },
};
