import { afterAll, beforeAll, expect, it } from 'vitest';
import { diffDeals, rig, type Rig } from '../helpers/sync-rig';

let r: Rig;
beforeAll(async () => {
  // The generator stamps hundreds of deals "modified 60 s ago" at startup, which a delta's safety
  // overlap would rightly fetch again. Generate the org ten minutes in the past instead, as if
  // nobody had edited anything just before the first sync; CRM edits then use the real clock.
  let offset = -10 * 60_000;
  r = await rig({ deals: 20_000, seed: 8, now: () => new Date(Date.now() + offset) });
  offset = 0;
  expect((await r.engine.run('auto', 'manual')).status).toBe('ok');
}, 120_000);
afterAll(async () => r?.close());

it('a full sync of 20,000 deals uses COQL pages of 2,000 (a dozen calls, not a hundred)', () => {
  const last = r.engine.runs.list(1)[0];
  expect(last).toMatchObject({ kind: 'full', status: 'ok', added: 20_000 });
  // 10 pages + 2 range probes + fields + currencies + the deal count that decides on Bulk Read (+ rounding)
  expect(last.apiCalls).toBeLessThanOrEqual(17);
  expect(diffDeals(r.sb, r.store.sqlite)).toEqual([]);
});

it('a delta after 50 CRM edits and 10 deletions in a 20,000-deal org uses at most 3 API calls', async () => {
  const ids = r.sb.dumpDeals().map((d) => d.id);
  for (let i = 0; i < 50; i++) r.sb.editDeal(ids[i * 397], { Amount: 1000 + i, Next_Step: `Call ${i}` });
  for (let i = 0; i < 10; i++) r.sb.deleteDeal(ids[i * 1999 + 5]);
  r.sb.resetStats();
  const res = await r.engine.run('auto', 'manual');
  expect(res).toMatchObject({ kind: 'delta', status: 'ok', removed: 10 });
  expect(res.changed).toBeGreaterThanOrEqual(50);
  expect(r.sb.stats().totalApiCalls).toBeLessThanOrEqual(3);
  expect(diffDeals(r.sb, r.store.sqlite)).toEqual([]);
});

it('a delta is idempotent: repeating it changes nothing and still converges', async () => {
  const res = await r.engine.run('delta', 'manual');
  expect(res).toMatchObject({ status: 'ok', added: 0, changed: 0, removed: 0 });
  expect(diffDeals(r.sb, r.store.sqlite)).toEqual([]);
});

it('a full sync removes deals that are gone from the CRM (deleted without a recycle-bin trace)', async () => {
  // A deal missing from the CRM but still cached (e.g. deleted long ago, bin emptied).
  r.store.sqlite.prepare("INSERT INTO deals (id, name, synced_at) VALUES ('5843210000009999999', 'Ghost', 'x')").run();
  const res = await r.engine.run('full', 'manual');
  expect(res).toMatchObject({ kind: 'full', status: 'ok', removed: 1 });
  expect(diffDeals(r.sb, r.store.sqlite)).toEqual([]);
  // Snapshots: today's rows exist for open deals only.
  const snap = r.store.sqlite.prepare('SELECT count(*) FROM deal_snapshots').pluck().get() as number;
  const open = r.store.sqlite
    .prepare("SELECT count(*) FROM deals d JOIN deal_stages s ON s.name = d.stage WHERE s.forecast_type = 'Open'")
    .pluck()
    .get() as number;
  expect(snap).toBe(open);
  expect(open).toBeGreaterThan(1000);
});
