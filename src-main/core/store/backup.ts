import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile, PRIVATE_DIR_MODE, tightenFile } from './data-folder';
import { CACHE_TABLES, tableNames } from './local-tables';

/**
 * Rolling backups of the data only this computer has (docs/data-folder.md). A backup is a copy
 * of the store taken with SQLite's online backup (consistent while the app writes), with the
 * cache tables emptied, so it is small (the local rows and the schema) and can itself be opened
 * as a data file: restoring is "this file becomes pulse.sqlite, then sync again".
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

/**
 * Empties the cache tables of a fresh copy and compacts it. Dropping and re-creating (from the
 * schema's own SQL) is ~20× faster than DELETE for 100,000 deals; the copy keeps the exact schema.
 */
function trimToLocal(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE'); // one self-contained file
    db.pragma('foreign_keys = OFF');
    const present = new Set(tableNames(db));
    const cache = CACHE_TABLES.filter((t) => present.has(t));
    const marks = cache.map(() => '?').join(', ');
    const schema = db
      .prepare(
        `SELECT sql FROM sqlite_schema WHERE tbl_name IN (${marks}) AND sql IS NOT NULL ORDER BY type = 'index', rowid`,
      )
      .pluck()
      .all(...cache) as string[];
    db.transaction(() => {
      for (const t of cache) db.exec(`DROP TABLE ${t}`);
      for (const sql of schema) db.exec(sql);
    })();
    db.exec('VACUUM');
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the backup copy failed its integrity check: ${String(check)}`);
  } finally {
    db.close();
  }
}

function stagingFile(dir: string): string {
  return path.join(dir, `.partial-${crypto.randomBytes(6).toString('hex')}.sqlite`);
}

function finish(dataDir: string, staging: string, at: Date, reason: string, keep: number): BackupInfo {
  try {
    trimToLocal(staging);
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

/** An online backup (SQLite's backup API, in steps: the app keeps working meanwhile). */
export async function takeBackup(
  sqlite: Database.Database,
  dataDir: string,
  reason: string,
  opts: { now?: Date; keep?: number } = {},
): Promise<BackupInfo> {
  const staging = stagingFile(prepareDir(dataDir));
  createPrivateFile(staging);
  try {
    await sqlite.backup(staging);
  } catch (e) {
    fs.rmSync(staging, { force: true });
    throw e;
  }
  return finish(dataDir, staging, opts.now ?? new Date(), reason, opts.keep ?? BACKUPS_KEPT);
}

/**
 * The same, synchronously (VACUUM INTO): for the backup taken before a migration, which must be
 * complete before the first migration step runs.
 */
export function takeBackupSync(
  sqlite: Database.Database,
  dataDir: string,
  reason: string,
  opts: { now?: Date; keep?: number } = {},
): BackupInfo {
  const staging = stagingFile(prepareDir(dataDir));
  createPrivateFile(staging); // VACUUM INTO accepts an empty file, and keeps its permissions
  sqlite.prepare('VACUUM INTO ?').run(staging);
  return finish(dataDir, staging, opts.now ?? new Date(), reason, opts.keep ?? BACKUPS_KEPT);
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
