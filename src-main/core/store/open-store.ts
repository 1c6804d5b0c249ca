import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate';

export interface Store {
  /**
   * The one connection: every statement runs on it, synchronously (queries assembled from
   * arguments are built with Kysely first; see sql-builder.ts and ARCHITECTURE.md "The store").
   */
  sqlite: Database.Database;
  file: string;
  /** Migrations applied by this open (empty when the file was already current). */
  appliedMigrations: number[];
  close(): Promise<void>;
}

export const STORE_FILE_NAME = 'pulse.sqlite';

/**
 * Opens (creating if needed) the SQLite store in `dataDir`, with WAL (readers never block the
 * sync writer, and a kill -9 loses at most the open transaction), foreign keys on, and the schema
 * migrated. Throws SchemaTooNewError for a file from a newer app version, leaving it untouched.
 */
export function openStore(dataDir: string): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, STORE_FILE_NAME);
  const sqlite = new Database(file);
  try {
    // 8 KiB pages for a new file (ignored for an existing one): deals rows and their raw JSON fill
    // pages better, and a 100k-deal first sync loads ~10 % faster than with 4 KiB.
    sqlite.pragma('page_size = 8192');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    const appliedMigrations = migrate(sqlite, file);
    return {
      sqlite,
      file,
      appliedMigrations,
      async close() {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
