import type { Kysely } from 'kysely';
import type { DB } from './schema';

/** Small JSON values about sync (cursors, last run, lease) keyed by name. */
export class SyncStateRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async get<T>(key: string): Promise<T | undefined> {
    const row = await this.db.selectFrom('sync_state').select('value').where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    const now = new Date().toISOString();
    await this.db
      .insertInto('sync_state')
      .values({ key, value: json, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now }))
      .execute();
  }
}
