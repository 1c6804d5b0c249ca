import path from 'node:path';
import Database from 'better-sqlite3';
import { hasSavedConnection } from '../../core/connection/saved-connection';
import { resolveDataDir } from '../../core/data-dir';
import { listBackups } from '../../core/store/backup';
import { localCounts, type LocalCounts } from '../../core/store/local-tables';
import { restoreLocalData } from '../../core/store/restore';
import { parseCliArgs } from '../args';
import { EXIT_OK, type CliCommand, type CliIO } from '../command';
import { syncCommand } from './sync';

const describe = (c: LocalCounts) =>
  `${c.blockers} blocker(s), ${c.comments} comment(s), ${c.reviewNotes} review note(s), ${c.queuedEdits} queued edit(s), ${c.strategic} strategic flag(s)`;

function countsOf(file: string): LocalCounts | null {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return localCounts(db);
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'Rebuild a damaged data file from its backups, then sync the deals again',
  usage: `Usage: pulse restore [--data-dir D] [--list | --from NAME] [--no-sync] [--json]

  --list       the backups of this data folder (newest first) and what each holds
  --from NAME  go back to that backup on purpose (a name from --list), even if the file is fine
  --no-sync    do not sync afterwards
  --data-dir D the profile's data folder (default: the desktop app's)

Without --from, it restores only a damaged data file: the newest good backup becomes the new
file, every local table the damaged file can still read whole is taken from it (it is newer),
and the damaged file is kept in damaged/<time>/. Blockers, comments, review notes and marks,
strategic flags, queued edits and settings come back; the deals are synced again from Zoho CRM
right away (with the saved connection or the ZOHO_* variables), or at the next \`pulse sync\`.
Close the app first. Backups are taken daily and before every upgrade of the file (backups/).`,
  async run(argv, io) {
    const { values } = parseCliArgs(argv, {
      'data-dir': { type: 'string' },
      list: { type: 'boolean' },
      from: { type: 'string' },
      'no-sync': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    if (values.list) return list(dataDir, io, Boolean(values.json));
    const report = await restoreLocalData(dataDir, { backupName: values.from });
    if (values.json) io.out(JSON.stringify(report));
    else {
      io.out(
        report.backup
          ? `Restored from the backup of ${report.backup.at} (${path.basename(report.backup.file)}).`
          : 'No usable backup was found: the new file holds what could still be read.',
      );
      if (report.salvaged.length)
        io.out(`Taken from the damaged file (newer than the backup): ${report.salvaged.join(', ')}.`);
      io.out(`The data file now holds ${describe(report.counts)}.`);
      if (report.keptDamagedAt) io.out(`The previous file is kept in ${report.keptDamagedAt}.`);
    }
    const canSync = hasSavedConnection(dataDir) || Boolean(io.env.ZOHO_REFRESH_TOKEN && io.env.ZOHO_CLIENT_ID);
    if (values['no-sync'] || !canSync) {
      if (!values.json)
        io.out('The deals cache is empty: run `pulse sync` (or open the app) to fill it from Zoho CRM.');
      return EXIT_OK;
    }
    if (!values.json) io.out('Syncing the deals from Zoho CRM…');
    return syncCommand.run(['--data-dir', dataDir, ...(values.json ? ['--json'] : [])], io);
  },
};

function list(dataDir: string, io: CliIO, json: boolean): number {
  const backups = listBackups(dataDir).map((b) => ({ ...b, name: path.basename(b.file), holds: countsOf(b.file) }));
  if (json) io.out(JSON.stringify(backups));
  else if (!backups.length) io.out(`No backups in ${path.join(dataDir, 'backups')} yet.`);
  else
    for (const b of backups)
      io.out(
        `${b.name}  ${(b.bytes / 1024).toFixed(0)} KB  ${b.holds ? describe(b.holds) : 'unreadable (damaged backup)'}`,
      );
  return EXIT_OK;
}
