import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BACKUP_DIR_NAME } from './backup';
import { SIDECAR_SUFFIXES } from './data-folder';
import { STORE_FILE_NAME } from './open-store';

/** An export would overwrite one of Pipeline Pulse's own files. */
export class ProtectedFileError extends Error {
  override name = 'ProtectedFileError';
  readonly code = 'PROTECTED_FILE';
}

/** Folders of a data folder that Pipeline Pulse manages itself (docs/data-folder.md). */
const MANAGED_DIRS = [BACKUP_DIR_NAME, 'damaged', 'replaced'];

function realish(p: string): string {
  // The file may not exist yet: resolve its folder (symlinks included) and keep the name.
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

const sameFile = (a: string, b: string) => {
  try {
    const x = fs.statSync(a);
    const y = fs.statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
};

/** A data file or a companion of one, by name, in any folder (another workspace's too). */
const DATA_FILE_NAME = new RegExp(
  `^${STORE_FILE_NAME.replace('.', '\\.')}(${SIDECAR_SUFFIXES.join('|')}|\\.restoring)?$`,
);

/** Whether an existing file is a SQLite database: an export never replaces one, whatever its name. */
function isDatabase(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(16);
      return fs.readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\0';
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * Refuses an export target that is a data file or one of SQLite's companions (of this data
 * folder or any other: the demo's, an imported workspace's), any SQLite database, or anything in
 * the folders Pipeline Pulse manages (backups …) — by path, through symlinks, or as a hard link
 * of the data file. Writing there would replace pending edits, blockers and comments.
 */
export function checkExportTarget(target: string, dataDir: string): void {
  const out = realish(target);
  const data = realish(dataDir);
  const store = path.join(data, STORE_FILE_NAME);
  const inManaged = MANAGED_DIRS.some((d) => out.startsWith(path.join(data, d) + path.sep));
  if (DATA_FILE_NAME.test(path.basename(out)) || inManaged || sameFile(out, store) || isDatabase(out))
    throw new ProtectedFileError(
      `${target} is part of Pipeline Pulse's own data (${dataDir}): exporting there would replace your deals, ` +
        'queued edits, blockers and comments. Choose another file.',
    );
}

/**
 * Writes an export next to its target first and renames it into place, so a failure (a full
 * disk, Ctrl+C) never leaves a half-written file in place of a good one.
 */
export function writeExportFile(target: string, content: string | Uint8Array): void {
  const tmp = path.join(
    path.dirname(path.resolve(target)),
    `.${path.basename(target)}.${crypto.randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
