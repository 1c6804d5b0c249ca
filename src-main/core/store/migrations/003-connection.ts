import type { Migration } from './types';

/**
 * The connected Zoho account's non-secret metadata (one row). The refresh token and client secret
 * are deliberately absent: they live only in the OS keychain (SecretStore), the access token only
 * in memory.
 */
export const m003Connection: Migration = {
  version: 3,
  name: 'connection',
  up(db) {
    db.exec(`
      CREATE TABLE connection (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        state         TEXT NOT NULL CHECK (state IN ('connected', 'reconnect_needed')),
        region        TEXT NOT NULL,
        accounts_url  TEXT NOT NULL,
        api_domain    TEXT NOT NULL,
        client_id     TEXT NOT NULL,
        has_secret    INTEGER NOT NULL,
        flow          TEXT NOT NULL,
        org_id        TEXT,
        org_name      TEXT,
        edition       TEXT,
        user_name     TEXT,
        user_email    TEXT,
        connected_at  TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        last_error    TEXT
      ) STRICT;
    `);
  },
};
