import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { PACKAGE_ROOT } from '../../cli/paths';
import { startSandboxProcess } from '../sandbox-process';
import type { Measurement } from '../types';

const DEALS = 20_000;
/** Between a client's calls: a busy user clicking around, far faster than a real one. */
const THINK_MIN_MS = 50;
const THINK_MAX_MS = 450;
const minutes = () => Number(process.env.PULSE_LOAD_MINUTES ?? 10);
const clientCount = () => Number(process.env.PULSE_LOAD_CLIENTS ?? 50);

interface HostInfo {
  port: number;
  token: string;
}

/** RSS now and its high-water mark of another process, in MB (Linux /proc). */
function rssOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** One API socket with calls matched to results by id, like the renderer's transport. */
class Client {
  private next = 1;
  private pending = new Map<number, (ok: boolean) => void>();
  closedUnexpectedly = false;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as { type: string; id?: number; ok?: boolean };
      if (f.type !== 'result') return;
      this.pending.get(f.id!)?.(Boolean(f.ok));
      this.pending.delete(f.id!);
    });
    ws.on('close', () => {
      for (const settle of this.pending.values()) settle(false);
      this.pending.clear();
    });
  }
  static open(host: HostInfo): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
    });
  }
  call(name: string, args: unknown): Promise<boolean> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ type: 'call', id, name, args }));
    });
  }
}

/**
 * The mix one user's screens make: every screen's reads (the dashboard and lists most, the weekly
 * review — the costliest call, it computes every opportunity in full — least), status polls, and
 * a few writes (comments, review notes, edits).
 */
const MIX: [weight: number, make: (id: string, year: number) => [string, unknown]][] = [
  [
    25,
    (_id, year) => [
      'dashboard.summary',
      Math.random() < 0.5 ? {} : { closingFrom: `${year}-01-01`, probabilityMin: 10, probabilityMax: 89 },
    ],
  ],
  [
    20,
    () => [
      'deals.list',
      { limit: 100, offset: Math.floor(Math.random() * 50) * 100, sort: pick(['closingDate', 'amountHome', 'name']) },
    ],
  ],
  [20, () => ['o2r.list', { limit: 100, sort: 'health', ...(Math.random() < 0.3 ? { requiresAttention: true } : {}) }]],
  [13, (id) => ['o2r.get', { id }]],
  [10, () => ['sync.status', {}]],
  [5, () => ['settings.get', {}]],
  [2, () => ['o2r.review.get', { limit: 100 }]],
  [2, (id) => ['o2r.comment', { id, text: `load test note ${Date.now()}` }]],
  [2, (id) => ['o2r.review.setNote', { id, note: `checked ${new Date().toISOString()}` }]],
  [1, (id) => ['o2r.edit', { id, changes: { probability: Math.floor(Math.random() * 100) }, push: false }]],
];
const MIX_TOTAL = MIX.reduce((a, [w]) => a + w, 0);
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

function pickCall(ids: string[]): [string, unknown] {
  let r = Math.random() * MIX_TOTAL;
  for (const [weight, make] of MIX) {
    r -= weight;
    if (r < 0) return make(pick(ids), 2025 + Math.floor(Math.random() * 2));
  }
  return ['sync.status', {}];
}

/**
 * The browser host under load: 50 clients (PULSE_LOAD_CLIENTS) for 10 minutes
 * (PULSE_LOAD_MINUTES) of mixed calls (dashboard, deals, O2R, review, status, some writes), each
 * client waiting 50–450 ms between calls, while syncs run: a delta every 10 s and a full sync every 2 minutes against
 * a 20,000-deal sandbox in its own process, where 20 deals change every 5 s. The host runs in its
 * own process too, so its RSS is its own. Not part of the default `npm run bench`
 * (`npm run bench -- --only web-load`).
 */
