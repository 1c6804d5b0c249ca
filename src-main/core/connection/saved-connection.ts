import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { STORE_FILE_NAME } from '../store/open-store';
import { isDamageError } from '../store/store-errors';

/**
 * Whether a data folder has a saved Zoho connection, read without opening (or migrating) the
 * store: hosts decide "demo workspace or the user's account" before they build the core.
 * A damaged file counts as one: the host must open the account (whose core then shows the
 * damage and offers the restore), not quietly start the demo or the welcome screen instead.
 */
export function hasSavedConnection(dataDir: string): boolean {
  const file = path.join(dataDir, STORE_FILE_NAME);
  if (!fs.existsSync(file)) return false;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Boolean(
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'connection'").get() &&
      db.prepare('SELECT 1 FROM connection WHERE id = 1').get(),
    );
  } catch (e) {
    return isDamageError(e);
  } finally {
    db.close();
  }
}
