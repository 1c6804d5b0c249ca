/**
 * Today's snapshot after every sync (sync/snapshots.ts): a delta rewrites the rows of the deals
 * that changed, not every open deal's (at 1,000,000 deals rewriting them all cost ~4.5 s of the
 * main process after every sync), and the day still holds every open deal as it is now. Real
 * sandbox over HTTP, real SQLite file.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { localDay, OPEN_DEAL_SQL, takeSnapshot } from '../../src-main/core/sync/snapshots';
import { rig, type Rig } from '../helpers/sync-rig';

let r: Rig;
beforeAll(async () => {
  // The org is generated ten minutes in the past, so a delta's safety overlap fetches nothing
  // that was not edited by the test (as in delta.test.ts).
  let offset = -10 * 60_000;
  r = await rig({ deals: 3000, seed: 11, now: () => new Date(Date.now() + offset) });
  offset = 0;
  expect((await r.engine.run('auto', 'manual')).status).toBe('ok');
}, 120_000);
afterAll(async () => r?.close());

const COLUMNS = 'stage, amount, amount_home, probability, closing_date';
const dayRows = (day: string) =>
  r.store.sqlite
    .prepare(`SELECT deal_id, ${COLUMNS} FROM deal_snapshots WHERE day = ? ORDER BY deal_id`)
    .raw()
    .all(day);
const openDealsNow = () =>
  r.store.sqlite.prepare(`SELECT id, ${COLUMNS} FROM deals WHERE ${OPEN_DEAL_SQL} ORDER BY id`).raw().all();
const pending = () => r.store.sqlite.prepare('SELECT count(*) FROM deal_snapshot_pending').pluck().get() as number;

it('a full sync writes the whole day: every open deal as it is, and nothing left in the log', () => {
  expect(dayRows(localDay())).toEqual(openDealsNow());
  expect(openDealsNow().length).toBeGreaterThan(1000);
  expect(pending()).toBe(0);
});

it('a delta after CRM edits, closings, deletions and new deals rewrites only those deals, and the day is right', async () => {
  const sqlite = r.store.sqlite;
  const open = openDealsNow().map((row) => (row as string[])[0]);
  for (let i = 0; i < 20; i++) r.sb.editDeal(open[i * 37], { Amount: 5000 + i });
  for (let i = 0; i < 5; i++) r.sb.editDeal(open[i * 41 + 1], { Stage: 'Closed Lost' });
  for (let i = 0; i < 5; i++) r.sb.deleteDeal(open[i * 43 + 2]);
  for (let i = 0; i < 3; i++)
    r.sb.createDeal({ Deal_Name: `New ${i}`, Stage: 'Negotiation (80)', Closing_Date: '2027-03-31', Amount: 900 });
  // A deal the CRM did not touch, altered in the snapshot by hand: a rewrite of the whole day
  // would put it back, a rewrite of the changed deals leaves it.
  const untouched = open[open.length - 1];
  sqlite.prepare('UPDATE deal_snapshots SET amount = -1 WHERE day = ? AND deal_id = ?').run(localDay(), untouched);

  const res = await r.engine.run('delta', 'manual');
  expect(res).toMatchObject({ kind: 'delta', status: 'ok', added: 3, removed: 5 });
  expect(
    sqlite
      .prepare('SELECT amount FROM deal_snapshots WHERE day = ? AND deal_id = ?')
      .pluck()
      .get(localDay(), untouched),
  ).toBe(-1);
  sqlite
    .prepare('UPDATE deal_snapshots SET amount = (SELECT amount FROM deals WHERE id = ?) WHERE day = ? AND deal_id = ?')
    .run(untouched, localDay(), untouched);
  expect(dayRows(localDay())).toEqual(openDealsNow());
  expect(pending()).toBe(0);
  // Nothing changed since: the next snapshot writes no row.
  expect(takeSnapshot(sqlite)).toEqual({ whole: false, written: 0 });
});

it('a deal removed between syncs (an instant update) leaves the day at the next sync', async () => {
  const gone = (openDealsNow()[5] as string[])[0];
  r.store.sqlite.prepare('DELETE FROM deals WHERE id = ?').run(gone);
  expect((await r.engine.run('delta', 'manual')).status).toBe('ok');
  const ids = dayRows(localDay()).map((row) => (row as string[])[0]);
  expect(ids).not.toContain(gone);
  expect(dayRows(localDay())).toEqual(openDealsNow());
});

it('home amounts recomputed, a new day, and stages whose open/closed meaning changed are all taken in', () => {
  const sqlite = r.store.sqlite;
  // Home amounts recomputed (a new home currency or rate): every deal's amount_home changes.
  sqlite.prepare('UPDATE deals SET amount_home = round(amount_home * 1.25, 2) WHERE amount_home IS NOT NULL').run();
  expect(takeSnapshot(sqlite).whole).toBe(false);
  expect(dayRows(localDay())).toEqual(openDealsNow());

  // Another day: the whole day is written, the earlier day is left as it was.
  const before = dayRows(localDay());
  const next = '2099-01-01';
  expect(takeSnapshot(sqlite, next)).toEqual({ whole: true, written: openDealsNow().length });
  expect(dayRows(next)).toEqual(openDealsNow());
  expect(dayRows(localDay())).toEqual(before);

  // A stage that no longer counts as open (the CRM's forecast type changed): its deals leave the day.
  const inNegotiation = sqlite
    .prepare("SELECT count(*) FROM deals WHERE stage = 'Negotiation (80)'")
    .pluck()
    .get() as number;
  expect(inNegotiation).toBeGreaterThan(0);
  sqlite.prepare("UPDATE deal_stages SET forecast_type = 'Closed Lost' WHERE name = 'Negotiation (80)'").run();
  expect(takeSnapshot(sqlite, next)).toEqual({ whole: true, written: openDealsNow().length });
  expect(dayRows(next)).toEqual(openDealsNow());
  expect(dayRows(next).some((row) => (row as string[])[1] === 'Negotiation (80)')).toBe(false);
});
