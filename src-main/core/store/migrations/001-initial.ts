import type { Migration } from './types';

/**
 * The first tables: the deals cache (typed columns for what the product filters and sums on, plus
 * the raw CRM record as JSON so nothing Zoho sent is lost), key/value sync state and settings.
 */
export const m001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE deals (
        id             TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        account_id     TEXT,
        account_name   TEXT,
        owner_id       TEXT,
        owner_name     TEXT,
        owner_email    TEXT,
        stage          TEXT,
        probability    REAL,
        amount         REAL,
        currency       TEXT,
        exchange_rate  REAL,
        amount_home    REAL,
        rate_source    TEXT,
        closing_date   TEXT,
        country        TEXT,
        territory      TEXT,
        service_line   TEXT,
        created_time   TEXT,
        modified_time  TEXT,
        proposal_date  TEXT,
        sow_date       TEXT,
        po_date        TEXT,
        kickoff_date   TEXT,
        invoice_date   TEXT,
        payment_date   TEXT,
        revenue_date   TEXT,
        raw            TEXT NOT NULL,
        synced_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX deals_closing_date ON deals(closing_date);
      CREATE INDEX deals_stage ON deals(stage);
      CREATE INDEX deals_owner ON deals(owner_name);
      CREATE INDEX deals_modified ON deals(modified_time);

      CREATE TABLE sync_state (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
