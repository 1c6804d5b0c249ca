import path from 'node:path';
import { listBackups } from './backup';

/**
 * Errors about the data folder and its SQLite file, each saying where and what to do (see
 * docs/data-folder.md). They replace SQLite's own words ("file is not a database", "attempt to
 * write a readonly database"), which name no file and suggest nothing.
 */

/** The data folder path is unusable: it is a file, or cannot be created. */
export class DataFolderError extends Error {
  override name = 'DataFolderError';
  readonly code = 'DATA_FOLDER_UNUSABLE';
}

/** The data file cannot be read as a Pipeline Pulse database, or part of it is damaged. */
export class DatabaseDamagedError extends Error {
  override name = 'DatabaseDamagedError';
  readonly code = 'DATABASE_DAMAGED';
  readonly details: { file: string; dataDir: string; reason: string; newestBackup: string | null };
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    const dir = path.dirname(file);
    const newest = listBackups(dir)[0]?.at ?? null;
    const from = newest
      ? `from your newest backup (${newest.slice(0, 16).replace('T', ' ')} UTC), plus anything newer the damaged file still holds`
      : 'from whatever the damaged file still holds (there is no backup yet)';
    super(
      `The data file ${file} is damaged (${reason}). Run \`pulse restore --data-dir "${dir}"\` or use ` +
        `Restore in the app: it rebuilds your blockers, comments, review notes and queued edits ${from}, then ` +
        'syncs the deals again from Zoho CRM. The damaged file is kept.',
    );
    this.details = { file, dataDir: dir, reason, newestBackup: newest };
  }
}

/** The data folder or file is not writable by this user: reading works, changing does not. */
export class ReadOnlyDataError extends Error {
  override name = 'ReadOnlyDataError';
  readonly code = 'DATA_READ_ONLY';
  constructor(
    readonly dataDir: string,
    what = 'Pipeline Pulse can show and export what it holds, but cannot sync or save changes',
  ) {
    super(
      `The data folder ${dataDir} is read-only for this user: ${what}. ` +
        'Make it writable (or choose another data folder) to change anything.',
    );
  }
}

const DAMAGE_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE']);

/** True for SQLite's "this file is damaged" answers (the extended codes included). */
export function isDamageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (DAMAGE_CODES.has(code) || code.startsWith('SQLITE_CORRUPT'));
}

export function isReadOnlyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_READONLY');
}

/**
 * SQLite's damage and read-only errors, met while the store is in use, turned into the errors
 * above (with the file and what to do); anything else is returned unchanged.
 */
export function explainStoreError(error: unknown, file: string): unknown {
  if (isDamageError(error)) return new DatabaseDamagedError(file, (error as Error).message);
  if (isReadOnlyError(error)) return new ReadOnlyDataError(path.dirname(file));
  return error;
}
