import type { Database } from 'better-sqlite3';
import { migrations as allMigrations, LATEST_SCHEMA_VERSION } from './migrations/index';
import type { Migration } from './migrations/types';

/** The database was written by a newer Pipeline Pulse; opening it could corrupt it. */
export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
  readonly code = 'SCHEMA_TOO_NEW';
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The data file ${file} was written by a newer version of Pipeline Pulse (schema ${found}; ` +
        `this version understands up to ${supported}). Update the app, or choose another data directory.`,
    );
  }
}

/**
 * Brings the schema up to date. The version lives in PRAGMA user_version; each step runs in its own
 * transaction together with the version bump and a row in migration_log, so a crash mid-migration
 * leaves the previous version intact. Returns the versions applied.
 */
export function migrate(db: Database, file: string, migrations: readonly Migration[] = allMigrations): number[] {
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) throw new SchemaTooNewError(file, current, latest);

  db.exec(`CREATE TABLE IF NOT EXISTS migration_log (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const log = db.prepare('INSERT INTO migration_log (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      log.run(m.version, m.name, new Date().toISOString());
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}

export { LATEST_SCHEMA_VERSION };
