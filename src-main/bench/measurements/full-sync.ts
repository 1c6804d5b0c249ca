import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../../src-shared/contract/schemas';
import { openStore } from '../../core/store/open-store';
import { SyncEngine } from '../../core/sync/engine';
import { benchClient } from '../sandbox-client';
import { startSandboxProcess } from '../sandbox-process';
import type { BenchRow, Measurement } from '../types';

export const LATENCY_MS = 150;
const SIZES = [10_000, 50_000];

/**
 * The sandbox runs in its own process (a remote server does not share our CPU). A first full sync
 * into an empty store against the sandbox at 150 ms a call, next to the naive lower bound: one Get
 * Records call per 200 deals, one after another (ceil(N/200) calls, each at least the latency).
 * Calls are counted by the sandbox, so retries and metadata calls count.
 */
export const fullSync: Measurement = {
  id: 'full-sync',
  rows: SIZES.map((n) => `full sync, ${n.toLocaleString('en-US')} deals`),
  runs: 3,
  metrics: [
    { key: 'ms', label: 'time', unit: 'ms' },
    { key: 'calls', label: 'API calls', unit: '' },
    { key: 'credits', label: 'credits', unit: '' },
    { key: 'naiveMs', label: 'naive time', unit: 'ms' },
    { key: 'naiveCalls', label: 'naive calls', unit: '' },
    { key: 'speedup', label: 'faster', unit: '×' },
    { key: 'callShare', label: 'calls/naive', unit: '' },
  ],
  targets: [
    { metric: 'speedup', kind: 'min', limit: 5, label: '≥ 5× faster than naive' },
    { metric: 'callShare', kind: 'max', limit: 0.2, label: '≤ 1/5 of naive calls' },
  ],
  async run(log) {
    const rows: BenchRow[] = [];
    for (const n of SIZES) {
      const sb = await startSandboxProcess(['--deals', String(n), '--seed', '7', '--latency-ms', String(LATENCY_MS)]);
      const client = benchClient(sb);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-'));
      const store = openStore(dir);
      try {
        const engine = new SyncEngine({
          sqlite: store.sqlite,
          getSettings: async () => DEFAULT_SETTINGS,
          getApi: () => client,
        });
        await sb.control('POST', 'stats/reset');
        const t0 = performance.now();
        const r = await engine.run('full', 'manual');
        const ms = performance.now() - t0;
        if (r.status !== 'ok') throw new Error(`full sync of ${n} failed: ${r.reason}`);
        const { totalApiCalls: calls, creditsUsed: credits } = await sb.control<{
          totalApiCalls: number;
          creditsUsed: number;
        }>('GET', 'stats');
        const naiveCalls = Math.ceil(n / 200);
        const naiveMs = naiveCalls * LATENCY_MS;
        log(`  full ${n}: ${ms.toFixed(0)} ms, ${calls} calls`);
        rows.push({
          name: `full sync, ${n.toLocaleString('en-US')} deals`,
          values: { ms, calls, credits, naiveMs, naiveCalls, speedup: naiveMs / ms, callShare: calls / naiveCalls },
        });
      } finally {
        await client.stop();
        await store.close();
        await sb.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    return rows;
  },
};
