import { afterEach, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/contract/schemas';
import { openStore } from '../../src-main/core/store/open-store';
import { SyncEngine } from '../../src-main/core/sync/engine';
import { diffDeals, rig, type Rig } from '../helpers/sync-rig';

let r: Rig | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

it('the fail-safe refuses a delta that would delete most of the pipeline, then applies it once confirmed', async () => {
  r = await rig({ deals: 200, seed: 4 });
  await r.engine.run('auto', 'manual');
  const ids = r.sb.dumpDeals().map((d) => d.id);
  for (const id of ids.slice(0, 150)) r.sb.deleteDeal(id);
  r.sb.editDeal(ids[190], { Amount: 777 });

  const refused = await r.engine.run('auto', 'manual');
  expect(refused).toMatchObject({
    kind: 'delta',
    status: 'refused',
    failure: 'failsafe',
    errorCode: 'FAILSAFE_REFUSED',
  });
  expect(r.store.sqlite.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(200);
  expect(r.engine.failsafe()).toMatchObject({ kind: 'delta', removals: 150, localCount: 200, thresholdPercent: 50 });
  // Asking again does not slip it through.
  expect((await r.engine.run('auto', 'manual')).status).toBe('refused');

  expect(r.engine.confirmFailsafe()).toBe(true);
  const applied = await r.engine.run('auto', 'confirm');
  expect(applied).toMatchObject({ status: 'ok', removed: 150 });
  expect(r.engine.failsafe()).toBeNull();
  expect(diffDeals(r.sb, r.store.sqlite)).toEqual([]);
});

it('the fail-safe also guards the removals at the end of a full sync', async () => {
  r = await rig({ deals: 100, seed: 5 });
  await r.engine.run('full', 'manual');
  for (const d of r.sb.dumpDeals().slice(0, 80)) r.sb.deleteDeal(d.id, true);
  const refused = await r.engine.run('full', 'manual');
  expect(refused.status).toBe('refused');
  expect(r.store.sqlite.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(100);
  r.engine.confirmFailsafe();
  // The confirmed run finishes the same full sync from its checkpoint: no page is fetched again.
  r.sb.resetStats();
  const done = await r.engine.run('auto', 'confirm');
  expect(done).toMatchObject({ kind: 'full', status: 'ok', removed: 80, resumed: true });
  expect(r.sb.stats().calls['POST /crm/v8/coql'] ?? 0).toBe(0);
  expect(diffDeals(r.sb, r.store.sqlite)).toEqual([]);
});

it('two engines on one data dir: only one syncs at a time (lease in the database)', async () => {
  r = await rig({ deals: 3000, seed: 6, latencyMs: 60 });
  const second = openStore(r.dataDir);
  const other = new SyncEngine({
    sqlite: second.sqlite,
    getSettings: async () => DEFAULT_SETTINGS,
    getApi: () => r!.client,
  });
  try {
    const [a, b] = await Promise.all([
      r.engine.run('auto', 'manual'),
      new Promise((res) => setTimeout(res, 30)).then(() => other.run('auto', 'manual')),
    ]);
    expect(a.status).toBe('ok');
    expect(b).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/Another Pipeline Pulse process/) });
    // Released at the end: the other one may sync now.
    expect((await other.run('auto', 'manual')).status).toBe('ok');
  } finally {
    await second.close();
  }
});
