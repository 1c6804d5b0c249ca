/**
 * The opportunity cache's full pass computes only what a brief keeps (computeStatus) and writes the
 * week's health history many rows per statement. These tests hold both against the plain
 * definitions on a generated org: every brief equals the same fields of the full opportunity
 * (computeOpportunity), on several days and with changed settings, blockers, strategic flags and
 * queued edits; the history holds exactly each deal's health of the week.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDeals, normalizedDeals } from '../../src-main/bench/deal-fixture';
import { weekOf } from '../../src-main/core/o2r/index';
import { O2RService } from '../../src-main/core/o2r-store/o2r-service';
import { openStore, type Store } from '../../src-main/core/store/open-store';
import { tempDir } from '../helpers/temp-dir';

const N = 2345; // not a multiple of the rows per INSERT: the remainder goes one by one

let store: Store;
let day = new Date().toISOString().slice(0, 10);
let o2r: O2RService;

beforeAll(() => {
  store = openStore(tempDir('pulse-o2r-briefs-'));
  const { records, mapping } = normalizedDeals(N, 23);
  loadDeals(store, records, mapping);
  o2r = new O2RService({ sqlite: store.sqlite, api: () => null, today: () => day });
  const ids = [...o2r.cache.all().keys()];
  for (let i = 0; i < 30; i++) o2r.addBlocker(ids[i * 31], 'Waiting for the customer');
  for (let i = 0; i < 30; i++) o2r.setStrategic(ids[i * 37 + 1], true);
  for (let i = 0; i < 20; i++) o2r.edit(ids[i * 41 + 2], { po: day }, false); // queued, laid over the rows
  for (let i = 0; i < 10; i++) o2r.edit(ids[i * 43 + 3], { stage: 'Closed Lost' }, false);
});

afterAll(async () => {
  o2r?.close();
  await store?.close();
});

function expectBriefsMatchFullOpportunities() {
  o2r.cache.full();
  const briefs = o2r.cache.all();
  expect(briefs.size).toBe(N);
  const full = o2r.cache.details([...briefs.keys()]);
  expect(full).toHaveLength(N);
  const healths = new Set<string>();
  for (const opp of full) {
    const brief = briefs.get(opp.id)!;
    // Every field the brief keeps, and no other, is the full opportunity's.
    const want = Object.fromEntries(Object.keys(brief).map((k) => [k, opp[k as keyof typeof opp]]));
    expect(brief, opp.id).toEqual(want);
    healths.add(opp.health);
  }
  // The org is varied enough for the comparison to mean something.
  expect(healths.size).toBeGreaterThanOrEqual(4);
}

it('every brief equals the full opportunity on today, a month on, and with other settings', () => {
  expectBriefsMatchFullOpportunities();
  day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  expectBriefsMatchFullOpportunities();
  o2r.updateSettings({
    thresholds: { staleDays: 3 },
    trackedRoles: ['proposal', 'po', 'invoice', 'payment'],
    optionalRoles: [],
  });
  expectBriefsMatchFullOpportunities();
  o2r.resetSettings();
  day = new Date().toISOString().slice(0, 10);
  expectBriefsMatchFullOpportunities();
});

it("the week's health history holds each deal's health, written many rows at a time", () => {
  const week = weekOf(day).start;
  store.sqlite.prepare('DELETE FROM o2r_health_history WHERE week = ?').run(week);
  const fresh = new O2RService({ sqlite: store.sqlite, api: () => null, today: () => day });
  try {
    fresh.cache.full();
    const recorded = new Map(
      store.sqlite.prepare('SELECT deal_id, health FROM o2r_health_history WHERE week = ?').raw().all(week) as [
        string,
        string,
      ][],
    );
    expect(recorded.size).toBe(N);
    for (const b of fresh.cache.all().values()) expect(recorded.get(b.id), b.id).toBe(b.health);
  } finally {
    fresh.close();
  }
});
