import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../../core/core';
import { startSandbox } from '../../sandbox/index';
import { LATENCY_MS } from './full-sync';
import type { BenchRow, Measurement } from '../types';

const DEALS = 5_000;
const EDITS = 20;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * Instant updates: a deal edited in the CRM → its row updated in the local store, through the
 * sandbox's real callback, the receiver, the coalescer and one Get Records by id (150 ms a call,
 * like the sync rows). One edit at a time, 20 edits; the median is the number.
 */
export const instantUpdate: Measurement = {
  id: 'instant-update',
  rows: [`instant update: CRM edit → store, ${DEALS.toLocaleString('en-US')} deals`],
  runs: 1,
  metrics: [{ key: 'ms', label: 'time', unit: 'ms' }],
  targets: [{ metric: 'ms', kind: 'max', limit: 1000, label: '< 1 s' }],
  async run(log) {
    const sb = await startSandbox({ deals: DEALS, seed: 21, latencyMs: LATENCY_MS });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-'));
    const core = createCore({
      dataDir: dir,
      host: 'test',
      demo: true,
      sync: { autoStart: false },
      o2r: { autoPush: false },
      webhooks: { hostsReceiver: true },
    });
    try {
      core.ctx.connection.useDemo({ baseUrl: sb.baseUrl, ...sb.demoClient, refreshToken: sb.issueRefreshToken() });
      core.start(); // as a host does (lifecycle.ts): nothing runs in the background for host 'test'
      const full = await core.ctx.sync.runToEnd('full');
      if (full.status !== 'ok') throw new Error(`full sync failed: ${full.reason}`);
      const port = await freePort();
      const s = await core.ctx.webhooks.setup({
        publicUrl: `http://127.0.0.1:${port}/zoho/notify`,
        listenHost: '127.0.0.1',
        listenPort: port,
      });
      if (s.mode !== 'instant') throw new Error(`instant updates did not come up: ${s.summary}`);
      const amountOf = core.ctx.store.sqlite.prepare('SELECT amount FROM deals WHERE id = ?').pluck();
      const ids = sb.dumpDeals().map((d) => d.id);
      const rows: BenchRow[] = [];
      for (let i = 0; i < EDITS; i++) {
        const id = ids[(i * 211) % ids.length];
        const amount = 500_000 + i;
        const landed = new Promise<void>((resolve) => {
          const off = core.ctx.sync.engine.onDealsChanged((c) => {
            if (Array.isArray(c.changedIds) && c.changedIds.includes(id) && amountOf.get(id) === amount) {
              off();
              resolve();
            }
          });
        });
        const t0 = performance.now();
        sb.editDeal(id, { Amount: amount });
        await landed;
        const ms = performance.now() - t0;
        rows.push({ name: this.rows[0], values: { ms } });
      }
      const sorted = rows.map((r) => r.values.ms).sort((a, b) => a - b);
      log(`  ${EDITS} edits: fastest ${sorted[0].toFixed(0)} ms, slowest ${sorted[sorted.length - 1].toFixed(0)} ms`);
      return rows;
    } finally {
      await core.close();
      await sb.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
