/**
 * Run as its own process by measurements/memory.ts: the main-process core (store, connection,
 * sync engine, O2R cache) does a full sync of a sandbox org running in ANOTHER process, then
 * holds every deal and opportunity in memory. Prints one JSON line with the peak RSS (VmHWM).
 */
import fs from 'node:fs';
import { createCore } from '../core/core';

const [dataDir, baseUrl, clientId, clientSecret, refreshToken] = process.argv.slice(2);

function peakRssMb(): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Number.isFinite(kb) ? kb / 1024 : process.memoryUsage().rss / 1024 / 1024;
}

const core = createCore({ dataDir, host: 'test', demo: true, sync: { autoStart: false }, o2r: { autoPush: false } });
core.ctx.connection.useDemo({ baseUrl, clientId, clientSecret, refreshToken });
const result = await core.ctx.sync.engine.run('full', 'manual');
if (result.status !== 'ok') throw new Error(`full sync failed: ${JSON.stringify(result)}`);
const opportunities = core.ctx.o2r.all().length; // the O2R cache now holds every opportunity
const deals = core.ctx.store.sqlite.prepare('SELECT count(*) FROM deals').pluck().get() as number;
process.stdout.write(JSON.stringify({ deals, opportunities, peakRssMb: peakRssMb(), rssMb: process.memoryUsage().rss / 1024 / 1024 }) + '\n');
await core.close();
process.exit(0);
