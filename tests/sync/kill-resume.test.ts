/**
 * SIGKILL during a full sync of 20,000 deals, ten times, at random points: `pulse sync` runs as a
 * child process against an in-test sandbox (150 ms a call, so there is time to kill). Every
 * restart resumes from its checkpoint — the first page of the id range is fetched exactly once
 * over all attempts — and the last run ends equal to the sandbox.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openStore } from '../../src-main/core/store/open-store';
import { startSandbox } from '../../src-main/sandbox/index';
import { mulberry32 } from '../../src-main/sandbox/prng';
import { PULSE_BIN, REPO_ROOT } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';
import { diffDeals, headlessEnv } from '../helpers/sync-rig';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('resumes a full sync of 20,000 deals after ten SIGKILLs and ends equal to the CRM', async () => {
  const sb = await startSandbox({ deals: 20_000, seed: 99, latencyMs: 150 });
  const dataDir = tempDir('pulse-kill-');
  // 40 pages of 500 at 2 calls in flight: ~20 rounds of 150 ms, so there are many points to cut at.
  const env = headlessEnv(sb);
  const run = (): { child: ChildProcess; exit: Promise<number | null>; out: () => string } => {
    // Each process mints its own access token; Zoho allows 10 per refresh token per 10 minutes,
    // so every child gets its own refresh token (as ten separate cron runs over hours would not need).
    const childEnv = { ...process.env, ...env, ZOHO_REFRESH_TOKEN: sb.issueRefreshToken() };
    const child = spawn(process.execPath, [PULSE_BIN, 'sync', '--data-dir', dataDir], {
      cwd: REPO_ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (out += c));
    return { child, exit: new Promise((res) => child.once('exit', (code) => res(code))), out: () => out };
  };
  openStore(dataDir).close(); // create + migrate once, so the poller below can read
  const db = new Database(path.join(dataDir, 'pulse.sqlite'), { readonly: true, fileMustExist: true });
  const pagesCommitted = () => db.prepare('SELECT count(*) FROM sync_pages').pluck().get() as number;
  const rng = mulberry32(2024);
  let kills = 0;
  try {
    for (let attempt = 0; kills < 10 && attempt < 20; attempt++) {
      const before = pagesCommitted();
      const p = run();
      // Wait until this process committed at least one page, then kill it at a random moment.
      const t0 = Date.now();
      while (pagesCommitted() === before && p.child.exitCode === null && Date.now() - t0 < 30_000) await sleep(20);
      if (p.child.exitCode !== null) break; // finished before we could cut it: the sync is complete
      await sleep(Math.floor(rng() * 400));
      p.child.kill('SIGKILL');
      await p.exit;
      kills++;
    }
    expect(kills).toBe(10);
    const last = run();
    expect(await last.exit, last.out()).toBe(0);
    expect(last.out()).toMatch(/Synced \(full, resumed\)/);

    const pages = db.prepare('SELECT run_id, part, after_id FROM sync_pages').all() as {
      run_id: number;
      part: number;
      after_id: string | null;
    }[];
    const runs = db.prepare("SELECT id, resumed, status FROM sync_runs WHERE kind = 'full' ORDER BY id").all() as {
      id: number;
      resumed: number;
      status: string;
    }[];
    // Page one (the start of the id range) was fetched and committed once, by the first run only.
    const firstPages = pages.filter((p) => p.after_id === null);
    expect(firstPages).toHaveLength(1);
    expect(firstPages[0].run_id).toBe(runs[0].id);
    // Every later run resumed; each killed run is recorded as interrupted.
    expect(runs.slice(1).every((r) => r.resumed === 1)).toBe(true);
    expect(runs.filter((r) => r.status === 'interrupted')).toHaveLength(10);
    // No id range was fetched from the same cursor twice, except a page in flight at a kill.
    const starts = new Map<string, number>();
    for (const p of pages) starts.set(`${p.part}:${p.after_id}`, (starts.get(`${p.part}:${p.after_id}`) ?? 0) + 1);
    expect([...starts.values()].every((n) => n === 1)).toBe(true);
    expect(sb.stats().calls['POST /crm/v8/coql']).toBeLessThanOrEqual(41 + 1 + 10 * 2 + 5);

    db.close();
    const store = openStore(dataDir);
    expect(diffDeals(sb, store.sqlite)).toEqual([]);
    await store.close();
  } finally {
    if (db.open) db.close();
    await sb.close();
  }
}, 150_000);
