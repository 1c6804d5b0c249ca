import type { SyncProgress } from '../../../src-shared/contract/schemas';
import { hasEnvConnection } from '../../core/connection/env-config';
import type { RunResult } from '../../core/sync/engine';
import { ReadOnlyDataError } from '../../core/store/store-errors';
import { parseCliArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, type CliCommand, type CliIO } from '../command';
import { progressLine } from '../progress-bar';
import { withCore } from '../with-core';

/**
 * `pulse sync`: one run against the saved connection (or the ZOHO_* variables), to the end.
 * An unfinished full sync resumes first. SIGINT/SIGTERM stop after the calls in flight; the
 * checkpoint keeps the progress for the next run.
 */
export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'Sync the deals from Zoho CRM now (delta, or --full)',
  usage: `Usage: pulse sync [--full] [--data-dir D] [--json] [--confirm-removals]

  --full               a full sync (every deal; removes deals no longer in the CRM)
  --data-dir D         the profile's data folder (default: the desktop app's)
  --json               print the result as one JSON object
  --confirm-removals   apply a pull the fail-safe refused (it would remove most cached deals)

Uses the connection saved by \`pulse connect\` (or the app); without one, the environment
variables ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN, ZOHO_ACCOUNTS_URL and
ZOHO_BASE_URL. Exit codes: 0 synced, 1 failed (or refused by the fail-safe), 2 usage error.`,
  async run(argv, io) {
    const { values } = parseCliArgs(argv, {
      full: { type: 'boolean' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean' },
      'confirm-removals': { type: 'boolean' },
    });
    return withCore(io, values['data-dir'], async (core) => {
      if (core.ctx.store.readOnly) throw new ReadOnlyDataError(core.ctx.dataDir);
      if (core.ctx.connection.state() === 'disconnected' && !hasEnvConnection(io.env)) {
        io.err('No Zoho CRM account is connected. Run `pulse connect` (or set ZOHO_CLIENT_ID and ZOHO_REFRESH_TOKEN).');
        return EXIT_FAILURE;
      }
      const sync = core.ctx.sync;
      if (values['confirm-removals'] && !sync.engine.confirmFailsafe())
        io.err('Nothing was waiting for a confirmation; syncing normally.');
      const offProgress = values.json ? () => undefined : sync.engine.events.progress.on(progressPrinter(io));
      // Ctrl+C stops after the calls in flight; the checkpoint keeps every committed page.
      const stop = () => sync.engine.cancel();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const result = await sync.runToEnd(values.full ? 'full' : 'auto');
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      offProgress();
      if (io.isTTY && !values.json) process.stdout.write('\n');
      report(io, result, Boolean(values.json));
      return result.status === 'ok' ? EXIT_OK : EXIT_FAILURE;
    });
  },
};

/** The progress bar: redrawn in place on a terminal (10 a second), one line a second when piped. */
function progressPrinter(io: CliIO): (p: SyncProgress) => void {
  let lastDraw = 0;
  return (p) => {
    const now = Date.now();
    if (!p.done && now - lastDraw < (io.isTTY ? 100 : 1000)) return;
    lastDraw = now;
    if (io.isTTY) process.stdout.write(`\r${progressLine(p, true)}\x1b[K`);
    else io.out(progressLine(p, false));
  };
}

function report(io: CliIO, r: RunResult, json: boolean): void {
  if (json) {
    io.out(JSON.stringify(r));
    return;
  }
  if (r.status === 'ok') {
    io.out(
      `Synced (${r.kind}${r.resumed ? ', resumed' : ''}): ${r.added} added, ${r.changed} changed, ${r.removed} removed — ` +
        `${r.pages} pages, ${r.apiCalls} API calls, ${(r.durationMs / 1000).toFixed(1)} s`,
    );
  } else {
    io.err(`Sync ${r.status === 'skipped' ? 'did not start' : r.status}: ${r.reason ?? 'unknown reason'}`);
  }
}
