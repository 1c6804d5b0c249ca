/**
 * Run as its own process by measurements/scale.ts: the core (store, connection, sync, O2R) does a
 * first full sync of a sandbox org running in ANOTHER process, then answers the calls a user makes
 * first — dashboard, O2R list, weekly review, deals explorer — each timed. Prints one JSON line
 * with the timings, the run's result and the peak RSS (VmHWM) of this process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCore } from '../core/core';

const [dataDir, baseUrl, clientId, clientSecret, refreshToken] = process.argv.slice(2);

const peakRssMb = (): number => {
  const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
  return Number.isFinite(kb) ? kb / 1024 : process.memoryUsage().rss / 1048576;
};
const mb = (bytes: number) => (bytes / 1048576).toFixed(0);
/** Anonymous memory vs file-backed and shared pages in the RSS (what the RSS is made of). */
const rssParts = (): string => {
  const text = fs.readFileSync('/proc/self/smaps_rollup', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return `anon ${(kb('Anonymous') / 1024).toFixed(0)}, file+shared ${((kb('Rss') - kb('Anonymous')) / 1024).toFixed(0)}`;
};
const trace = (stage: string) => {
  if (process.env.PULSE_MEM_TRACE === '1')
    process.stderr.write(
      `${stage}: rss ${mb(process.memoryUsage().rss)} MB (heap ${mb(process.memoryUsage().heapUsed)} of ${mb(process.memoryUsage().heapTotal)}, buffers ${mb(process.memoryUsage().arrayBuffers)}, ${rssParts()}), peak ${peakRssMb().toFixed(0)} MB\n`,
    );
};
const timed = async <T>(fn: () => T | Promise<T>): Promise<[number, T]> => {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
};
/** Median of `n` warm calls (the first one warms the page cache, as an open app has). */
const warmMedian = async (n: number, fn: () => unknown): Promise<number> => {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await timed(fn))[0]);
  return times.sort((a, b) => a - b)[times.length >> 1];
};

const core = createCore({ dataDir, host: 'test', demo: true, sync: { autoStart: false }, o2r: { autoPush: false } });
core.ctx.connection.useDemo({ baseUrl, clientId, clientSecret, refreshToken });
const call = async (name: string, args: unknown) => {
  const out = await core.dispatch(name, args);
  if (!out.ok) throw new Error(`${name}: ${JSON.stringify(out.error)}`);
  return out.result;
};

// Where the first sync's time goes (PULSE_MEM_TRACE=1): each phase with its start and the core's
// CPU time so far (wall far above CPU means waiting: on Zoho, or for a share of a busy machine).
let phase = '';
const t0 = performance.now();
const cpuAtStart = process.cpuUsage();
core.subscribe((name, payload) => {
  const p = payload as { phase?: string; records?: number };
  if (name === 'sync.progress' && p.phase !== phase) {
    phase = p.phase ?? '';
    const c = process.cpuUsage(cpuAtStart);
    const cpu = ((c.user + c.system) / 1000).toFixed(0).padStart(7);
    trace(
      `${(performance.now() - t0).toFixed(0).padStart(7)} ms (CPU ${cpu} ms) phase ${phase} (${p.records ?? 0} deals)`,
    );
  }
});
const cpu0 = process.cpuUsage();
const [syncMs, run] = await timed(() => core.ctx.sync.engine.run('full', 'manual'));
const cpu = process.cpuUsage(cpu0);
const syncCpuMs = (cpu.user + cpu.system) / 1000;
if (run.status !== 'ok') throw new Error(`full sync failed: ${JSON.stringify(run)}`);
trace('synced');
const year = new Date().getFullYear();
const filter = { closingFrom: `${year}-01-01`, closingTo: `${year + 1}-12-31`, probabilityMin: 10, probabilityMax: 89 };
const dashboardMs = await warmMedian(5, () => call('dashboard.summary', filter));
trace('dashboard');
// What the O2R cache costs: heap and array buffers (its columns live outside the heap) after a
// full GC, before and after the pass.
const heapMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1048576;
};
const heapBefore = heapMb();
const [o2rFullMs] = await timed(() => core.ctx.o2r.cache.full());
// The week's first pass records every deal's health; that write follows the pass in slices.
const [historyWriteMs] = await timed(() => core.ctx.o2r.historyWritten());
const briefsMb = heapMb() - heapBefore;
trace('o2r full');
const o2rListMs = await warmMedian(3, () => call('o2r.list', { limit: 100 }));
const reviewMs = await warmMedian(3, () => call('o2r.review.get', {}));
trace('review');
// The Dashboard screen as the app opens it (dashboard.view + dashboard.history, the saved filter):
// the first call reads the deals into memory, as on the morning's first open.
const screenFilter = await call('filters.get', {});
const [dashboardScreenMs] = await timed(async () => {
  await call('dashboard.view', screenFilter);
  await call('dashboard.history', screenFilter);
});
trace('dashboard screen');
const dealsFirstPageMs = await warmMedian(3, () => call('deals.list', { limit: 100 }));
const dealsFilterMs = await warmMedian(3, () =>
  call('deals.list', { limit: 100, search: 'Rollout', stage: 'Negotiation (80)' }),
);
trace('deals');
// A delta sync that finds nothing new, then the O2R list: what every scheduled sync costs the
// main process at this size (the O2R cache looks for the rows the sync wrote).
const [deltaMs, delta] = await timed(() => core.ctx.sync.engine.run('delta', 'manual'));
if (delta.status !== 'ok') throw new Error(`delta sync failed: ${JSON.stringify(delta)}`);
const [o2rAfterDeltaMs] = await timed(() => call('o2r.list', { limit: 100 }));
trace('delta');
// The daily backup of the local data: the whole file checked, then the local rows copied.
const [backupMs] = await timed(() => core.ctx.backups.backupNow('bench'));
trace('backup');
const deals = core.ctx.store.sqlite.prepare('SELECT count(*) FROM deals').pluck().get() as number;
const opportunities = core.ctx.o2r.cache.size;
const peak = peakRssMb();
await core.close();
const folderMb = fs.readdirSync(dataDir).reduce((sum, f) => sum + fs.statSync(path.join(dataDir, f)).size, 0) / 1048576;
process.stdout.write(
  JSON.stringify({
    deals,
    opportunities,
    method: run.method ?? null,
    bulkFallback: run.bulkFallback ?? null,
    syncMs,
    syncCpuMs,
    dashboardMs,
    o2rFullMs,
    historyWriteMs,
    briefsMb,
    o2rListMs,
    reviewMs,
    dealsFirstPageMs,
    dealsFilterMs,
    dashboardScreenMs,
    deltaMs,
    o2rAfterDeltaMs,
    backupMs,
    peakRssMb: peak,
    folderMb,
  }) + '\n',
);
process.exit(0);
