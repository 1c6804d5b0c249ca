import type { Database } from 'better-sqlite3';
import { dashboardFilterSchema, type DashboardFilter } from '../../../src-shared/contract/schemas';

const KEY = 'pipeline.filter';

/**
 * The shared filter remembered in the workspace's profile (the `settings` table, its own key, so
 * the Settings screen never sees it). A saved value that no longer validates reads as no filter.
 */
export class SavedFilterRepo {
  private readonly read;
  private readonly write;

  constructor(sqlite: Database) {
    this.read = sqlite.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.write = sqlite.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }

  get(): DashboardFilter {
    const row = this.read.get(KEY);
    if (!row) return {};
    try {
      const parsed = dashboardFilterSchema.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  set(filter: DashboardFilter): DashboardFilter {
    this.write.run(KEY, JSON.stringify(filter));
    return filter;
  }
}
