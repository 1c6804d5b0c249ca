/**
 * The opportunity cache holds every deal's brief as columns, one row per deal, kept up to date
 * incrementally (opportunity-columns.ts). These tests hold what a user sees — the O2R list, the
 * phase board and the weekly review, with the health history behind it — against a fresh full pass
 * over the same data, after deals were removed by a sync, after they came back, and after a full
 * pass that renumbered the rows; and the encodings the columns use against the text they replace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeals, normalizedDeals } from '../../src-main/bench/deal-fixture';
import { encodeTime, formatTime } from '../../src-main/core/o2r-store/modified-time';
import { O2RService } from '../../src-main/core/o2r-store/o2r-service';
import { PackedStrings } from '../../src-main/core/o2r-store/packed-strings';
import type { ReviewQuery } from '../../src-main/core/o2r-store/review-query';
import { openStore, type Store } from '../../src-main/core/store/open-store';
import { seedDemoHealthHistory } from '../../src-main/demo/demo-health-history';
import { tempDir } from '../helpers/temp-dir';

const TODAY = new Date().toISOString().slice(0, 10);
const N = 1500;

let store: Store;
let o2r: O2RService;

beforeAll(() => {
  store = openStore(tempDir('pulse-o2r-columns-'));
  const { records, mapping } = normalizedDeals(N, 5);
  loadDeals(store, records, mapping);
  o2r = new O2RService({ sqlite: store.sqlite, api: () => null, today: () => TODAY });
  seedDemoHealthHistory(store.sqlite, o2r.getSettings(), TODAY);
  o2r.historySeeded();
  const ids = [...o2r.cache.all().keys()];
  for (let i = 0; i < 20; i++) o2r.setReviewNote(ids[i * 17], `note ${i}`);
  for (let i = 0; i < 10; i++) o2r.addBlocker(ids[i * 19 + 3], 'Waiting for the customer');
});

afterAll(async () => {
  o2r?.close();
  await store?.close();
});

const LISTS = [
  { sort: 'health', descending: false },
  { sort: 'amountHome', descending: true },
  { sort: 'closingDate', descending: false },
  { sort: 'name', descending: true },
  { sort: 'daysSinceUpdate', descending: false, search: 'a' },
] as const;
const REVIEWS: ReviewQuery[] = [
  { show: 'all', sort: 'movement', descending: false },
  { show: 'deteriorated', sort: 'name', descending: false },
  { show: 'notUpdated', sort: 'daysSinceUpdate', descending: true, search: 'e' },
];

/** Everything the O2R screens show: list pages in several orders, the board, review pages. */
function screens(svc: O2RService) {
  return {
    lists: LISTS.map((l) => svc.list({ ...l, limit: 40, offset: 10, includeClosedLost: true })),
    // A column's total is summed in row order: a deal back in its old row is added at another
    // point than in a fresh pass, which can move the last bit of the sum.
    board: svc
      .board({ limit: 3, includeClosedLost: false })
      .columns.map((c) => ({ ...c, amountHome: Number(c.amountHome.toFixed(4)) })),
    reviews: REVIEWS.map((q) => svc.reviewPage(undefined, 30, 5, q)),
    troubled: [...svc.troubled()].sort(),
  };
}

/** The screens of the shared service equal those of a new service that made one full pass. */
function expectSameAsFreshPass() {
  const fresh = new O2RService({ sqlite: store.sqlite, api: () => null, today: () => TODAY });
  try {
    expect(screens(o2r)).toEqual(screens(fresh));
  } finally {
    fresh.close();
  }
}

/** A sync removed these deals (their rows, for bringing them back). */
function removeDeals(ids: readonly string[]): Record<string, unknown>[] {
  const rows = ids.map(
    (id) => store.sqlite.prepare('SELECT * FROM deals WHERE id = ?').get(id) as Record<string, unknown>,
  );
  const del = store.sqlite.prepare('DELETE FROM deals WHERE id = ?');
  for (const id of ids) del.run(id);
  o2r.syncPagesCommitted();
  o2r.syncRunEnded();
  o2r.troubled(); // any read settles what the sync wrote
  return rows;
}

/** A sync wrote these rows again (newer than anything the cache has seen). */
function restoreDeals(rows: readonly Record<string, unknown>[]): void {
  const syncedAt = new Date(Date.now() + 60_000).toISOString();
  for (const row of rows) {
    const cols = Object.keys(row);
    store.sqlite
      .prepare(`INSERT INTO deals (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`)
      .run({ ...row, synced_at: syncedAt });
  }
  o2r.syncPagesCommitted();
  o2r.syncRunEnded();
  o2r.troubled();
}

