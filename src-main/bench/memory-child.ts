/**
 * Run as its own process by measurements/memory.ts: the main-process core (store, connection,
 * sync engine, O2R cache) does a full sync of a sandbox org running in ANOTHER process, then
 * holds every deal and opportunity in memory. Prints one JSON line with the peak RSS (VmHWM).
 * PULSE_MEM_TRACE=1 also prints RSS / heap at each stage (and every 500 ms) to stderr, to see
 * where a peak comes from.
 */
import fs from 'node:fs';
import { createCore } from '../core/core';

const [dataDir, baseUrl, clientId, clientSecret, refreshToken] = process.argv.slice(2);

function peakRssMb(): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Number.isFinite(kb) ? kb / 1024 : process.memoryUsage().rss / 1024 / 1024;
}

const tracing = process.env.PULSE_MEM_TRACE === '1';
const t0 = Date.now();
function trace(stage: string): void {
  if (!tracing) return;
  const m = process.memoryUsage();
  const mb = (n: number) => (n / 1048576).toFixed(0).padStart(4);
  const at = `${String(Date.now() - t0).padStart(6)} ms ${stage.padEnd(12)}`;
  const heap = `heap ${mb(m.heapUsed)}/${mb(m.heapTotal)}`;
  process.stderr.write(`${at} rss ${mb(m.rss)} ${heap} ext ${mb(m.external)} peak ${peakRssMb().toFixed(0)}\n`);
}
const timer = tracing ? setInterval(() => trace('…'), 500) : null;

trace('start');
const core = createCore({ dataDir, host: 'test', demo: true, sync: { autoStart: false }, o2r: { autoPush: false } });
core.ctx.connection.useDemo({ baseUrl, clientId, clientSecret, refreshToken });
trace('core');
const result = await core.ctx.sync.engine.run('full', 'manual');
if (result.status !== 'ok') throw new Error(`full sync failed: ${JSON.stringify(result)}`);
trace('synced');
// What the core holds for O2R: the cache's compact brief of every opportunity (a list read fills
// it). Full opportunities are computed on demand, for a page, one deal, an export or the review.
core.ctx.o2r.list({ includeClosedLost: true, sort: 'health', descending: false, limit: 50, offset: 0 });
const opportunities = core.ctx.o2r.cache.size;
trace('o2r');
if (timer) clearInterval(timer);
const deals = core.ctx.store.sqlite.prepare('SELECT count(*) FROM deals').pluck().get() as number;
process.stdout.write(
  JSON.stringify({ deals, opportunities, peakRssMb: peakRssMb(), rssMb: process.memoryUsage().rss / 1024 / 1024 }) +
    '\n',
);
await core.close();
process.exit(0);
