/**
 * Quitting the app during a first full sync: the host awaits `core.close()` (the Electron shell
 * and `pulse web` do), which stops the schedule and cancels the run at its next page boundary.
 * Everything committed is kept with its checkpoint, the run is recorded as cancelled, the lease
 * is released — and the next start resumes where it stopped, fetching no page twice.
 */
import { afterAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/core';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { tempDir } from '../helpers/temp-dir';
import { diffDeals } from '../helpers/sync-rig';

let sb: Sandbox | undefined;
afterAll(async () => sb?.close());

/** A core as the demo workspace opens one: connection set, then started (background sync on). */
function appCore(dataDir: string, sandbox: Sandbox): Core {
  const core = createCore({
    dataDir,
    host: 'test',
    demo: true,
    sync: { autoStart: true, engine: { pageSize: 500, concurrency: 2 } },
  });
  core.ctx.connection.useDemo({
    baseUrl: sandbox.baseUrl,
    ...sandbox.demoClient,
    refreshToken: sandbox.issueRefreshToken(),
  });
  core.start();
  return core;
}

it('a quit during a first full sync saves its place, and the next start resumes from the checkpoint', async () => {
  sb = await startSandbox({ deals: 12_000, seed: 23, latencyMs: 150 });
  const dataDir = tempDir('pulse-quit-');
  const first = appCore(dataDir, sb);
  const sqlite = first.ctx.store.sqlite;
  const pages = () => sqlite.prepare('SELECT count(*) FROM sync_pages').pluck().get() as number;
  await expect.poll(pages, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  expect(first.ctx.sync.engine.inProgress).toBe(true);

  await first.close(); // what the host awaits on quit
  expect(sqlite.open).toBe(false); // closed only after the sync had ended
  const again = createCore({ dataDir, host: 'test', demo: true, sync: { engine: { pageSize: 500, concurrency: 2 } } });
  try {
    const db = again.ctx.store.sqlite;
    const runs = db.prepare('SELECT kind, status, pages FROM sync_runs').all() as {
      kind: string;
      status: string;
      pages: number;
    }[];
    expect(runs).toEqual([{ kind: 'full', status: 'cancelled', pages: expect.any(Number) }]);
    expect(runs[0].pages).toBeGreaterThanOrEqual(3);
    expect(db.prepare('SELECT count(*) FROM sync_lease').pluck().get()).toBe(0); // released
    // Every page committed before the quit is kept, with its deals.
    const committed = db.prepare('SELECT sum(rows) FROM sync_pages').pluck().get() as number;
    expect(committed).toBeGreaterThan(0);
    expect(db.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(committed);
    expect(again.ctx.sync.engine.chooseKind('auto')).toBe('full'); // a checkpoint waits

    again.ctx.connection.useDemo({ baseUrl: sb.baseUrl, ...sb.demoClient, refreshToken: sb.issueRefreshToken() });
    const result = await again.ctx.sync.runToEnd('auto');
    expect(result).toMatchObject({ status: 'ok', kind: 'full', resumed: true });
    // No id range was fetched twice: the pages committed before the quit were not asked for again.
    const starts = db.prepare('SELECT part, after_id, count(*) AS n FROM sync_pages GROUP BY part, after_id').all() as {
      n: number;
    }[];
    expect(starts.every((s) => s.n === 1)).toBe(true);
    expect(diffDeals(sb, db)).toEqual([]);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'deals_dashboard'").pluck().get()).toBe(1);
  } finally {
    await again.close();
  }
}, 120_000);
