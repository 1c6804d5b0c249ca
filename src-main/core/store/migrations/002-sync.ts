import type { Migration } from './types';

/**
 * Tables of the sync engine and the currency layer.
 *
 * - `deals.sync_gen` marks the full-sync generation that last saw a deal, so "absent from a
 *   completed full sync" is one DELETE, and a resumed full sync keeps what earlier attempts saw.
 * - `deals.home_rate` is the rate actually used for `amount_home` (units of the deal currency per
 *   one home-currency unit); `rate_source` (001) says where it came from.
 * - `sync_runs` is the history (one row per run, written when it starts and when it ends).
 * - `sync_pages` is the checkpoint log: one row per page committed, in the page's own transaction.
 * - `sync_lease` is a one-row table: the process that may sync this data dir, until `expires_at`.
 * - `deal_fields` / `deal_stages` hold the org's Deal metadata; `field_mapping` the role → field map.
 * - `currencies` (org rates, units per one org base unit) and `currency_overrides` (units per one
 *   home-currency unit, entered by the user).
 * - `deal_snapshots`: one compact row per open deal per day, for "how did the pipeline move".
 */
export const m002Sync: Migration = {
  version: 2,
  name: 'sync',
  up(db) {
    db.exec(`
      ALTER TABLE deals ADD COLUMN sync_gen INTEGER;
      ALTER TABLE deals ADD COLUMN home_rate REAL;
      CREATE INDEX deals_sync_gen ON deals(sync_gen);

      CREATE TABLE sync_runs (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        kind          TEXT NOT NULL,
        trigger       TEXT NOT NULL,
        status        TEXT NOT NULL,
        started_at    TEXT NOT NULL,
        ended_at      TEXT,
        added         INTEGER NOT NULL DEFAULT 0,
        changed       INTEGER NOT NULL DEFAULT 0,
        removed       INTEGER NOT NULL DEFAULT 0,
        pages         INTEGER NOT NULL DEFAULT 0,
        api_calls     INTEGER NOT NULL DEFAULT 0,
        retries       INTEGER NOT NULL DEFAULT 0,
        rate_limited  INTEGER NOT NULL DEFAULT 0,
        resumed       INTEGER NOT NULL DEFAULT 0,
        error_code    TEXT,
        error         TEXT
      ) STRICT;
      CREATE INDEX sync_runs_started ON sync_runs(started_at);

      CREATE TABLE sync_pages (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id      INTEGER NOT NULL,
        gen         INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        part        INTEGER NOT NULL,
        after_id    TEXT,
        last_id     TEXT,
        rows        INTEGER NOT NULL,
        at          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sync_pages_gen ON sync_pages(gen);

      CREATE TABLE sync_lease (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        holder      TEXT NOT NULL,
        pid         INTEGER NOT NULL,
        host        TEXT NOT NULL,
        acquired_at TEXT NOT NULL,
        expires_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE deal_fields (
        api_name    TEXT PRIMARY KEY,
        label       TEXT NOT NULL,
        data_type   TEXT NOT NULL,
        custom      INTEGER NOT NULL,
        read_only   INTEGER NOT NULL,
        json        TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE deal_stages (
        name          TEXT PRIMARY KEY,
        probability   REAL,
        forecast_type TEXT,
        sequence      INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE field_mapping (
        role        TEXT PRIMARY KEY,
        api_name    TEXT,
        source      TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE currencies (
        iso_code      TEXT PRIMARY KEY,
        name          TEXT,
        exchange_rate REAL NOT NULL,
        is_base       INTEGER NOT NULL,
        is_active     INTEGER NOT NULL,
        updated_at    TEXT NOT NULL
      ) STRICT;

      CREATE TABLE currency_overrides (
        iso_code    TEXT PRIMARY KEY,
        rate        REAL NOT NULL CHECK (rate > 0),
        updated_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE deal_snapshots (
        day           TEXT NOT NULL,
        deal_id       TEXT NOT NULL,
        stage         TEXT,
        amount        REAL,
        amount_home   REAL,
        probability   REAL,
        closing_date  TEXT,
        PRIMARY KEY (day, deal_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX deal_snapshots_deal ON deal_snapshots(deal_id, day);
    `);
  },
};
