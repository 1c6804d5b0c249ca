import type { Kysely } from 'kysely';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../src-shared/contract/schemas';
import type { DB } from '../store/schema';

/**
 * User settings, one row per key in the `settings` table (JSON values). Reads merge the stored
 * values over the defaults; a stored value that no longer validates (e.g. written by an older
 * version with a different range) falls back to its default instead of breaking the app.
 */
export class SettingsRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async get(): Promise<Settings> {
    const rows = await this.db.selectFrom('settings').selectAll().execute();
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const row of rows) {
      if (!(row.key in DEFAULT_SETTINGS)) continue;
      const candidate = { ...merged, [row.key]: JSON.parse(row.value) };
      if (settingsSchema.safeParse(candidate).success) merged[row.key] = candidate[row.key];
    }
    return settingsSchema.parse(merged);
  }

  /** Applies an already-validated partial update in one transaction and returns the result. */
  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = settingsSchema.parse({ ...(await this.get()), ...patch });
    await this.db.transaction().execute(async (tx) => {
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        await tx
          .insertInto('settings')
          .values({ key, value: JSON.stringify(value) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
          .execute();
      }
    });
    return next;
  }
}
