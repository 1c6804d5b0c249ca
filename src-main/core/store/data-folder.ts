import fs from 'node:fs';
import { DataFolderError } from './store-errors';

/** Only the user may list or read a data folder: it holds the whole pipeline. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** SQLite's companions of a database file (WAL, shared memory, rollback journal). */
export const SIDECAR_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

export interface DataFolder {
  dir: string;
  /** False when this user may not create or change files here (read-only commands still work). */
  writable: boolean;
}

const isWritable = (p: string) => {
  try {
    fs.accessSync(p, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Makes sure `dir` is a usable data folder: created private (0700) when missing, tightened when
 * it is group- or world-readable. A folder shared on purpose (sticky, like /tmp) is left alone.
 * Fails with one sentence when the path is a file or cannot be created.
 */
export function prepareDataFolder(dir: string): DataFolder {
  let stat: fs.Stats | null = null;
  try {
    stat = fs.statSync(dir);
  } catch {
    // missing: created below
  }
  if (stat && !stat.isDirectory())
    throw new DataFolderError(
      `The data folder ${dir} is a file, not a folder. Give a folder (it is created if missing).`,
    );
  if (!stat) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'EEXIST' || code === 'ENOTDIR'
          ? 'part of that path is a file, not a folder'
          : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
            ? 'this user may not create it there'
            : (e as Error).message;
      throw new DataFolderError(`Cannot create the data folder ${dir}: ${why}. Give another folder.`);
    }
    return { dir, writable: true };
  }
  const shared = (stat.mode & 0o1000) !== 0;
  if (!shared) tighten(dir, stat.mode);
  return { dir, writable: isWritable(dir) };
}

/** Makes an existing file (and SQLite's companions of it) readable by its owner only. */
export function tightenFile(file: string): void {
  for (const f of [file, ...SIDECAR_SUFFIXES.map((s) => file + s)]) {
    try {
      tighten(f, fs.statSync(f).mode);
    } catch {
      // missing, or not ours: nothing to tighten
    }
  }
}

/** Creates `file` empty and private if it does not exist (SQLite would create it 0644). */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  tightenFile(file);
}

/** Takes away every group and other permission; the owner's stay as they are (read-only stays read-only). */
function tighten(p: string, mode: number): void {
  if ((mode & 0o077) === 0) return;
  try {
    fs.chmodSync(p, mode & 0o7700);
  } catch {
    // Not the owner (a folder shared by an administrator): leave it as it is.
  }
}

export function isFileWritable(file: string): boolean {
  return !fs.existsSync(file) || isWritable(file);
}
