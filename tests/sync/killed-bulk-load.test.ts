/**
 * A first full sync drops the `deals` indexes for its bulk load and rebuilds them at its end. When
 * it is killed (SIGKILL) in between, the next process that opens the data folder — any host,
 * here `pulse status` and a core in this process — must put them back, and the sync must still
 * resume from its checkpoint.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { createCore } from '../../src-main/core/core';
import { openStore } from '../../src-main/core/store/open-store';
import { startSandbox } from '../../src-main/sandbox/index';
import { PULSE_BIN, REPO_ROOT, runPulse } from '../helpers/pulse-process';
import { tempDir } from '../helpers/temp-dir';
import { diffDeals, headlessEnv } from '../helpers/sync-rig';

const dealIndexes = (db: Database.Database) =>
  (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deals' AND sql IS NOT NULL")
      .pluck()
      .all() as string[]
  ).sort();

it('a store opened after a first full sync was killed mid-load gets its deals indexes back, and the sync resumes', async () => {
  const sb = await startSandbox({ deals: 8_000, seed: 17, latencyMs: 150 });
  const dataDir = tempDir('pulse-killed-load-');
  const env = { ...process.env, ...headlessEnv(sb) };
  const fresh = openStore(dataDir); // the indexes a migrated store has
  const expected = dealIndexes(fresh.sqlite);
  await fresh.close();
  expect(expected).toContain('deals_dashboard');
  const db = new Database(path.join(dataDir, 'pulse.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const child = spawn(process.execPath, [PULSE_BIN, 'sync', '--data-dir', dataDir], {
      cwd: REPO_ROOT,
      env: { ...env, ZOHO_REFRESH_TOKEN: sb.issueRefreshToken() },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Killed once pages are in and the indexes are gone: the middle of the bulk load.
    await expect
      .poll(() => (db.prepare('SELECT count(*) FROM sync_pages').pluck().get() as number) > 0, { timeout: 30_000 })
      .toBe(true);
    child.kill('SIGKILL');
    await exited;
    expect(dealIndexes(db)).toEqual([]);

    // Any host opening the folder repairs it: here the CLI's status command.
    const status = await runPulse(['status', '--data-dir', dataDir, '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(dealIndexes(db)).toEqual(expected);

    // The checkpoint kept its place: the next sync resumes and ends equal to the CRM.
    const core = createCore({
      dataDir,
      host: 'test',
      environment: { ...env, ZOHO_REFRESH_TOKEN: sb.issueRefreshToken() },
    });
    try {
      const result = await core.ctx.sync.runToEnd('auto');
      expect(result).toMatchObject({ status: 'ok', kind: 'full', resumed: true });
      expect(dealIndexes(core.ctx.store.sqlite)).toEqual(expected);
      expect(diffDeals(sb, core.ctx.store.sqlite)).toEqual([]);
    } finally {
      await core.close();
    }
  } finally {
    db.close();
    await sb.close();
  }
}, 120_000);
