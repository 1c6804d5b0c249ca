/**
 * The Review screen's pages come from a compact index of the week's review (review-query.ts), not
 * from a list of every built row. These tests hold the pages against the plain definition: every
 * row of the review (the export's `o2r.review`), filtered and sorted the way the screen asks, then
 * sliced. They run on a generated org of a few thousand deals with eight weeks of health history,
 * notes, reviewed marks, blockers and comments, for this week and a past week.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeals, normalizedDeals } from '../../src-main/bench/deal-fixture';
import { HEALTH_SEVERITY, weekOf, type Health, type Movement, type ReviewRow } from '../../src-main/core/o2r/index';
import { O2RService } from '../../src-main/core/o2r-store/o2r-service';
import { buildWeeklyReview } from '../../src-main/core/o2r-store/review-builder';
import {
  REVIEW_SHOWS,
  REVIEW_SORTS,
  type ReviewQuery,
  type ReviewShow,
} from '../../src-main/core/o2r-store/review-query';
import { openStore, type Store } from '../../src-main/core/store/open-store';
import { seedDemoHealthHistory } from '../../src-main/demo/demo-health-history';
import { tempDir } from '../helpers/temp-dir';

const TODAY = new Date().toISOString().slice(0, 10);
const N = 3000;

let store: Store;
let o2r: O2RService;

beforeAll(() => {
  store = openStore(tempDir('pulse-review-query-'));
  const { records, mapping } = normalizedDeals(N, 11);
  loadDeals(store, records, mapping);
  o2r = new O2RService({ sqlite: store.sqlite, api: () => null, today: () => TODAY });
  seedDemoHealthHistory(store.sqlite, o2r.getSettings(), TODAY);
  o2r.historySeeded();
  const ids = [...o2r.cache.all().keys()];
  // Local activity this week: notes, reviewed marks, blockers, comments (they count as updates).
  for (let i = 0; i < 40; i++) o2r.setReviewNote(ids[i * 7], `note ${i}`);
  for (let i = 0; i < 60; i++) o2r.markReviewed(ids[i * 11], true);
  for (let i = 0; i < 15; i++) o2r.addBlocker(ids[i * 13 + 1], 'Waiting for legal');
  for (let i = 0; i < 15; i++) o2r.comment(ids[i * 17 + 2], 'Called the buyer');
});

afterAll(async () => {
  o2r?.close();
  await store?.close();
});

// ── the plain definition the pages must match ─────────────────────────────────
const SHOW: Record<ReviewShow, (r: ReviewRow) => boolean> = {
  all: () => true,
  open: (r) => !r.closedLost,
  notUpdated: (r) => !r.closedLost && !r.updatedThisWeek,
  deteriorated: (r) => !r.closedLost && r.movement === 'deteriorated',
  attention: (r) => !r.closedLost && (r.health === 'RED' || r.health === 'BLOCKED'),
  notReviewed: (r) => !r.closedLost && !r.reviewed,
  closedLost: (r) => r.closedLost,
};
const MOVE_RANK: Record<Movement, number> = { deteriorated: 0, new: 1, stable: 2, improved: 3 };
const severity = (h: Health) => 4 - HEALTH_SEVERITY[h];

function expected(rows: readonly ReviewRow[], q: ReviewQuery): ReviewRow[] {
  const needle = q.search?.trim().toLowerCase() ?? '';
  const dir = q.descending ? -1 : 1;
  const byName = (a: ReviewRow, b: ReviewRow) => {
    const x = a.name.toLowerCase();
    const y = b.name.toLowerCase();
    if (x !== y) return x < y ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  const key = (r: ReviewRow) =>
    q.sort === 'movement'
      ? MOVE_RANK[r.movement] * 10 + severity(r.health)
      : q.sort === 'health'
        ? severity(r.health) * 10 + MOVE_RANK[r.movement]
        : (r.daysSinceUpdate ?? Number.MAX_SAFE_INTEGER);
  return rows
    .filter(
      (r) =>
        SHOW[q.show](r) &&
        (!needle || r.name.toLowerCase().includes(needle) || (r.territory ?? '').toLowerCase().includes(needle)),
    )
    .sort(q.sort === 'name' ? (a, b) => dir * byName(a, b) : (a, b) => dir * (key(a) - key(b)) || byName(a, b));
}

describe('Review page from the compact index', () => {
  const weeks = [
    ['this week', undefined],
    ['a past week', weekOf(new Date(Date.parse(TODAY) - 14 * 86_400_000).toISOString().slice(0, 10)).start],
  ] as const;

  /** Every show × sort × direction, a first, a middle and a last page, against the full review. */
  function expectPagesMatch(week: string | undefined) {
    const full = o2r.review(week);
    for (const show of REVIEW_SHOWS)
      for (const sort of REVIEW_SORTS)
        for (const descending of [false, true]) {
          const q: ReviewQuery = { show, sort, descending };
          const want = expected(full.rows, q);
          for (const [offset, limit] of [
            [0, 50],
            [120, 37],
            [Math.max(0, want.length - 10), 50],
          ]) {
            const page = o2r.reviewPage(week, limit, offset, q);
            expect(page.total, `${show}/${sort}/${descending}`).toBe(want.length);
            expect(page.rows, `${show}/${sort}/${descending} @${offset}`).toEqual(want.slice(offset, offset + limit));
            expect(page.insights).toEqual(full.insights);
            expect(page.week).toEqual(full.week);
          }
        }
    return full;
  }

  it.each(weeks)('%s: every show × sort × direction, first and a later page, equals the full review', (_, week) => {
    const full = expectPagesMatch(week);
    expect(full.total).toBe(N);
    // The history, notes and activity make every movement and both reviewed states appear.
    expect(new Set(full.rows.map((r) => r.movement)).size).toBe(4);
    if (week === undefined) expect(new Set(full.rows.map((r) => r.reviewed)).size).toBe(2);
  });

  it('after edits, blockers, comments, notes and reviewed marks (the index recounts those rows) pages still equal the full review', () => {
    o2r.reviewPage(undefined, 50, 0); // the index is current
    const full = o2r.review();
    const open = full.rows.filter((r) => !r.closedLost);
    const closedLost = full.rows.find((r) => r.closedLost)!;
    // A deal moves to Closed Lost and back out of it, a PO date lands, blockers open on green deals.
    o2r.edit(open[3].id, { stage: 'Closed Lost' }, false);
    o2r.edit(closedLost.id, { stage: 'Negotiation (80)' }, false);
    o2r.edit(open[8].id, { po: TODAY }, false);
    const green = open.filter((r) => r.health === 'GREEN');
    for (const r of green.slice(0, 3)) o2r.addBlocker(r.id, 'Customer legal review');
    o2r.comment(open[20].id, 'Spoke to procurement');
    o2r.setReviewNote(open[21].id, 'Chase the PO');
    o2r.markReviewed(open[22].id, true);
    o2r.markReviewed(full.rows.find((r) => r.reviewed)!.id, false);
    o2r.setStrategic(open[23].id, true);
    const after = expectPagesMatch(undefined);
    expect(after.insights).not.toEqual(full.insights);
    expect(after.rows.find((r) => r.id === open[3].id)!.closedLost).toBe(true);
    expect(after.rows.find((r) => r.id === green[0].id)!.health).toBe('BLOCKED');
    // The past week's index sees the same changes through its own context.
    expectPagesMatch(weeks[1][1]);
  });

  it('a search matches names and territories, case-insensitively', () => {
    const full = o2r.review();
    const territory = full.rows.find((r) => r.territory)!.territory!;
    for (const search of ['a', 'ROLL', ` ${territory.toUpperCase()} `, 'no such deal anywhere']) {
      const q: ReviewQuery = { show: 'all', search, sort: 'name', descending: false };
      const want = expected(full.rows, q);
      const page = o2r.reviewPage(undefined, 25, 5, q);
      expect(page.total).toBe(want.length);
      expect(page.rows).toEqual(want.slice(5, 30));
    }
    expect(
      o2r.reviewPage(undefined, 25, 0, { show: 'all', search: territory, sort: 'name', descending: false }).total,
    ).toBeGreaterThan(0);
  });

  it('rows asked by id come back in that order, unknown ids left out', () => {
    const full = o2r.review();
    const pick = [full.rows[5], full.rows[2999], full.rows[17]];
    const page = o2r.reviewPage(undefined, 50, 0, undefined, [pick[0].id, 'no-such-id', pick[1].id, pick[2].id]);
    expect(page.rows).toEqual(pick);
  });

  it('an O2R change shows on the next page at once (the index is rebuilt)', () => {
    const q: ReviewQuery = { show: 'notReviewed', sort: 'name', descending: false };
    const before = o2r.reviewPage(undefined, 10, 0, q);
    const first = before.rows[0];
    o2r.markReviewed(first.id, true);
    const after = o2r.reviewPage(undefined, 10, 0, q);
    expect(after.total).toBe(before.total - 1);
    expect(after.rows.map((r) => r.id)).not.toContain(first.id);
    expect(after.insights.reviewed).toBe(before.insights.reviewed + 1);
    o2r.markReviewed(first.id, false);
    expect(o2r.reviewPage(undefined, 10, 0, q).rows[0]).toEqual(first);
  });

  it('the export review streamed from the briefs equals the review of the fully computed opportunities', () => {
    for (const [, week] of weeks) {
      const fromFull = buildWeeklyReview(
        store.sqlite,
        o2r.cache.everything(),
        o2r.history,
        o2r.local,
        week ?? TODAY,
        TODAY,
      );
      expect(o2r.review(week)).toEqual(fromFull);
    }
  });
});
