import path from 'node:path';
import type { RestoreResult, StoreStatus } from '../../../../src-shared/contract/store-schemas';
import type { BackupInfo } from '../../store/backup';
import type { RestoreReport } from '../../store/restore';
import type { DatabaseDamagedError } from '../../store/store-errors';
import type { HandlerGroup } from '../handler-types';

/**
 * What the `store.*` calls need from the core (core.ts implements it): the file's state, and a
 * restore, which replaces the file and so must close and reopen the whole core around it.
 */
export interface StoreControl {
  status(): StoreStatus;
  restore(backup?: string): Promise<RestoreResult>;
}

export function backupView(b: BackupInfo) {
  return { name: path.basename(b.file), at: b.at, reason: b.reason, bytes: b.bytes };
}

export function storeStatusOf(s: {
  dataDir: string;
  file: string;
  readOnly: boolean;
  damaged: DatabaseDamagedError | null;
  backups: BackupInfo[];
  lastBackupError: string | null;
}): StoreStatus {
  return {
    dataDir: s.dataDir,
    file: s.file,
    readOnly: s.readOnly,
    damaged: s.damaged ? { reason: s.damaged.reason, message: s.damaged.message } : null,
    backups: s.backups.map(backupView),
    lastBackupError: s.lastBackupError,
  };
}

export function restoreResultOf(r: RestoreReport): RestoreResult {
  return { ...r, backup: r.backup ? backupView(r.backup) : null };
}

export function storeHandlers(control: StoreControl): HandlerGroup<'store.status' | 'store.restore'> {
  return {
    async 'store.status'() {
      return control.status();
    },
    async 'store.restore'({ backup }) {
      return control.restore(backup);
    },
  };
}
