import { createCore } from '../../core/core';
import { resolveDataDir } from '../../core/data-dir';
import { parseCliArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command';

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'Show the connection, the last sync and how many deals are cached',
  usage: `Usage: pulse status [--data-dir D] [--json]

  --data-dir D   the profile's data folder (default: the desktop app's)
  --json         print one JSON object instead of text`,
  async run(argv, io) {
    const { values } = parseCliArgs(argv, { 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
    const core = createCore({ dataDir: resolveDataDir(values['data-dir'], io.env), host: 'test' });
    try {
      const outcome = await core.dispatch('sync.status', {});
      if (!outcome.ok) {
        io.err(outcome.error.message);
        return EXIT_FAILURE;
      }
      const s = outcome.result as Awaited<ReturnType<typeof core.ctx.syncStatus>>;
      if (values.json) {
        io.out(JSON.stringify({ dataDir: core.ctx.dataDir, ...s }));
      } else {
        io.out(`Data:        ${core.ctx.dataDir}`);
        io.out(`Connection:  ${s.connection}`);
        io.out(`Deals:       ${s.dealCount}`);
        io.out(`Last sync:   ${s.lastSyncAt ? `${s.lastSyncAt} (${s.lastSyncKind})` : 'never'}`);
        if (s.lastError) io.out(`Last error:  ${s.lastError}`);
        if (s.nextSyncAt) io.out(`Next sync:   ${s.nextSyncAt}`);
      }
      return EXIT_OK;
    } finally {
      await core.close();
    }
  },
};
