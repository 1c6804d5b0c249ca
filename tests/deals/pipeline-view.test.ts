import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/core';
import { takeSnapshot } from '../../src-main/core/sync/snapshots';
import { mulberry32, pick } from '../../src-main/sandbox/prng';
import { MOVED_LISTED } from '../../src-shared/contract/dashboard-schemas';
import { dealSortSchema, type DashboardFilter } from '../../src-shared/contract/schemas';
import { tempDir } from '../helpers/temp-dir';

const TODAY = '2026-05-20';
const STAGES = ['Qualification (10)', 'Proposal submitted (60)', 'Negotiation (80)', 'Closed Won', 'Closed Lost'];
const PROB: Record<string, number> = {
  'Qualification (10)': 10,
  'Proposal submitted (60)': 60,
  'Negotiation (80)': 80,
  'Closed Won': 100,
  'Closed Lost': 0,
};

describe('the pipeline screens over the cache (dashboard.view, deals.list, deals.moved)', () => {
  let core: Core;
  afterEach(async () => core?.close());

  function seed(n = 400) {
    core = createCore({ dataDir: tempDir(), host: 'test', o2r: { today: () => TODAY } });
    const db = core.ctx.store.sqlite;
    STAGES.forEach((s, i) =>
      db
        .prepare('INSERT INTO deal_stages (name, probability, forecast_type, sequence) VALUES (?, ?, ?, ?)')
        .run(s, PROB[s], s.startsWith('Closed') ? s : 'Open', i),
    );
    const ins = db.prepare(
      `INSERT INTO deals (id, name, account_name, stage, probability, amount, currency, amount_home, closing_date,
         owner_name, country, territory, service_line, synced_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'x')`,
    );
    const rng = mulberry32(7);
    for (let i = 1; i <= n; i++) {
      const stage = pick(rng, STAGES);
      const r = rng();
      const closing =
        r < 0.05 ? null : r < 0.08 ? '31/12/2026' : `2026-${String(1 + Math.floor(rng() * 12)).padStart(2, '0')}-15`;
      const amount = rng() < 0.05 ? null : Math.round(rng() * 100_000);
      const unconverted = rng() < 0.03;
      ins.run(
        String(i),
        `Deal ${i} ${pick(rng, ['Cloud', 'Data', 'Audit'])}`,
        pick(rng, ['Acme Pte', 'Globex', 'Initech']),
        stage,
        PROB[stage],
        amount,
        unconverted ? 'XXX' : 'SGD',
        unconverted ? null : amount,
        closing,
        pick(rng, ['Ana', 'Ben', 'Chen']),
        pick(rng, ['Singapore', 'Malaysia', 'India', null]),
        pick(rng, ['APAC', 'SEA']),
        pick(rng, ['Cloud', 'Security', null, 'Cloud; Security', 'Security; Cloudy']),
      );
    }
  }

  const FILTERS: DashboardFilter[] = [
    {},
    { closing: 'thisQuarter' },
    { closing: 'thisYear', probabilityMin: 10, probabilityMax: 89, owner: 'Ana' },
    { closing: 'custom', closingFrom: '2026-03-01', closingTo: '2026-08-31', country: 'Singapore' },
    { probabilityMin: 40, probabilityMax: 70, serviceLine: 'Cloud', territory: 'SEA' },
    { search: 'cloud', currency: 'SGD' },
    { closing: 'nextQuarter', stage: 'Negotiation (80)' },
    { openOnly: true, country: 'India', closing: 'thisYear' },
  ];

  it('keeps the dashboard and the Deals table on the same deals for every filter', async () => {
    seed();
    for (const filter of FILTERS) {
      const view = await core.call('dashboard.view', filter);
      const list = await core.call('deals.list', { filter, limit: 500 });
      expect(view.matching, JSON.stringify(filter)).toBe(list.total);
      const open = list.rows.filter((d) => !/^closed/i.test(d.stage ?? ''));
      expect(view.kpis.openCount).toBe(open.length);
      expect(view.kpis.pipeline).toBeCloseTo(
        open.reduce((s, d) => s + (d.amountHome ?? 0), 0),
        6,
      );
      expect(view.byStage.reduce((s, b) => s + b.count, 0)).toBe(open.length);
    }
  });

  it('pages the Deals table from memory exactly as the SQL list orders it, for every sort', async () => {
    seed();
    // Every column the table sorts by in memory (modified time goes to SQL itself; health has its own test).
    const SORTS = dealSortSchema.options.filter((s) => s !== 'modifiedTime' && s !== 'health');
    for (const filter of [FILTERS[0], FILTERS[2], FILTERS[5]])
      for (const sort of SORTS)
        for (const descending of [false, true]) {
          const args = { filter, sort, descending, offset: 0, limit: 500 };
          const sqlList = core.ctx.deals.list({ ...args, search: undefined, stage: undefined }, TODAY);
          const first = await core.call('deals.list', { ...args, limit: 37 });
          const next = await core.call('deals.list', { ...args, offset: 37, limit: 37 });
          const label = `${JSON.stringify(filter)} ${sort} ${descending}`;
          expect(first.total, label).toBe(sqlList.total);
          expect(
            [...first.rows, ...next.rows].map((r) => r.id),
            label,
          ).toEqual(sqlList.rows.slice(0, 74).map((r) => r.id));
        }
    // The older search and stage arguments still narrow the list (the CLI uses them).
    const narrowed = await core.call('deals.list', { search: 'cloud', stage: 'Negotiation (80)', limit: 500 });
    expect(narrowed.total).toBeGreaterThan(0);
    expect(
      narrowed.rows.every((r) => r.stage === 'Negotiation (80)' && /cloud/i.test(`${r.name}${r.accountName}`)),
    ).toBe(true);
  });

  it('gives each row (and the deal drawer) its O2R health and sorts by it worst first', async () => {
    seed();
    const health = new Map([...core.ctx.o2r.cache.all().values()].map((b) => [b.id, b.health]));
    const page = await core.call('deals.list', { limit: 500, sort: 'health' });
    expect(page.rows.map((r) => r.health)).toEqual(page.rows.map((r) => health.get(r.id) ?? null));
    const RANK = { BLOCKED: 0, RED: 1, YELLOW: 2, NEEDS_UPDATE: 3, GREEN: 4 } as const;
    const ranks = page.rows.map((r) => (r.health ? RANK[r.health] : 9));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBeGreaterThan(1);
    const one = await core.call('deals.get', { id: page.rows[0].id });
    expect(one?.health).toBe(page.rows[0].health);
  });

  it('equals SQL over the same deals, counts deals with no or an invalid closing date apart', async () => {
    seed();
    const db = core.ctx.store.sqlite;
    const view = await core.call('dashboard.view', { closing: 'thisQuarter', owner: 'Ben' });
    const sqlOpen = db
      .prepare(
        `SELECT count(*) n, sum(amount_home) p, sum(amount_home * probability / 100.0) w FROM deals
         WHERE owner_name = 'Ben' AND closing_date BETWEEN '2026-04-01' AND '2026-06-30'
           AND stage NOT LIKE 'Closed%'`,
      )
      .get() as { n: number; p: number; w: number };
    expect(view.kpis.openCount).toBe(sqlOpen.n);
    expect(view.kpis.pipeline).toBeCloseTo(sqlOpen.p, 6);
    expect(view.kpis.weighted).toBeCloseTo(sqlOpen.w, 6);
    const noDate = db
      .prepare(`SELECT count(*) n FROM deals WHERE owner_name = 'Ben' AND closing_date IS NULL`)
      .get() as {
      n: number;
    };
    const bad = db
      .prepare(`SELECT count(*) n FROM deals WHERE owner_name = 'Ben' AND closing_date = '31/12/2026'`)
      .get() as {
      n: number;
    };
    expect(noDate.n).toBeGreaterThan(0);
    expect(view).toMatchObject({ noClosingDate: noDate.n, invalidClosingDate: bad.n, closingRangeApplied: true });
    // Funnel order is the CRM's stage order, not the size of each stage.
    expect(view.byStage.map((s) => s.key)).toEqual(
      STAGES.filter((s) => !s.startsWith('Closed') && view.byStage.some((b) => b.key === s)),
    );
    // The pivot's bands add up to each country's open total.
    for (const row of view.pivot)
      expect(Object.values(row.bands).reduce((s, b) => s + b.count, 0)).toBeLessThanOrEqual(row.total.count);
  });

  it('says how the KPIs changed since the snapshot of 7 days ago', async () => {
    seed();
    const db = core.ctx.store.sqlite;
    takeSnapshot(db, '2026-05-12');
    db.prepare(`UPDATE deals SET amount_home = amount_home + 1000 WHERE id = '1'`).run();
    core.ctx.pipeline.dealsChanged();
    const view = await core.call('dashboard.view', {});
    expect(view.previous?.day).toBe('2026-05-12');
    const open1 = !/^closed/i.test(
      (db.prepare(`SELECT stage FROM deals WHERE id='1'`).get() as { stage: string }).stage,
    );
    expect(view.kpis.pipeline - view.previous!.kpis.pipeline).toBeCloseTo(open1 ? 1000 : 0, 6);
  });

  it('sorts what moved into buckets and its waterfall adds up', async () => {
    seed(60);
    const db = core.ctx.store.sqlite;
    takeSnapshot(db, '2026-05-10');
    const openIds = (
      db.prepare(`SELECT id FROM deals WHERE stage NOT LIKE 'Closed%' ORDER BY id`).all() as { id: string }[]
    ).map((r) => r.id);
    const [won, pushed, bigger, back] = openIds;
    db.prepare(`UPDATE deals SET stage = 'Closed Won', probability = 100 WHERE id = ?`).run(won);
    db.prepare(`UPDATE deals SET closing_date = '2027-01-31' WHERE id = ?`).run(pushed);
    db.prepare(`UPDATE deals SET amount_home = coalesce(amount_home, 0) + 5000 WHERE id = ?`).run(bigger);
    db.prepare(
      `UPDATE deals SET stage = 'Qualification (10)', probability = 10 WHERE id = ? AND stage <> 'Qualification (10)'`,
    ).run(back);
    db.prepare(
      `INSERT INTO deals (id, name, stage, probability, amount_home, closing_date, synced_at) VALUES ('9999', 'New one', 'Qualification (10)', 10, 700, '2026-06-01', 'x')`,
    ).run();
    core.ctx.pipeline.dealsChanged();
    const moved = await core.call('deals.moved', { from: '2026-05-13' });
    expect(moved.fromDay).toBe('2026-05-10');
    expect(moved.buckets.won.deals.map((d) => d.id)).toEqual([won]);
    expect(moved.buckets.pushedOut.deals.map((d) => d.id)).toContain(pushed);
    expect(moved.buckets.amountUp.deals.map((d) => d.id)).toContain(bigger);
    expect(moved.buckets.added.deals.map((d) => d.id)).toEqual(['9999']);
    const net = Object.entries(moved.buckets)
      .filter(([k]) => ['added', 'won', 'lost', 'removed', 'amountUp', 'amountDown'].includes(k))
      .reduce((s, [, v]) => s + v.total, 0);
    expect(moved.endPipeline - moved.startPipeline).toBeCloseTo(net, 6);
    for (const v of Object.values(moved.buckets)) {
      expect(v.count).toBe(v.deals.length);
      expect(v.total).toBeCloseTo(
        v.deals.reduce((s, d) => s + d.delta, 0),
        6,
      );
    }
  });

  it('a bucket of hundreds of deals counts and sums them all and lists the 50 largest, largest first', async () => {
    seed(400);
    const db = core.ctx.store.sqlite;
    // No snapshot a week old (a first week after the first sync): every open deal is "added".
    const open = db
      .prepare(
        `SELECT id, coalesce(amount_home, 0) AS home FROM deals WHERE stage NOT LIKE 'Closed%' ORDER BY home DESC, id`,
      )
      .all() as { id: string; home: number }[];
    expect(open.length).toBeGreaterThan(MOVED_LISTED);
    const moved = await core.call('deals.moved', {});
    expect(moved.fromDay).toBeNull();
    const added = moved.buckets.added;
    expect(added.count).toBe(open.length);
    expect(added.total).toBeCloseTo(
      open.reduce((s, d) => s + d.home, 0),
      6,
    );
    expect(added.deals).toHaveLength(MOVED_LISTED);
    expect(added.deals.map((d) => d.delta)).toEqual(open.slice(0, MOVED_LISTED).map((d) => d.home));
  });

  it('remembers the filter in the profile and refuses an invalid one', async () => {
    seed(5);
    await core.call('filters.set', { closing: 'thisMonth', probabilityMin: 40, probabilityMax: 70, country: 'India' });
    const dataDir = core.ctx.dataDir;
    await core.close();
    core = createCore({ dataDir, host: 'test' });
    expect(await core.call('filters.get', {})).toEqual({
      closing: 'thisMonth',
      probabilityMin: 40,
      probabilityMax: 70,
      country: 'India',
    });
    const bad = await core.dispatch('filters.set', { closing: 'someday' });
    expect(bad.ok || bad.error.name).toBe('ValidationError');
    const badDate = await core.dispatch('dashboard.view', { closing: 'custom', closingFrom: '2026-02-30' });
    expect(badDate.ok || badDate.error.name).toBe('ValidationError');
  });
});
