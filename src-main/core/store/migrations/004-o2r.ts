import type { Migration } from './types';

/**
 * O2R tables: the data Zoho does not hold, and the write-back outbox.
 *
 * - `o2r_settings`: one JSON row (thresholds, stage → phase table, tracked roles); absent = defaults.
 * - `o2r_edits`: the outbox. One row per edited field of a deal; at most one *active* row per
 *   (deal, field) (partial unique index), so a second edit of the same field while the first is
 *   unsent simply replaces the value and keeps the CRM value it was based on. Rows are written in
 *   the same transaction as the local deal row. `sent_value` is what a PUT in flight carries, so
 *   a restart can tell "Zoho has it" from "never arrived". Confirmed rows stay as history (and as
 *   "updated this week" evidence) but are no longer part of the outbox.
 * - `o2r_blockers`, `o2r_comments`, `o2r_flags` (strategic, last local edit), `o2r_review_notes`
 *   (note and reviewed mark per week), `o2r_health_history` (health per week, for movement):
 *   local only, keyed by deal id, never touched by a sync.
 * - `o2r_deal_prev` / `o2r_alerts`: each deal's values at the previous sync, and the data-quality
 *   alerts found by comparing them with the next one.
 * - `o2r_push_lease`: the one process pushing the outbox of this data dir (app or `pulse o2r push`).
 */
export const m004O2r: Migration = {
  version: 4,
  name: 'o2r',
  up(db) {
    db.exec(`
      CREATE TABLE o2r_settings (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        json        TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE o2r_edits (
        id                 INTEGER PRIMARY KEY AUTOINCREMENT,
        deal_id            TEXT NOT NULL,
        field              TEXT NOT NULL,
        api_name           TEXT NOT NULL,
        milestone          INTEGER NOT NULL,
        base_value         TEXT NOT NULL,
        base_modified_time TEXT,
        new_value          TEXT NOT NULL,
        sent_value         TEXT,
        status             TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'conflict', 'confirmed')),
        retryable          INTEGER NOT NULL DEFAULT 1,
        crm_value          TEXT,
        crm_modified_time  TEXT,
        error_code         TEXT,
        error_message      TEXT,
        attempts           INTEGER NOT NULL DEFAULT 0,
        next_attempt_at    INTEGER NOT NULL DEFAULT 0,
        created_at         TEXT NOT NULL,
        updated_at         TEXT NOT NULL,
        sent_at            TEXT,
        confirmed_at       TEXT
      ) STRICT;
      CREATE UNIQUE INDEX o2r_edits_active ON o2r_edits(deal_id, field) WHERE status <> 'confirmed';
      CREATE INDEX o2r_edits_status ON o2r_edits(status, next_attempt_at);
      CREATE INDEX o2r_edits_deal ON o2r_edits(deal_id, updated_at);

      CREATE TABLE o2r_blockers (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        deal_id      TEXT NOT NULL,
        reason       TEXT NOT NULL,
        opened_on    TEXT NOT NULL,
        resolved_on  TEXT,
        resolution   TEXT,
        created_at   TEXT NOT NULL
      ) STRICT;
      CREATE INDEX o2r_blockers_deal ON o2r_blockers(deal_id);

      CREATE TABLE o2r_comments (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        deal_id     TEXT NOT NULL,
        text        TEXT NOT NULL,
        created_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX o2r_comments_deal ON o2r_comments(deal_id, created_at);

      CREATE TABLE o2r_flags (
        deal_id          TEXT PRIMARY KEY,
        strategic        INTEGER NOT NULL DEFAULT 0,
        last_local_edit  TEXT
      ) STRICT;

      CREATE TABLE o2r_review_notes (
        week         TEXT NOT NULL,
        deal_id      TEXT NOT NULL,
        note         TEXT,
        reviewed_at  TEXT,
        updated_at   TEXT NOT NULL,
        PRIMARY KEY (week, deal_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE o2r_health_history (
        week     TEXT NOT NULL,
        deal_id  TEXT NOT NULL,
        health   TEXT NOT NULL,
        PRIMARY KEY (week, deal_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE o2r_deal_prev (
        deal_id       TEXT PRIMARY KEY,
        stage         TEXT,
        amount_home   REAL,
        probability   REAL,
        closing_date  TEXT,
        synced_at     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE o2r_alerts (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        deal_id      TEXT NOT NULL,
        kind         TEXT NOT NULL,
        message      TEXT NOT NULL,
        before       TEXT,
        after        TEXT,
        detected_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX o2r_alerts_detected ON o2r_alerts(detected_at);
      CREATE INDEX o2r_alerts_deal ON o2r_alerts(deal_id);

      CREATE TABLE o2r_push_lease (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        holder       TEXT NOT NULL,
        pid          INTEGER NOT NULL,
        host         TEXT NOT NULL,
        expires_at   INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
