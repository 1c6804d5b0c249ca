/**
 * SIGKILL of a real `pulse sync` between two Bulk Read result files: the next run resumes at the
 * next file — the stored file is never downloaded again — and ends equal to the CRM.
 */
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openStore } from '../../src-main/core/store/open-store';
import { startSandbox } from '../../src-main/sandbox/index';
import { PULSE_BIN, REPO_ROOT } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';
import { diffDeals } from '../helpers/sync-rig';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('a kill between result files resumes at the next file without downloading the stored one again', async () => {
  // Three files of 2,000; each job takes 1.5 s, so after file 1 is stored the process waits for file 2.
  const sb = await startSandbox({ deals: 6_000, seed: 23, bulk: { delayMs: 1_500, perFile: 2_000 } });
  const dataDir = tempDir('pulse-bulk-kill-');
  const store = openStore(dataDir);
  store.sqlite.prepare("INSERT INTO settings (key, value) VALUES ('bulkReadMinDeals', '1000')").run();
  await store.close();
  const run = () => {
    const env = {
      ...process.env,
      ZOHO_CLIENT_ID: sb.demoClient.clientId,
      ZOHO_CLIENT_SECRET: sb.demoClient.clientSecret,
      ZOHO_ACCOUNTS_URL: sb.baseUrl,
      ZOHO_BASE_URL: sb.baseUrl,
      ZOHO_REFRESH_TOKEN: sb.issueRefreshToken(),
      PULSE_BULK_POLL_MS: '50',
    };
    const child = spawn(process.execPath, [PULSE_BIN, 'sync', '--data-dir', dataDir], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (out += c));
    return {
      child,
      exit: new Promise<number | null>((res) => child.once('exit', (code) => res(code))),
      out: () => out,
    };
  };
  const db = new Database(path.join(dataDir, 'pulse.sqlite'), { readonly: true, fileMustExist: true });
  const filesStored = () => {
    const v = db.prepare("SELECT value FROM sync_state WHERE key = 'sync.full_checkpoint'").pluck().get() as
      string | undefined;
    return v ? ((JSON.parse(v) as { bulk?: { files: number } }).bulk?.files ?? 0) : 0;
  };
  try {
    const first = run();
    const t0 = Date.now();
    while (filesStored() < 1 && first.child.exitCode === null && Date.now() - t0 < 60_000) await sleep(10);
    expect(filesStored(), first.out()).toBe(1);
    first.child.kill('SIGKILL');
    await first.exit;
    const file1 = sb.core.bulk.list().find((j) => j.page === 1)!;
    expect(file1.downloads).toBe(1);

    const second = run();
    expect(await second.exit, second.out()).toBe(0);
    expect(second.out()).toMatch(/Synced \(full, resumed\)/);
    const jobs = sb.core.bulk.list();
    // File 1's job was asked for and downloaded once, by the killed run only.
    expect(jobs.filter((j) => j.page === 1).map((j) => j.downloads)).toEqual([1]);
    // The resumed run followed the job the killed one had created for file 2 (no second job).
    expect(jobs.filter((j) => j.page === 2)).toHaveLength(1);
    expect(jobs.filter((j) => j.page === 3).map((j) => j.downloads)).toEqual([1]);
    const runs = db.prepare("SELECT resumed, status FROM sync_runs WHERE kind = 'full' ORDER BY id").all();
    expect(runs).toEqual([
      { resumed: 0, status: 'interrupted' },
      { resumed: 1, status: 'ok' },
    ]);
    const check = openStore(dataDir);
    try {
      expect(diffDeals(sb, check.sqlite)).toEqual([]);
    } finally {
      await check.close();
    }
  } finally {
    db.close();
    await sb.close();
  }
}, 120_000);
