import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile, PRIVATE_DIR_MODE, tightenFile } from './data-folder';
import { CACHE_TABLES, tableNames } from './local-tables';
import { quoteName } from './sql-builder';

/**
 * Rolling backups of the data only this computer has (docs/data-folder.md). A backup is a new
 * file with the store's whole schema and the rows of every table but the cache's (read in one
 * transaction), so it is small (the local rows and the schema) and can itself be opened as a data
 * file: restoring is "this file becomes pulse.sqlite, then sync again".
 */

export const BACKUP_DIR_NAME = 'backups';
/** How many backups are kept (daily ones and those taken before a migration, together). */
export const BACKUPS_KEPT = 10;
export const DAILY_BACKUP_MS = 24 * 60 * 60 * 1000;

export interface BackupInfo {
  file: string;
  /** When it was taken (ISO). */
  at: string;
  /** 'daily', 'manual', 'before-migration-6', 'before-restore' … */
  reason: string;
  bytes: number;
}

const NAME = /^pulse-local-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-([a-z0-9-]+)\.sqlite$/;

export function backupDir(dataDir: string): string {
  return path.join(dataDir, BACKUP_DIR_NAME);
}

function backupName(at: Date, reason: string): string {
  return `pulse-local-${at.toISOString().replace(/[:.]/g, '-')}-${reason}.sqlite`;
}

/** The backups of a data folder, newest first. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupInfo[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    try {
      out.push({ file, at: `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`, reason: m[6], bytes: fs.statSync(file).size });
    } catch {
      // removed meanwhile
    }
  }
  return out.sort((a, b) => b.at.localeCompare(a.at) || b.file.localeCompare(a.file));
}

export function dailyBackupDue(dataDir: string, now = Date.now()): boolean {
  const newest = listBackups(dataDir)[0];
  return !newest || now - Date.parse(newest.at) >= DAILY_BACKUP_MS;
}

/** Name under which the backup file is attached to the store's connection while rows are copied. */
const COPY = 'pulse_backup_copy';

interface SchemaEntry {
  type: string;
  sql: string;
}

/**
 * Writes the backup file `target`: the store's whole schema (every table, index and trigger as
 * SQLite keeps their SQL, the schema version) with the rows of every table but the cache's, read
 * in one transaction, so the copy is as consistent as the app's own view. Copying the whole file
 * and emptying the cache afterwards wrote ~1.7 GB to keep ~40 MB at 1,000,000 deals (6 s for the
 * daily backup, ~9 s of a frozen start before a migration); the local rows alone take well under
 * a second. Indexes and triggers are made after the rows are in (faster; no trigger fires).
 */
function writeLocalCopy(sqlite: Database.Database, target: string): void {
  const schema = sqlite
    .prepare("SELECT type, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
    .all() as SchemaEntry[];
  const cache = new Set<string>(CACHE_TABLES);
  const kept = tableNames(sqlite).filter((t) => !cache.has(t));
  const copy = new Database(target);
  try {
    copy.pragma(`page_size = ${sqlite.pragma('page_size', { simple: true }) as number}`);
    copy.pragma('journal_mode = DELETE'); // one self-contained file
    copy.transaction(() => {
      for (const s of schema) if (s.type === 'table') copy.exec(s.sql);
    })();
  } finally {
    copy.close();
  }
  sqlite.prepare(`ATTACH DATABASE ? AS ${COPY}`).run(target);
  try {
    sqlite.transaction(() => {
      for (const t of kept) sqlite.exec(`INSERT INTO ${COPY}.${quoteName(t)} SELECT * FROM main.${quoteName(t)}`);
      // AUTOINCREMENT counters, so a restored table never hands out an id it used before.
      if (sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'").get()) {
        sqlite.exec(`DELETE FROM ${COPY}.sqlite_sequence`);
        const marks = kept.map(() => '?').join(', ');
        sqlite
          .prepare(`INSERT INTO ${COPY}.sqlite_sequence SELECT * FROM main.sqlite_sequence WHERE name IN (${marks})`)
          .run(...kept);
      }
    })();
  } finally {
    sqlite.exec(`DETACH DATABASE ${COPY}`);
  }
  const done = new Database(target);
  try {
    done.transaction(() => {
      for (const s of schema) if (s.type !== 'table') done.exec(s.sql);
    })();
    done.pragma(`user_version = ${sqlite.pragma('user_version', { simple: true }) as number}`);
    const check = done.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the backup copy failed its integrity check: ${String(check)}`);
  } finally {
    done.close();
  }
}

function stagingFile(dir: string): string {
  return path.join(dir, `.partial-${crypto.randomBytes(6).toString('hex')}.sqlite`);
}

function finish(
  sqlite: Database.Database,
  dataDir: string,
  staging: string,
  at: Date,
  reason: string,
  keep: number,
): BackupInfo {
  try {
    writeLocalCopy(sqlite, staging);
    let file = path.join(backupDir(dataDir), backupName(at, reason));
    // Two backups in the same millisecond (a script calling `pulse backup` in a loop): never overwrite.
    for (let n = 2; fs.existsSync(file); n++) file = path.join(backupDir(dataDir), backupName(at, `${reason}-${n}`));
    fs.renameSync(staging, file);
    tightenFile(file);
    pruneBackups(dataDir, keep);
    return listBackups(dataDir).find((b) => b.file === file) ?? { file, at: at.toISOString(), reason, bytes: 0 };
  } catch (e) {
    fs.rmSync(staging, { force: true });
    throw e;
  }
}

function prepareDir(dataDir: string): string {
  const dir = backupDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
  return dir;
}

/**
 * A backup now: the local rows copied into a new file (writeLocalCopy), checked, then named and
 * the oldest beyond `keep` removed. Synchronous: the backup before a migration must be complete
 * before the first migration step runs, and the rows it copies take well under a second.
 */
export function takeBackup(
  sqlite: Database.Database,
  dataDir: string,
  reason: string,
  opts: { now?: Date; keep?: number } = {},
): BackupInfo {
  const staging = stagingFile(prepareDir(dataDir));
  createPrivateFile(staging); // SQLite accepts an empty file as a new database, and keeps its permissions
  return finish(sqlite, dataDir, staging, opts.now ?? new Date(), reason, opts.keep ?? BACKUPS_KEPT);
}

/** Keeps the newest `keep` backups; also clears copies a crash left half-written. */
export function pruneBackups(dataDir: string, keep = BACKUPS_KEPT): void {
  for (const old of listBackups(dataDir).slice(keep)) fs.rmSync(old.file, { force: true });
  const dir = backupDir(dataDir);
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith('.partial-')) continue;
    const file = path.join(dir, name);
    // Only ones clearly abandoned: another process may be writing one right now.
    if (Date.now() - fs.statSync(file).mtimeMs > 60 * 60 * 1000) fs.rmSync(file, { force: true });
  }
}
