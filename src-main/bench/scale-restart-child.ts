/**
 * Run as its own process by measurements/scale.ts after scale-child.ts: the app opened again the
 * same week on the data folder the first run left (a new process, as the morning after). Times the
 * first O2R full pass, which finds the week's health already recorded. Prints one JSON line.
 */
import { createCore } from '../core/core';

const [dataDir] = process.argv.slice(2);
const core = createCore({ dataDir, host: 'test', demo: true, sync: { autoStart: false }, o2r: { autoPush: false } });
const t0 = performance.now();
core.ctx.o2r.cache.full();
const o2rRestartMs = performance.now() - t0;
await core.close();
process.stdout.write(JSON.stringify({ o2rRestartMs }) + '\n');
process.exit(0);
