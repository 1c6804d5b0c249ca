/**
 * SIGKILL while the outbox is being pushed, ten times, by a real `pulse o2r push` child process
 * against a sandbox with latency. After every kill each edit is confirmed (Zoho holds it, written
 * exactly once) or still queued (written at most once); none is lost. A last, unkilled push then
 * confirms everything, still with exactly one write per edited field.
 */
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/core';
import { STORE_FILE_NAME } from '../../src-main/core/store/open-store';
import { PULSE_BIN, REPO_ROOT } from '../helpers/pulse-process';
import { countWrites, crmDeal, o2rRig, type O2RRig } from '../helpers/o2r-rig';

let r: O2RRig | null = null;
afterAll(async () => {
  await r?.sb.close();
});

/** Small seeded PRNG so a failing run can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

const API: Record<string, string> = { po: 'PO_Generation_Date', invoice: 'Invoice_Date' };
const dateFor = (i: number, base: number) =>
  new Date(Date.UTC(2026, 0, 1) + (base + i) * 86_400_000).toISOString().slice(0, 10);

interface Row {
  deal_id: string;
  field: string;
  new_value: string;
  status: string;
}

function outbox(dataDir: string): Row[] {
  const db = new Database(path.join(dataDir, STORE_FILE_NAME), { readonly: true });
  try {
    return db.prepare('SELECT deal_id, field, new_value, status FROM o2r_edits').all() as Row[];
  } finally {
    db.close();
  }
}

/**
 * When to kill the push: a random time after it starts, or the moment an edit is marked 'sent'
 * (committed before its PUT, the PUT maybe in flight: what reconciliation is for). The second
 * keeps the test from depending on how fast this machine is today.
 */
type Kill = { afterMs: number } | 'when-sent' | null;

function runPush(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  kill: Kill,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PULSE_BIN, 'o2r', 'push', '--data-dir', dataDir], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    let armed = false;
    let watch: NodeJS.Timeout | null = null;
    const onData = (c: Buffer) => {
      out += c.toString();
      if (armed || kill === null || !out.includes('Pushing')) return;
      armed = true;
      if (kill === 'when-sent') {
        const db = new Database(path.join(dataDir, STORE_FILE_NAME), { readonly: true });
        const sent = db.prepare("SELECT 1 FROM o2r_edits WHERE status = 'sent' LIMIT 1");
        watch = setInterval(() => {
          if (!sent.get()) return;
          child.kill('SIGKILL');
          clearInterval(watch!);
          db.close();
        }, 2);
        child.once('exit', () => {
          clearInterval(watch!);
          if (db.open) db.close();
        });
      } else setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

it('SIGKILL at random points during a push, ten times: every edit confirmed exactly once or still queued', async () => {
  r = await o2rRig({ deals: 900, seed: 21, latencyMs: 60, jitterMs: 60 });
  const ids = r.sb.dumpDeals().map((d) => d.id);
  const expected = new Map<string, string>(); // `${dealId}.${field}` → value
  const edit = async (core: Core, id: string, field: string, value: string) => {
    const out = await core.dispatch('o2r.edit', { id, changes: { [field]: value }, push: false });
    if (!out.ok) throw new Error(out.error.message);
    // A deal that already has this date queues nothing (the demo generator may have picked it).
    if ((out.result as { edits: unknown[] }).edits.length) expected.set(`${id}.${field}`, value);
  };
  for (let i = 0; i < 250; i++) await edit(r.core, ids[i], 'po', dateFor(i, 40));
  const dataDir = r.dataDir;
  await r.core.close();

  const writes = countWrites(r.sb);
  // The headless route (`pulse sync` uses it too). A fresh refresh token per process: Zoho allows
  // 10 access tokens per refresh token per 10 minutes, and every process starts without one.
  const env = () => ({
    ZOHO_CLIENT_ID: r!.sb.demoClient.clientId,
    ZOHO_CLIENT_SECRET: r!.sb.demoClient.clientSecret,
    ZOHO_REFRESH_TOKEN: r!.sb.issueRefreshToken(),
    ZOHO_ACCOUNTS_URL: r!.sb.baseUrl,
    ZOHO_BASE_URL: r!.sb.baseUrl,
  });
  const random = rng(20260301);
  let orphans = 0; // edits a kill left 'sent' (PUT maybe in flight): the case reconciliation is for
  const check = (final: boolean) => {
    const rows = outbox(dataDir);
    orphans += rows.filter((x) => x.status === 'sent').length;
    // Nothing lost: one row per edited field, never a duplicate.
    expect(new Set(rows.map((x) => `${x.deal_id}.${x.field}`)).size).toBe(rows.length);
    expect(rows.length).toBe(expected.size);
    for (const row of rows) {
      const key = `${row.deal_id}.${row.field}`;
      const n = writes.get(`${row.deal_id}.${API[row.field]}`) ?? 0;
      expect(JSON.parse(row.new_value)).toBe(expected.get(key));
      expect(['pending', 'sent', 'failed', 'confirmed']).toContain(row.status);
      if (row.status === 'confirmed' || final) {
        expect(row.status).toBe('confirmed');
        expect(n, key).toBe(1);
        expect(crmDeal(r!.sb, row.deal_id)[API[row.field]]).toBe(expected.get(key));
      } else {
        expect(n, key).toBeLessThanOrEqual(1);
      }
    }
  };

  // Ten pushes really killed mid-way. A push can finish before its random kill time comes (a fast
  // machine), so rounds go on, each with new edits, until ten kills have landed (bounded).
  let killed = 0;
  for (let round = 0; killed < 10 && round < 25; round++) {
    // New edits each round, so every kill lands in a push with work to do.
    const core = createCore({ dataDir, host: 'test', sync: { autoStart: false } });
    for (let k = 0; k < 25; k++) await edit(core, ids[round * 25 + k], 'invoice', dateFor(k, round * 30));
    await core.close();
    // Most kills at a random moment; every third one while an edit is 'sent'.
    const kill: Kill = round % 3 === 2 ? 'when-sent' : { afterMs: Math.floor(random() * 600) };
    const res = await runPush(dataDir, env(), kill);
    if (res.signal === 'SIGKILL') killed++;
    check(false);
  }
  expect(killed).toBe(10);
  expect(orphans).toBeGreaterThan(0);
  const last = await runPush(dataDir, env(), null);
  expect(last.code, last.out).toBe(0);
  check(true);
}, 180_000);
