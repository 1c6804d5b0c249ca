import { createCore } from '../../core/core';
import { resolveDataDir } from '../../core/data-dir';
import { readCallsPerMinute } from '../../core/connection/connection-service';
import { SyncEngine, type RunResult } from '../../core/sync/engine';
import { pageSizeFromEnv } from '../../core/sync/sync-service';
import type { ZohoApi } from '../../core/zoho/zoho-api';
import { parseCliArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, type CliCommand, type CliIO } from '../command';
import { progressLine } from '../progress-bar';
import { clientFromEnv } from '../zoho-from-env';

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
    const core = createCore({
      dataDir: resolveDataDir(values['data-dir'], io.env),
      host: 'test',
      sync: { autoStart: false },
    });
    let envClient: ReturnType<typeof clientFromEnv> = null;
    try {
      const api = resolveApi(
        core.ctx.connection,
        () => (envClient = clientFromEnv(io.env, readCallsPerMinute(core.ctx.store.sqlite))),
      );
      if (!api.ok) {
        io.err(api.message);
        return EXIT_FAILURE;
      }
      let lastDraw = 0;
      const engine = new SyncEngine({
        sqlite: core.ctx.store.sqlite,
        getSettings: () => core.ctx.settings.get(),
        getApi: () => api.api,
        pageSize: pageSizeFromEnv(io.env),
        onProgress: (p) => {
          if (values.json) return;
          const now = Date.now();
          if (!p.done && now - lastDraw < (io.isTTY ? 100 : 1000)) return;
          lastDraw = now;
          if (io.isTTY) process.stdout.write(`\r${progressLine(p, true)}\x1b[K`);
          else io.out(progressLine(p, false));
        },
      });
      if (values['confirm-removals'] && !engine.confirmFailsafe())
        io.err('Nothing was waiting for a confirmation; syncing normally.');
      const stop = () => engine.cancel();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const result = await engine.run(values.full ? 'full' : 'auto', 'cli');
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (io.isTTY && !values.json) process.stdout.write('\n');
      report(io, result, Boolean(values.json));
      return result.status === 'ok' ? EXIT_OK : EXIT_FAILURE;
    } finally {
      await (envClient as { stop(): Promise<void> } | null)?.stop();
      await core.close();
    }
  },
};

type ApiChoice = { ok: true; api: ZohoApi } | { ok: false; message: string };

function resolveApi(connection: { state(): string; api(): ZohoApi }, fromEnv: () => ZohoApi | null): ApiChoice {
  const state = connection.state();
  if (state === 'connected' || state === 'reconnect_needed') {
    try {
      return { ok: true, api: connection.api() };
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
  }
  try {
    const env = fromEnv();
    if (env) return { ok: true, api: env };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  return {
    ok: false,
    message: 'No Zoho CRM account is connected. Run `pulse connect` (or set ZOHO_CLIENT_ID and ZOHO_REFRESH_TOKEN).',
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
