/**
 * Run as its own process by measurements/web-load.ts: the browser host (`pulse web`'s
 * startWebHost) over a core connected in memory to a sandbox running in ANOTHER process, so the
 * host's CPU and memory are its own. Syncs once, then prints one JSON line {url, port, token};
 * serves until SIGTERM. The renderer is a stand-in page: the load is on the API, not static files.
 * PULSE_LOAD_PROFILE=FILE writes a CPU profile of the host (Chrome DevTools format).
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../core/core';
import { startWebHost } from '../web/web-host';

const [dataDir, baseUrl, clientId, clientSecret, refreshToken] = process.argv.slice(2);

// PULSE_LOAD_PROFILE=FILE: a CPU profile of the host over the run (open it in Chrome DevTools).
const profiler = process.env.PULSE_LOAD_PROFILE ? new inspector.Session() : null;
if (profiler) {
  profiler.connect();
  profiler.post('Profiler.enable');
  profiler.post('Profiler.start');
}
const saveProfile = () =>
  new Promise<void>((resolve) => {
    if (!profiler) return resolve();
    profiler.post('Profiler.stop', (_err, r) => {
      fs.writeFileSync(process.env.PULSE_LOAD_PROFILE!, JSON.stringify(r.profile));
      resolve();
    });
  });

const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-load-renderer-'));
fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Pipeline Pulse</title>');

const core = createCore({ dataDir, host: 'web', demo: true, sync: { autoStart: false } });
core.onOpen((ctx) => ctx.connection.useDemo({ baseUrl, clientId, clientSecret, refreshToken }));
core.start(); // no background sync (the load test starts every sync itself); automatic push, as in pulse web
const first = await core.ctx.sync.engine.run('full', 'manual');
if (first.status !== 'ok') throw new Error(`first sync failed: ${JSON.stringify(first)}`);
const host = await startWebHost({ core, rendererDir });
process.stdout.write(JSON.stringify({ url: host.url, port: host.port, token: host.token, deals: first.added }) + '\n');

process.once('SIGTERM', () => {
  void saveProfile()
    .then(() => host.close())
    .then(() => core.close())
    .finally(() => {
      fs.rmSync(rendererDir, { recursive: true, force: true });
      process.exit(0);
    });
});
