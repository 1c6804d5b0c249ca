import type { Database, Statement } from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { WebhookEventsTable } from '../store/schema';
import { SyncKv } from '../sync/state-kv';
import type { AcceptedEvent } from './payload';

/**
 * What is kept about instant updates, in the `settings` table (never the token: that is in the
 * keychain). It is the user's set-up, so it lives with the local data a backup keeps and a restore
 * brings back (docs/data-folder.md); the cache tables are emptied by both.
 */
export interface WebhookConfig {
  enabled: boolean;
  listenHost: string;
  listenPort: number;
  publicUrl: string;
  channelId: string;
  events: string[];
  /** When the channel lapses at Zoho (ISO), null before it was enabled. */
  expiresAt: string | null;
  /** When it was last enabled or renewed (ISO). */
  renewedAt: string | null;
  lastError: string | null;
  lastTest: { at: string; ok: boolean; message: string } | null;
}

const CONFIG_KEY = 'webhook.config';
/** Versions before this one kept the configuration in `sync_state` (a cache table). */
const LEGACY_KEY = CONFIG_KEY;
/** The log keeps this many newest rows. */
const KEEP_EVENTS = 1000;

type EventRow = Selectable<WebhookEventsTable>;

/** The instant-updates configuration and the log of accepted events (migration 006). */
export class WebhookRepo {
  private readonly readConfig: Statement<[string], { value: string }>;
  private readonly writeConfig: Statement<[string, string]>;
  private readonly deleteConfig: Statement<[string]>;
  private readonly insert: Statement;
  private readonly trim: Statement;
  private readonly recentStmt: Statement;
  private readonly countSince: Statement;
  private readonly lastStmt: Statement;
  private readonly nonceStmt: Statement;

  constructor(sqlite: Database) {
    this.readConfig = sqlite.prepare('SELECT value FROM settings WHERE key = ?');
    this.writeConfig = sqlite.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.deleteConfig = sqlite.prepare('DELETE FROM settings WHERE key = ?');
    moveLegacyConfig(sqlite, this.readConfig, this.writeConfig);
    this.insert = sqlite.prepare(
      'INSERT INTO webhook_events (received_at, operation, ids, id_count, note) VALUES (?, ?, ?, ?, ?)',
    );
    this.trim = sqlite.prepare(
      'DELETE FROM webhook_events WHERE id <= (SELECT id FROM webhook_events ORDER BY id DESC LIMIT 1 OFFSET ?)',
    );
    this.recentStmt = sqlite.prepare("SELECT * FROM webhook_events WHERE operation <> 'test' ORDER BY id DESC LIMIT ?");
    this.countSince = sqlite
      .prepare("SELECT count(*) FROM webhook_events WHERE operation <> 'test' AND received_at >= ?")
      .pluck();
    this.lastStmt = sqlite
      .prepare("SELECT received_at FROM webhook_events WHERE operation <> 'test' ORDER BY id DESC LIMIT 1")
      .pluck();
    this.nonceStmt = sqlite
      .prepare("SELECT received_at FROM webhook_events WHERE operation = 'test' AND note = ?")
      .pluck();
  }

  config(): WebhookConfig | null {
    const row = this.readConfig.get(CONFIG_KEY);
    return row ? (JSON.parse(row.value) as WebhookConfig) : null;
  }

  saveConfig(c: WebhookConfig): void {
    this.writeConfig.run(CONFIG_KEY, JSON.stringify(c));
  }

  updateConfig(patch: Partial<WebhookConfig>): WebhookConfig | null {
    const c = this.config();
    if (!c) return null;
    const next = { ...c, ...patch };
    this.saveConfig(next);
    return next;
  }

  clearConfig(): void {
    this.deleteConfig.run(CONFIG_KEY);
  }

  record(e: AcceptedEvent): void {
    this.insert.run(e.at.toISOString(), e.operation, JSON.stringify(e.ids), e.ids.length, e.nonce);
    this.trim.run(KEEP_EVENTS);
  }

  recent(limit: number): { at: string; operation: EventRow['operation']; ids: string[]; count: number }[] {
    return (this.recentStmt.all(limit) as EventRow[]).map((r) => ({
      at: r.received_at,
      operation: r.operation,
      ids: JSON.parse(r.ids) as string[],
      count: r.id_count,
    }));
  }

  eventsSince(iso: string): number {
    return this.countSince.get(iso) as number;
  }

  lastEventAt(): string | null {
    return (this.lastStmt.get() as string | undefined) ?? null;
  }

  /** When the round-trip test with this nonce arrived (from any process), or null. */
  testArrivedAt(nonce: string): string | null {
    return (this.nonceStmt.get(nonce) as string | undefined) ?? null;
  }
}

/** Moves a configuration an older version left in `sync_state` into `settings`, once. */
function moveLegacyConfig(
  sqlite: Database,
  read: Statement<[string], { value: string }>,
  write: Statement<[string, string]>,
): void {
  const legacy = new SyncKv(sqlite);
  const old = legacy.get<WebhookConfig>(LEGACY_KEY);
  if (old === undefined) return;
  sqlite.transaction(() => {
    if (!read.get(CONFIG_KEY)) write.run(CONFIG_KEY, JSON.stringify(old));
    legacy.delete(LEGACY_KEY);
  })();
}