export const webLoad: Measurement = {
  id: 'web-load',
  optIn: true,
  rows: ['browser host under load'],
  runs: 1,
  metrics: [
    { key: 'requests', label: 'calls', unit: '' },
    { key: 'callsPerSec', label: 'calls/s', unit: '' },
    { key: 'p50', label: 'p50', unit: 'ms' },
    { key: 'p99', label: 'p99', unit: 'ms' },
    { key: 'max', label: 'max', unit: 'ms' },
    { key: 'errors', label: 'failed calls', unit: '' },
    { key: 'dropped', label: 'sockets dropped', unit: '' },
    { key: 'syncs', label: 'syncs run', unit: '' },
    { key: 'peakRssMb', label: 'peak RSS', unit: 'MB' },
    { key: 'rssWarmMb', label: 'RSS after warm-up', unit: 'MB' },
    { key: 'rssMidMb', label: 'RSS half-way', unit: 'MB' },
    { key: 'rssEndMb', label: 'RSS at the end', unit: 'MB' },
    { key: 'rssGrowthMb', label: 'RSS growth', unit: 'MB' },
  ],
  targets: [
    { metric: 'errors', kind: 'max', limit: 0, label: 'no failed call' },
    { metric: 'dropped', kind: 'max', limit: 0, label: 'no socket dropped' },
    { metric: 'p99', kind: 'max', limit: 500, label: 'p99 < 500 ms' },
    { metric: 'rssGrowthMb', kind: 'max', limit: 50, label: 'RSS growth < 50 MB after warm-up' },
  ],
  async run(log) {
    const durationMs = minutes() * 60_000;
    const warmupMs = Math.min(60_000, durationMs / 5);
    const sb = await startSandboxProcess(['--deals', String(DEALS), '--seed', '3', '--latency-ms', '50']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-load-'));
    const { client_id, client_secret, refresh_token } = sb.credentials;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(PACKAGE_ROOT, 'src-main', 'bench', 'web-load-host.ts'),
        dir,
        sb.baseUrl,
        client_id,
        client_secret,
        refresh_token,
      ],
      { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const clients: Client[] = [];
    const timers: NodeJS.Timeout[] = [];
    try {
      const host = await new Promise<HostInfo>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (c) => {
          out += c;
          const line = out.split('\n').find((l) => l.startsWith('{'));
          if (line) resolve(JSON.parse(line) as HostInfo);
        });
        child.once('exit', (code) => reject(new Error(`the host exited (${code}) before it was ready`)));
      });
      for (let i = 0; i < clientCount(); i++) clients.push(await Client.open(host));
      const ids = (await sb.control<{ id: string }[]>('GET', 'deals?limit=5000')).map((d) => d.id);
      log(`  web-load: ${clients.length} clients, ${minutes()} min, ${DEALS.toLocaleString('en-US')} deals`);

      const latencies: number[] = [];
      const byName = new Map<string, number[]>();
      let errors = 0;
      const samples: { at: number; rss: number; peak: number }[] = [];
      const t0 = Date.now();
      const deadline = t0 + durationMs;
      const driver = clients[0];
      timers.push(setInterval(() => void driver.call('sync.run', { kind: 'delta' }), 10_000));
      timers.push(setInterval(() => void driver.call('sync.run', { kind: 'full' }), 120_000));
      timers.push(
        setInterval(() => {
          for (let i = 0; i < 20; i++)
            void sb.control('PATCH', `deals/${ids[Math.floor(Math.random() * ids.length)]}`, {
              Amount: Math.round(Math.random() * 1e6),
            });
        }, 5_000),
      );
      timers.push(
        setInterval(() => {
          const m = rssOf(child.pid!);
          if (m) samples.push({ at: Date.now() - t0, ...m });
        }, 1_000),
      );
      timers.push(
        setInterval(
          () => log(`  web-load: ${Math.round((Date.now() - t0) / 1000)} s, ${latencies.length} calls`),
          60_000,
        ),
      );

      await Promise.all(
        clients.map(async (c) => {
          while (Date.now() < deadline && c.ws.readyState === WebSocket.OPEN) {
            const [name, args] = pickCall(ids);
            const start = performance.now();
            const ok = await c.call(name, args);
            const ms = performance.now() - start;
            latencies.push(ms);
            byName.set(name, [...(byName.get(name) ?? []), ms]);
            if (!ok) errors++;
            await new Promise((r) => setTimeout(r, THINK_MIN_MS + Math.random() * (THINK_MAX_MS - THINK_MIN_MS)));
          }
        }),
      );
      const elapsed = Date.now() - t0;
      const dropped = clients.filter((c) => c.ws.readyState !== WebSocket.OPEN).length;
      const history = await new Promise<number>((resolve) => {
        const id = 1e9;
        driver.ws.on('message', function onMessage(data) {
          const f = JSON.parse(String(data)) as { id?: number; result?: { runs: unknown[] } };
          if (f.id !== id) return;
          driver.ws.off('message', onMessage);
          resolve(f.result?.runs.length ?? 0);
        });
        driver.ws.send(JSON.stringify({ type: 'call', id, name: 'sync.history', args: { limit: 500 } }));
      });
      const sorted = latencies.sort((a, b) => a - b);
      const warm = samples.filter((s) => s.at <= warmupMs).at(-1) ?? samples[0];
      const tail = samples.slice(-10);
      const rssEnd = tail.reduce((a, s) => a + s.rss, 0) / Math.max(1, tail.length);
      // Half-way next to the end tells a plateau from a steady climb.
      const mid = samples.filter((s) => s.at <= elapsed / 2).at(-1) ?? warm;
      const values = {
        requests: sorted.length,
        callsPerSec: (sorted.length / elapsed) * 1000,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        max: sorted.at(-1) ?? 0,
        errors,
        dropped,
        syncs: history - 1, // the first sync ran before the load
        peakRssMb: Math.max(...samples.map((s) => s.peak)),
        rssWarmMb: warm?.rss ?? 0,
        rssMidMb: mid?.rss ?? 0,
        rssEndMb: rssEnd,
        rssGrowthMb: rssEnd - (warm?.rss ?? rssEnd),
      };
      log(`  web-load: ${JSON.stringify(values)}`);
      for (const [name, xs] of [...byName].sort()) {
        const s = xs.sort((a, b) => a - b);
        log(
          `    ${name.padEnd(20)} ${String(s.length).padStart(7)} calls  p50 ${percentile(s, 0.5).toFixed(0)} ms  p99 ${percentile(s, 0.99).toFixed(0)} ms`,
        );
      }
      return [{ name: `browser host, ${clients.length} clients × ${minutes()} min, syncs running`, values }];
    } finally {
      for (const t of timers) clearInterval(t);
      for (const c of clients) c.ws.terminate();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await sb.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
