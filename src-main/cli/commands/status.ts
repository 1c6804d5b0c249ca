import { parseCliArgs } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { withCore } from '../with-core';

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'Show the connection, the last sync and how many deals are cached',
  usage: `Usage: pulse status [--data-dir D] [--json]

  --data-dir D   the profile's data folder (default: the desktop app's)
  --json         print one JSON object instead of text`,
  async run(argv, io) {
    const { values } = parseCliArgs(argv, { 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
    return withCore(io, values['data-dir'], async (core) => {
      const s = await core.call('sync.status', {});
      const { runs } = await core.call('sync.history', { limit: 5 });
      // Another process (the app, another `pulse sync`) may hold the lease right now.
      const lease = core.ctx.sync.engine.lease.current();
      const syncingElsewhere = lease && lease.expiresAt > Date.now() ? { pid: lease.pid, host: lease.host } : null;
      if (values.json) {
        io.out(JSON.stringify({ dataDir: core.ctx.dataDir, ...s, syncingElsewhere, recentRuns: runs }));
      } else {
        io.out(`Data:        ${core.ctx.dataDir}`);
        io.out(`Connection:  ${s.connection}`);
        io.out(`Deals:       ${s.dealCount}`);
        io.out(`Last sync:   ${s.lastSyncAt ? `${s.lastSyncAt} (${s.lastSyncKind})` : 'never'}`);
        if (s.lastSuccessAt && s.lastSuccessAt !== s.lastSyncAt) io.out(`Last good:   ${s.lastSuccessAt}`);
        if (s.lastError) io.out(`Last error:  ${s.lastError}`);
        if (s.nextSyncAt) io.out(`Next sync:   ${s.nextSyncAt}`);
        if (syncingElsewhere)
          io.out(`Syncing:     now, in process ${syncingElsewhere.pid} on ${syncingElsewhere.host}`);
        if (s.failsafe) {
          const { kind, removals, localCount } = s.failsafe;
          io.out(`Waiting:     a ${kind} sync would remove ${removals} of ${localCount} deals;`);
          io.out('             run `pulse sync --confirm-removals` to apply it');
        }
        if (runs.length) {
          io.out('Recent runs:');
          for (const r of runs) {
            const counts = `+${r.added} ~${r.changed} -${r.removed}  ${r.apiCalls} calls`;
            io.out(
              `  #${r.id} ${r.startedAt} ${r.kind.padEnd(5)} ${r.status.padEnd(11)} ${counts}${r.error ? `  ${r.error}` : ''}`,
            );
          }
        }
      }
      return EXIT_OK;
    });
  },
};
