import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { takeBackup } from './backup';
import { createPrivateFile, isFileWritable, prepareDataFolder, SIDECAR_SUFFIXES, tightenFile } from './data-folder';
import { checkLocalTables, hasLocalData } from './local-tables';
import { LATEST_SCHEMA_VERSION, migrate, SchemaTooNewError } from './migrate';
import { DatabaseDamagedError, isDamageError, ReadOnlyDataError } from './store-errors';

export interface Store {
  /**
   * The one connection: every statement runs on it, synchronously (queries assembled from
   * arguments are built with Kysely first; see sql-builder.ts and ARCHITECTURE.md "The store").
   */
  sqlite: Database.Database;
  file: string;
  /** Migrations applied by this open (empty when the file was already current). */
  appliedMigrations: number[];
  /** This user may not write the data folder: reads work, every write fails (ReadOnlyDataError). */
  readOnly: boolean;
  close(): Promise<void>;
}

export const STORE_FILE_NAME = 'pulse.sqlite';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * A file that does not even start like a SQLite database is refused before SQLite opens it, so
 * nothing (no -wal or -shm) is created next to it.
 */
function checkHeader(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return; // missing (created later) or unreadable (SQLite will say so)
  }
  try {
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    if (n === 0) return; // an empty file is an empty database
    if (n < head.length || !head.equals(SQLITE_MAGIC))
      throw new DatabaseDamagedError(file, 'it does not start like a SQLite database');
  } finally {
    fs.closeSync(fd);
  }
}

/** Runs the checks every open makes; SQLite's damage errors become DatabaseDamagedError. */
function checked<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isDamageError(e)) throw new DatabaseDamagedError(file, (e as Error).message);
    throw e;
  }
}

function wrap(
  sqlite: Database.Database,
  file: string,
  appliedMigrations: number[],
  readOnly: boolean,
  cleanup = () => {},
): Store {
  return {
    sqlite,
    file,
    appliedMigrations,
    readOnly,
    async close() {
      if (sqlite.open) sqlite.close();
      cleanup();
    },
  };
}

/**
 * Opens (creating if needed) the SQLite store in `dataDir`, with WAL (readers never block the
 * sync writer, and a kill -9 loses at most the open transaction), foreign keys on, and the schema
 * migrated — after a backup of the local data when a migration is due (docs/data-folder.md).
 *
 * The folder and file are made private (0700 / 0600). A folder this user cannot write opens
 * read-only. Refuses, each with the path and what to do: a path that is a file
 * (DataFolderError), a damaged file (DatabaseDamagedError: not a database, or a local table
 * failing its check), a file from a newer app version (SchemaTooNewError; left untouched).
 */
export function openStore(dataDir: string): Store {
  const folder = prepareDataFolder(dataDir);
  const file = path.join(dataDir, STORE_FILE_NAME);
  checkHeader(file);
  if (!folder.writable || !isFileWritable(file)) return openReadOnly(dataDir, file);
  if (fs.existsSync(file)) tightenFile(file);
  else createPrivateFile(file);
  const sidecarsBefore = SIDECAR_SUFFIXES.filter((s) => fs.existsSync(file + s));
  const sqlite = new Database(file);
  try {
    checked(file, () => {
      // 8 KiB pages for a new file (ignored for an existing one): deals rows and their raw JSON
      // fill pages better, and a 100k-deal first sync loads ~10 % faster than with 4 KiB.
      sqlite.pragma('page_size = 8192');
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('busy_timeout = 5000');
      const problem = checkLocalTables(sqlite);
      if (problem) throw new DatabaseDamagedError(file, problem);
    });
    const appliedMigrations = checked(file, () => migrateWithBackup(sqlite, dataDir, file));
    tightenFile(file); // the -wal and -shm SQLite just created
    return wrap(sqlite, file, appliedMigrations, false);
  } catch (error) {
    sqlite.close();
    // Leave a damaged file as we found it: no -wal / -shm of ours next to it.
    if (error instanceof DatabaseDamagedError)
      for (const s of SIDECAR_SUFFIXES) if (!sidecarsBefore.includes(s)) fs.rmSync(file + s, { force: true });
    throw error;
  }
}

/** A migration changes the file: the local data is copied to backups/ first. */
function migrateWithBackup(sqlite: Database.Database, dataDir: string, file: string): number[] {
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  if (current > 0 && current < LATEST_SCHEMA_VERSION && hasLocalData(sqlite))
    takeBackup(sqlite, dataDir, `before-migration-${LATEST_SCHEMA_VERSION}`);
  return migrate(sqlite, file);
}

/**
 * Read-only: `pulse status` and `pulse export` work on a folder this user may only read. A WAL
 * database there cannot be opened in place when SQLite may not create its -shm file, so a
 * private copy in the temp folder is read instead (removed on close).
 */
function openReadOnly(dataDir: string, file: string): Store {
  if (!fs.existsSync(file))
    throw new ReadOnlyDataError(dataDir, 'it holds no Pipeline Pulse data yet, and none can be saved there');
  let sqlite: Database.Database;
  let cleanup = () => {};
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    sqlite.pragma('user_version');
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_READONLY') && code !== 'SQLITE_CANTOPEN') throw e;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-readonly-'));
    const copy = path.join(dir, STORE_FILE_NAME);
    fs.copyFileSync(file, copy);
    if (fs.existsSync(file + '-wal')) fs.copyFileSync(file + '-wal', copy + '-wal');
    sqlite = new Database(copy, { readonly: true, fileMustExist: true });
    cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  }
  try {
    checked(file, () => {
      const problem = checkLocalTables(sqlite);
      if (problem) throw new DatabaseDamagedError(file, problem);
      const version = sqlite.pragma('user_version', { simple: true }) as number;
      if (version > LATEST_SCHEMA_VERSION) throw new SchemaTooNewError(file, version, LATEST_SCHEMA_VERSION);
      if (version < LATEST_SCHEMA_VERSION)
        throw new ReadOnlyDataError(
          dataDir,
          'its data is from an older version and must be upgraded, which needs write access',
        );
    });
    return wrap(sqlite, file, [], true, cleanup);
  } catch (error) {
    sqlite.close();
    cleanup();
    throw error;
  }
}
