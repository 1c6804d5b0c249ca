import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { listBackups, type BackupInfo } from './backup';
import { createPrivateFile, PRIVATE_DIR_MODE, SIDECAR_SUFFIXES, tightenFile } from './data-folder';
import { checkWholeFile, LOCAL_TABLES, localCounts, tableNames, type LocalCounts } from './local-tables';
import { LATEST_SCHEMA_VERSION, migrate } from './migrate';
import { STORE_FILE_NAME, openStore } from './open-store';
import { DatabaseDamagedError, isDamageError } from './store-errors';

/**
 * Rebuilding a data file (docs/data-folder.md): the newest good backup becomes the new file,
 * every local table the damaged file can still read whole replaces the backup's (it is newer),
 * the damaged file is moved aside (never deleted), and the deals cache starts empty so the next
 * sync is a full one that refills it from Zoho CRM.
 */

export interface RestoreReport {
  /** The backup the new file started from (null: none was usable, local tables only from salvage). */
  backup: BackupInfo | null;
  /** Local tables taken from the damaged file (readable and intact there). */
  salvaged: string[];
  /** The folder the previous file (and its -wal/-shm) was moved to: damaged/<time> or replaced/<time>. */
  keptDamagedAt: string | null;
  /** What the restored file holds. */
  counts: LocalCounts;
}

export class RestoreError extends Error {
  override name = 'RestoreError';
  readonly code = 'RESTORE_REFUSED';
}

/**
 * Why the data file cannot be used, or null when it is sound: the checks of every open, then
 * the whole file's (the cache too — damage there is otherwise only met when it is read).
 */
export async function storeProblem(dataDir: string): Promise<DatabaseDamagedError | null> {
  let store;
  try {
    store = openStore(dataDir);
  } catch (e) {
    if (e instanceof DatabaseDamagedError) return e;
    throw e;
  }
  try {
    const problem = checkWholeFile(store.sqlite);
    return problem ? new DatabaseDamagedError(store.file, problem) : null;
  } catch (e) {
    if (isDamageError(e)) return new DatabaseDamagedError(store.file, (e as Error).message);
    throw e;
  } finally {
    await store.close();
  }
}

/** A backup is usable when it passes SQLite's full integrity check and is not from a newer app. */
function usable(file: string): boolean {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const version = db.pragma('user_version', { simple: true }) as number;
      return version <= LATEST_SCHEMA_VERSION && db.pragma('integrity_check', { simple: true }) === 'ok';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/**
 * Restores the local data of `dataDir` into a fresh file. Without `backupName` it refuses when
 * the current file is healthy (nothing to restore) and otherwise takes the newest usable backup;
 * with one (a name from listBackups), it rolls back to that backup on purpose, salvaging nothing.
 * The store must not be open in this process; close the app before restoring from a terminal.
 */
export async function restoreLocalData(
  dataDir: string,
  opts: { backupName?: string; now?: Date } = {},
): Promise<RestoreReport> {
  const file = path.join(dataDir, STORE_FILE_NAME);
  const backups = listBackups(dataDir);
  let backup: BackupInfo | null;
  if (opts.backupName) {
    backup = backups.find((b) => path.basename(b.file) === opts.backupName) ?? null;
    if (!backup) throw new RestoreError(`There is no backup named ${opts.backupName} in ${dataDir}.`);
    if (!usable(backup.file)) throw new RestoreError(`The backup ${backup.file} is damaged itself; choose another.`);
  } else {
    if (fs.existsSync(file) && !(await storeProblem(dataDir)))
      throw new RestoreError(`The data file ${file} is not damaged: there is nothing to restore.`);
    backup = backups.find((b) => usable(b.file)) ?? null;
  }

  const staging = `${file}.restoring`;
  fs.rmSync(staging, { force: true });
  if (backup) {
    fs.copyFileSync(backup.file, staging);
    tightenFile(staging);
  } else createPrivateFile(staging);

  const aside = opts.backupName ? 'replaced' : 'damaged';
  const keptDamagedAt = fs.existsSync(file) ? moveAside(dataDir, aside, file, opts.now ?? new Date()) : null;
  let salvaged: string[] = [];
  try {
    const fresh = new Database(staging);
    try {
      fresh.pragma('journal_mode = DELETE');
      migrate(fresh, staging);
      if (keptDamagedAt && !opts.backupName) salvaged = salvage(path.join(keptDamagedAt, STORE_FILE_NAME), fresh);
    } finally {
      fresh.close();
    }
    fs.renameSync(staging, file);
    tightenFile(file);
  } catch (e) {
    // Put the previous file back where it was: better damaged than an empty folder.
    fs.rmSync(staging, { force: true });
    if (keptDamagedAt) moveBack(keptDamagedAt, file);
    throw e;
  }
  const store = openStore(dataDir); // the normal open: WAL, checks — and proof the new file is sound
  try {
    return { backup, salvaged, keptDamagedAt, counts: localCounts(store.sqlite) };
  } finally {
    await store.close();
  }
}

/** Moves the current file and its companions into damaged/<time>/ (or replaced/…): a rename, nothing deleted. */
function moveAside(dataDir: string, folder: string, file: string, now: Date): string {
  const dir = path.join(dataDir, folder, now.toISOString().replace(/[:.]/g, '-'));
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(path.dirname(dir), PRIVATE_DIR_MODE);
  for (const suffix of ['', ...SIDECAR_SUFFIXES]) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, path.join(dir, STORE_FILE_NAME + suffix));
  }
  return dir;
}

function moveBack(from: string, file: string): void {
  for (const suffix of ['', ...SIDECAR_SUFFIXES]) {
    const moved = path.join(from, STORE_FILE_NAME + suffix);
    if (fs.existsSync(moved) && !fs.existsSync(file + suffix)) fs.renameSync(moved, file + suffix);
  }
}

/**
 * Copies every local table that is intact in the damaged file (its own quick_check passes and
 * it reads to the end) over the backup's rows. Only from a file of the same schema version.
 */
function salvage(damagedFile: string, fresh: Database.Database): string[] {
  let old: Database.Database;
  try {
    old = new Database(damagedFile, { readonly: true, fileMustExist: true });
    if (old.pragma('user_version', { simple: true }) !== LATEST_SCHEMA_VERSION) {
      old.close();
      return [];
    }
  } catch {
    return []; // not readable at all (not a database): the backup is all there is
  }
  const taken: string[] = [];
  try {
    const present = new Set(tableNames(old));
    for (const table of LOCAL_TABLES) {
      if (!present.has(table)) continue;
      try {
        if (old.pragma(`quick_check(${table})`, { simple: true }) !== 'ok') continue;
        const rows = old.prepare(`SELECT * FROM ${table}`).raw().all() as unknown[][];
        const columns = old
          .prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`)
          .pluck()
          .all(table) as string[];
        const insert = fresh.prepare(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        );
        fresh.transaction(() => {
          fresh.prepare(`DELETE FROM ${table}`).run();
          for (const row of rows) insert.run(...row);
        })();
        taken.push(table);
      } catch {
        // This table is damaged in the old file: the backup's rows stay.
      }
    }
  } finally {
    old.close();
  }
  return taken;
}
