import type { Migration } from './types';

/**
 * An index on `deals.synced_at`. After every sync the O2R cache recomputes only the deals the sync
 * wrote (`loadRowsSyncedSince`, o2r-store/inputs.ts: `synced_at > watermark`); without the index
 * that is a scan of the whole table each time — ~300 ms at 1,000,000 deals on the main process
 * after even an empty delta sync, ~15 ms with it. A first full sync drops it with the other
 * indexes for its bulk load and builds it once at the end (sync/bulk-load.ts), ~1.5 s at 1M.
 */
export const m008DealsSyncedAt: Migration = {
  version: 8,
  name: 'deals-synced-at',
  up(db) {
    db.exec('CREATE INDEX deals_synced_at ON deals(synced_at)');
  },
};
