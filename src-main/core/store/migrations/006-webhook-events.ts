import type { Migration } from './types';

/**
 * The instant-updates receiver's log: one row per accepted notification (when, which operation,
 * which deal ids) and per round-trip test (operation 'test', its nonce in `note`), so the status
 * can say when the last event came and how many arrived today, and a test run from another process
 * (`pulse webhook test` while the app hosts the receiver) sees its sample arrive. Kept short: the
 * service trims it to the newest rows. No token or payload values are stored.
 */
export const m006WebhookEvents: Migration = {
  version: 6,
  name: 'webhook-events',
  up(db) {
    db.exec(`
      CREATE TABLE webhook_events (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        received_at TEXT NOT NULL,
        operation   TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete', 'test')),
        ids         TEXT NOT NULL,
        id_count    INTEGER NOT NULL,
        note        TEXT
      ) STRICT;
      CREATE INDEX webhook_events_received ON webhook_events(received_at);
    `);
  },
};
