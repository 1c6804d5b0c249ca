import { parseCliArgs } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { withCore } from '../with-core';

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'Back up the local data now (blockers, comments, notes, queued edits, settings)',
  usage: `Usage: pulse backup [--data-dir D] [--json]

Copies what exists only on this computer — blockers, comments, review notes and marks, strategic
flags, queued edits, settings, the field mapping, currency overrides — into the data folder's
backups/ (private to you). The app also does this daily and before every upgrade of the file;
the newest 10 are kept. The deals are not copied: Zoho CRM refills them. See \`pulse restore\`.`,
  async run(argv, io) {
    const { values } = parseCliArgs(argv, { 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
    return withCore(io, values['data-dir'], async (core) => {
      const info = await core.ctx.backups.backupNow('manual');
      if (values.json) io.out(JSON.stringify(info));
      else io.out(`Backed up to ${info.file} (${(info.bytes / 1024).toFixed(0)} KB).`);
      return EXIT_OK;
    });
  },
};
