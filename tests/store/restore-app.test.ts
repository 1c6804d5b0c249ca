import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSavedConnection } from '../../src-main/core/connection/saved-connection';
import { createCore, type Core } from '../../src-main/core/core';
import { listBackups } from '../../src-main/core/store/backup';
import { o2rRig, type O2RRig } from '../helpers/o2r-rig';
import { damageTable, rowsOf } from '../helpers/damage';
import { tempDir } from '../helpers/temp-dir';

/**
 * The app's side of a damaged data file (the browser host and Electron share it): the core
 * starts in recovery instead of failing, says what happened through `store.status`, and
 * `store.restore` rebuilds the file and syncs again — here against the sandbox over HTTP.
 */
describe('restoring from the app (store.* calls)', () => {
  let rig: O2RRig;
  let dealId: string;
  beforeAll(async () => {
    rig = await o2rRig({ deals: 25 });
    dealId = rig.sb.dumpDeals()[3].id;
    await rig.call('o2r.blockers.add', { id: dealId, reason: 'Waiting for the SOW' });
    await rig.call('o2r.comment', { id: dealId, text: 'Asked procurement twice' });
    await rig.call('o2r.review.setNote', { id: dealId, note: 'At risk' });
    await rig.call('o2r.edit', { id: dealId, changes: { po: '2026-06-01' }, push: false });
    await rig.core.close();
    const core = createCore({ dataDir: rig.dataDir, host: 'test' });
    core.start(); // takes the daily backup
    await core.close(); // once it is complete
    expect(listBackups(rig.dataDir)).toHaveLength(1);
  });
  afterAll(async () => rig?.sb.close());

  const copy = () => {
    const dir = tempDir('pulse-app-restore-');
    fs.cpSync(rig.dataDir, dir, { recursive: true });
    return dir;
  };

  /** The app host, connected to the sandbox the way the demo workspace connects (in memory). */
  function appCore(dir: string): Core {
    const core = createCore({
      dataDir: dir,
      host: 'web',
      demo: true,
      o2r: { autoPush: false },
      backups: { firstLookMs: 0 }, // the app hosts look a minute after start; these tests at once
      connection: { clientTuning: { backoffBaseMs: 5, backoffMaxMs: 50, timeoutMs: 3_000, callsPerMinute: 10_000 } },
    });
    core.onOpen((ctx) => {
      ctx.connection.useDemo({
        baseUrl: rig.sb.baseUrl,
        ...rig.sb.demoClient,
        refreshToken: rig.sb.issueRefreshToken(),
      });
    });
    core.start(); // as the app hosts do, after the connection is set (lifecycle.ts)
    return core;
  }

  const localRows = (dir: string) => ({
    blockers: rowsOf(path.join(dir, 'pulse.sqlite'), 'SELECT reason FROM o2r_blockers'),
    comments: rowsOf(path.join(dir, 'pulse.sqlite'), 'SELECT text FROM o2r_comments'),
    notes: rowsOf(path.join(dir, 'pulse.sqlite'), 'SELECT note FROM o2r_review_notes'),
    edits: rowsOf(path.join(dir, 'pulse.sqlite'), "SELECT field, new_value FROM o2r_edits WHERE status = 'pending'"),
  });

  it('starts in recovery on a damaged file, then restores and re-syncs when asked', async () => {
    const dir = copy();
    const before = localRows(dir);
    damageTable(path.join(dir, 'pulse.sqlite'), 'o2r_review_notes');
    const core = appCore(dir);
    const heard: string[][] = [];
    core.subscribe((name, payload) => name === 'data.changed' && heard.push((payload as { topics: string[] }).topics));
    try {
      expect(core.damaged).not.toBeNull();
      expect(await core.dispatch('app.info', {})).toMatchObject({ ok: true, result: { dataDir: dir } });
      const refused = await core.dispatch('o2r.list', {});
      expect(refused).toMatchObject({ ok: false, error: { name: 'DatabaseDamagedError', code: 'DATABASE_DAMAGED' } });
      const status = await core.dispatch('store.status', {});
      expect(status).toMatchObject({
        ok: true,
        result: { damaged: { reason: expect.stringMatching(/o2r_review_notes/) }, backups: [{ reason: 'daily' }] },
      });

      const restored = await core.dispatch('store.restore', {});
      expect(restored).toMatchObject({
        ok: true,
        result: { backup: { reason: 'daily' }, counts: { blockers: 1, comments: 1, reviewNotes: 1, queuedEdits: 1 } },
      });
      expect(heard.some((topics) => topics.includes('store'))).toBe(true);
      // The new core syncs by itself (an app host) and the pipeline is back, with the local work on it.
      await expect.poll(async () => (await core.ctx.sync.status()).dealCount, { timeout: 30_000 }).toBe(25);
      const detail = await core.dispatch('o2r.get', { id: dealId });
      expect(detail).toMatchObject({
        ok: true,
        result: {
          opportunity: {
            milestones: expect.arrayContaining([expect.objectContaining({ role: 'po', date: '2026-06-01' })]),
          },
          blockers: [{ reason: 'Waiting for the SOW' }],
          comments: [{ text: 'Asked procurement twice' }],
        },
      });
      expect(localRows(dir)).toEqual(before);
    } finally {
      await core.close();
    }
  });

  it('damage in the deals cache is found by the check before the daily backup, announced, and restorable', async () => {
    const dir = copy();
    // The backup is two days old: the next open takes the daily one, after checking the whole file.
    const [old] = listBackups(dir);
    const twoDaysAgo = new Date(Date.parse(old.at) - 2 * 86_400_000).toISOString().replace(/[:.]/g, '-');
    fs.renameSync(old.file, path.join(path.dirname(old.file), `pulse-local-${twoDaysAgo}-daily.sqlite`));
    damageTable(path.join(dir, 'pulse.sqlite'), 'deal_raw');
    const core = appCore(dir);
    try {
      await expect.poll(() => core.damaged?.reason ?? null).toMatch(/the file fails its check/);
      expect(listBackups(dir)).toHaveLength(1); // a copy of a damaged file did not push the good one out
      const restored = await core.dispatch('store.restore', {});
      expect(restored).toMatchObject({ ok: true, result: { counts: { blockers: 1, comments: 1, queuedEdits: 1 } } });
      expect((restored as { result: { salvaged: string[] } }).result.salvaged).toContain('o2r_blockers');
      await expect.poll(async () => (await core.ctx.sync.status()).dealCount, { timeout: 30_000 }).toBe(25);
      expect(core.damaged).toBeNull();
    } finally {
      await core.close();
    }
  });

  it('a damaged account profile opens as the account (showing the damage), not as the demo or the welcome', async () => {
    const dir = copy();
    fs.writeFileSync(path.join(dir, 'pulse.sqlite'), 'not a database any more');
    expect(hasSavedConnection(dir)).toBe(true);
    expect(hasSavedConnection(tempDir())).toBe(false);
  });

  it('refuses to restore a sound file from the app', async () => {
    const core = appCore(copy());
    try {
      expect(await core.dispatch('store.restore', {})).toMatchObject({
        ok: false,
        error: { name: 'RestoreError', message: expect.stringMatching(/not damaged/) },
      });
      expect(await core.dispatch('settings.get', {})).toMatchObject({ ok: true });
    } finally {
      await core.close();
    }
  });
});
