import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../../src-shared/contract/schemas';
import { openStore } from '../../core/store/open-store';
import { SyncEngine } from '../../core/sync/engine';
import { startSandbox } from '../../sandbox/index';
import { benchClient } from '../sandbox-client';
import { LATENCY_MS } from './full-sync';
import type { BenchRow, Measurement } from '../types';

const DEALS = 50_000;
const CHANGES = 100;

/**
 * A delta after 100 CRM changes (90 edits, 10 deletions) in a 50,000-deal org at 150 ms a call.
 * The org is generated ten minutes in the past (the sandbox otherwise stamps hundreds of deals
 * "modified a minute ago", which the delta's safety overlap would rightly fetch again).
 */
export const delta: Measurement = {
  id: 'delta',
  rows: [`delta after ${CHANGES} changes, ${DEALS.toLocaleString('en-US')} deals`],
  runs: 5,
  metrics: [
    { key: 'ms', label: 'time', unit: 'ms' },
    { key: 'calls', label: 'API calls', unit: '' },
    { key: 'credits', label: 'credits', unit: '' },
  ],
  targets: [
    { metric: 'calls', kind: 'max', limit: 3, label: '≤ 3 calls' },
    { metric: 'ms', kind: 'max', limit: 1000, label: '< 1 s' },
  ],
  async run(log) {
    let offset = -10 * 60_000;
    const sb = await startSandbox({
      deals: DEALS,
      seed: 11,
      latencyMs: LATENCY_MS,
      now: () => new Date(Date.now() + offset),
    });
    offset = 0;
    const client = benchClient(sb);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-'));
    const store = openStore(dir);
    try {
      const engine = new SyncEngine({
        sqlite: store.sqlite,
        getSettings: async () => DEFAULT_SETTINGS,
        getApi: () => client,
      });
      const full = await engine.run('full', 'manual');
      if (full.status !== 'ok') throw new Error(`full sync failed: ${full.reason}`);
      const ids = sb.dumpDeals().map((d) => d.id);
      const rows: BenchRow[] = [];
      for (let round = 0; round < this.runs; round++) {
        for (let i = 0; i < CHANGES - 10; i++)
          sb.editDeal(ids[(i * 541 + round * 7) % ids.length], { Amount: 1000 + round * 100 + i });
        for (let i = 0; i < 10; i++) {
          const id = ids.splice((i * 4099 + round * 13) % ids.length, 1)[0];
          sb.deleteDeal(id);
        }
        sb.resetStats();
        const t0 = performance.now();
        const r = await engine.run('delta', 'manual');
        const ms = performance.now() - t0;
        if (r.status !== 'ok') throw new Error(`delta failed: ${r.reason}`);
        const { totalApiCalls: calls, creditsUsed: credits } = sb.stats();
        log(`  delta: ${ms.toFixed(0)} ms, ${calls} calls, ${r.changed} changed, ${r.removed} removed`);
        rows.push({ name: this.rows[0], values: { ms, calls, credits } });
      }
      return rows;
    } finally {
      await client.stop();
      await store.close();
      await sb.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
