import type { Database } from 'better-sqlite3';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../src-shared/contract/schemas';
import { Hook } from '../events/hook';
import type { KeyValueTable } from '../store/schema';

/**
 * User settings, one row per key in the `settings` table (JSON values); the only way to read or
 * write them. Reads merge the stored values over the defaults; a stored value that no longer
 * validates (e.g. written by an older version with a different range) falls back to its default
 * instead of breaking the app. Synchronous, like every fixed statement (ARCHITECTURE.md, "The store").
 */
export class SettingsRepo {
  readonly events = {
    /** A saved change: the connection re-reads its call cap, the sync its home currency. */
    changed: new Hook<{ before: Settings; after: Settings }>(),
  };
  private readonly rows;
  private readonly put;

  constructor(private readonly sqlite: Database) {
    this.rows = sqlite.prepare<[], KeyValueTable>('SELECT key, value FROM settings');
    this.put = sqlite.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }

  get(): Settings {
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const row of this.rows.all()) {
      if (!(row.key in DEFAULT_SETTINGS)) continue;
      const candidate = { ...merged, [row.key]: JSON.parse(row.value) };
      if (settingsSchema.safeParse(candidate).success) merged[row.key] = candidate[row.key];
    }
    return settingsSchema.parse(merged);
  }

  /** Applies an already-validated partial update in one transaction and returns the result. */
  update(patch: Partial<Settings>): Settings {
    const before = this.get();
    const after = settingsSchema.parse({ ...before, ...patch });
    this.sqlite.transaction(() => {
      for (const [key, value] of Object.entries(patch))
        if (value !== undefined) this.put.run(key, JSON.stringify(value));
    })();
    this.events.changed.emit({ before, after });
    return after;
  }
}