describe('the columnar opportunity cache', () => {
  it('shows after deals are removed, and after they come back, what a fresh full pass shows', () => {
    expectSameAsFreshPass();
    const rowsBefore = o2r.cache.current.count;
    const ids = [...o2r.cache.all().keys()];
    const gone = ids.filter((_, i) => i % 9 === 4);
    const saved = removeDeals(gone);
    expect(o2r.list({ sort: 'health', descending: false, limit: 1, offset: 0, includeClosedLost: true }).total).toBe(
      N - gone.length,
    );
    for (const id of gone) expect(o2r.cache.healthOf(id)).toBeUndefined();
    expectSameAsFreshPass();

    restoreDeals(saved);
    expect(o2r.cache.size).toBe(N);
    // They came back to their own rows: none added.
    expect(o2r.cache.current.count).toBe(rowsBefore);
    expectSameAsFreshPass();
  });

  it('renumbers its rows when a full pass finds many empty, and the review and history follow', () => {
    const ids = [...o2r.cache.all().keys()];
    removeDeals(ids.filter((_, i) => i % 3 === 0));
    o2r.reviewPage(undefined, 10, 0); // the index and the history's rows as they were
    const layout = o2r.cache.layout;
    o2r.cache.full();
    expect(o2r.cache.layout).toBe(layout + 1);
    expect(o2r.cache.current.count).toBe(o2r.cache.size);
    expectSameAsFreshPass();
    // An edit after the renumbering is recorded under the deal's new row.
    const id = o2r.cache.all().keys().next().value!;
    o2r.addBlocker(id, 'Blocked by procurement');
    expect(o2r.cache.healthOf(id)).toBe('BLOCKED');
    const week = o2r.reviewPage(undefined, 1, 0, undefined, [id]);
    expect(week.rows).toMatchObject([{ id, health: 'BLOCKED' }]);
    expectSameAsFreshPass();
  });
});

describe('the encodings the columns use', () => {
  it("gives back Zoho's Modified_Time text exactly, and refuses text it could not give back", () => {
    const out = { day: 0, second: 0, offset: 0 };
    for (const s of [
      '2026-11-25T11:42:18+08:00',
      '2026-01-01T00:00:00Z',
      '1999-12-31T23:59:59-05:30',
      '2026-06-15T08:05:09+00:00',
      '2024-02-29T12:00:00+14:00',
    ]) {
      expect(encodeTime(s, out), s).toBe(true);
      expect(formatTime(out.day, out.second, out.offset)).toBe(s);
    }
    for (const s of [
      '2026-11-25T11:42:18-00:00',
      '2026-02-30T10:00:00+01:00',
      '2026-11-25 11:42:18+08:00',
      '2026-11-25T11:42:18.123+08:00',
      '2026-11-25',
      '2026-11-25T24:00:00Z',
    ])
      expect(encodeTime(s, out), s).toBe(false);
  });

  it('keeps every packed string through rewrites, growth and compaction', () => {
    const p = new PackedStrings();
    const want: string[] = [];
    p.resize(3000);
    for (let round = 0; round < 6; round++)
      for (let r = 0; r < 3000; r++) {
        const s = r % (round + 2) === 0 ? `Deal ${r} – round ${round} ✓` : (want[r] ?? `Deal ${r}`);
        p.set(r, s);
        want[r] = s;
      }
    for (let r = 0; r < 3000; r++) expect(p.get(r)).toBe(want[r]);
    // A run read at once is either refused (rewritten rows lie elsewhere) or exactly the values.
    const run = p.range(100, 1100);
    if (run) expect(run).toEqual(want.slice(100, 1100));
    p.trim(); // lays every row out in order again
    for (let r = 0; r < 3000; r++) expect(p.get(r)).toBe(want[r]);
    expect(p.range(0, 3000)).toEqual(want);
    expect(p.range(10, 2000, true)).toEqual(want.slice(10, 2000).map((s) => s.toLowerCase()));
  });

  it('gives back every name exactly as written, whatever its characters and length', () => {
    // Short names are encoded to UTF-8 by hand, long ones natively: both must read back the same,
    // and a name set again to the same text must not move.
    const names = [
      '',
      'Plain ASCII deal',
      'Café Déjà Vu – renewal',
      '日本語の案件 ✓',
      'Rocket 🚀 launch (astral plane)',
      'Lone surrogate \ud800 kept as Buffer writes it',
      'x'.repeat(96),
      'é'.repeat(97),
      `${'long – '.repeat(40)}🚀`,
    ];
    const p = new PackedStrings();
    p.resize(names.length);
    names.forEach((s, r) => p.set(r, s));
    const expected = names.map((s) => Buffer.from(s, 'utf8').toString('utf8'));
    names.forEach((_, r) => expect(p.get(r)).toBe(expected[r]));
    const bytes = p.size;
    names.forEach((s, r) => p.set(r, s));
    expect(p.range(1, names.length)).toEqual(expected.slice(1));
    expect(p.size).toBe(bytes);
  });

  it('grows past its first buffer many times over in a first fill, and reads every run back at once', () => {
    // A first full pass appends rows in order: growth then copies the bytes in one piece, and each
    // row must still read back, alone and in runs (the search decodes runs).
    const p = new PackedStrings();
    const n = 40_000;
    p.resize(n);
    const want = Array.from({ length: n }, (_, r) => `Deal ${r} – ${'x'.repeat(r % 37)}`);
    want.forEach((s, r) => p.set(r, s));
    expect(p.size).toBeGreaterThan(1 << 20);
    for (let r = 0; r < n; r += 997) expect(p.get(r)).toBe(want[r]);
    expect(p.range(0, n)).toEqual(want);
    p.set(5, 'renamed');
    p.trim();
    expect(p.get(5)).toBe('renamed');
    expect(p.range(0, 10)).toEqual(want.slice(0, 10).map((s, r) => (r === 5 ? 'renamed' : s)));
  });
});
