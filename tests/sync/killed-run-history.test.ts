import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { startSandbox } from '../../src-main/sandbox/index';
import { PULSE_BIN, REPO_ROOT, runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';

/**
 * Issue 18 weak spot: the sync history recorded a killed run as "+0, 0 calls" although it had
 * written thousands of deals. Its row now grows in each page's own transaction, and the next
 * open marks it interrupted.
 */
it('a full sync killed with SIGKILL shows in the history what it really wrote', async () => {
  const sb = await startSandbox({ deals: 6000, seed: 7, latencyMs: 120 });
  const dataDir = tempDir('pulse-killed-run-');
  const env = {
    ...process.env,
    ZOHO_CLIENT_ID: sb.demoClient.clientId,
    ZOHO_CLIENT_SECRET: sb.demoClient.clientSecret,
    ZOHO_REFRESH_TOKEN: sb.issueRefreshToken(),
    ZOHO_ACCOUNTS_URL: sb.baseUrl,
    ZOHO_BASE_URL: sb.baseUrl,
    PULSE_SYNC_PAGE_SIZE: '200',
    PULSE_ZOHO_CONCURRENCY: '2',
  };
  try {
    const child = spawn(process.execPath, [PULSE_BIN, 'sync', '--data-dir', dataDir], { cwd: REPO_ROOT, env });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const file = path.join(dataDir, 'pulse.sqlite');
    const dealsNow = () => {
      try {
        const db = new Database(file, { readonly: true, fileMustExist: true });
        try {
          return db.prepare('SELECT count(*) FROM deals').pluck().get() as number;
        } finally {
          db.close();
        }
      } catch {
        return 0; // not created yet
      }
    };
    // Let it write a good part (at least five pages), then kill it mid-run.
    await expect.poll(dealsNow, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(1000);
    child.kill('SIGKILL');
    await exited;

    const status = await runPulse(['status', '--data-dir', dataDir, '--json']);
    expect(status.code, status.stderr).toBe(0);
    const { dealCount, recentRuns } = JSON.parse(status.stdout) as {
      dealCount: number;
      recentRuns: { status: string; added: number; pages: number; apiCalls: number }[];
    };
    expect(dealCount).toBeGreaterThanOrEqual(1000);
    expect(dealCount).toBeLessThan(6000);
    const [killed] = recentRuns;
    expect(killed.status).toBe('interrupted');
    // Exactly what it committed: every deal in the cache was added by this run, page by page.
    expect(killed.added).toBe(dealCount);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    const logged = db.prepare('SELECT count(*) FROM sync_pages').pluck().get() as number;
    db.close();
    expect(killed.pages).toBe(logged); // the checkpoint log, written in the same transactions
    expect(killed.pages).toBeGreaterThanOrEqual(5);
    expect(killed.apiCalls).toBeGreaterThanOrEqual(killed.pages);
    const text = await runPulse(['status', '--data-dir', dataDir]);
    expect(text.stdout).toMatch(new RegExp(`full\\s+interrupted\\s+\\+${dealCount} ~0 -0\\s+\\d+ calls`));
  } finally {
    await sb.close();
  }
}, 120_000);
