import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/core';
import type { DashboardSummary } from '../../src-shared/contract/schemas';
import { summaryQuery } from '../../src-main/core/deals/dashboard-summary';
import { dropDealIndexes } from '../../src-main/core/sync/bulk-load';
import { tempDir } from '../helpers/temp-dir';

type Deal = [
  id: string,
  stage: string,
  probability: number,
  amount: number | null,
  amountHome: number | null,
  closing: string,
  owner: string,
];

const DEALS: Deal[] = [
  ['1', 'Qualification (10)', 10, 1000, 1000, '2026-01-15', 'Ana'],
  ['2', 'Proposal submitted (60)', 60, 2000, 2000, '2026-02-15', 'Ben'],
  ['3', 'Proposal submitted (60)', 60, 500, 500, '2026-06-30', 'Ana'],
  ['4', 'Closed Won', 100, 9000, 9000, '2026-01-10', 'Ana'],
  ['5', 'Closed Lost', 0, 7000, 7000, '2026-02-01', 'Ben'],
  ['6', 'Negotiation (80)', 80, 3000, null, '2026-03-01', 'Ben'], // currency with no known rate
];

describe('dashboard.summary over the cache', () => {
  let core: Core;
  afterEach(async () => core?.close());

  async function summary(filter: Record<string, unknown> = {}): Promise<DashboardSummary> {
    const out = await core.dispatch('dashboard.summary', filter);
    if (!out.ok) throw new Error(out.error.message);
    return out.result as DashboardSummary;
  }

  function seed() {
    core = createCore({ dataDir: tempDir(), host: 'test' });
    const ins = core.ctx.store.sqlite.prepare(
      `INSERT INTO deals (id, name, stage, probability, amount, amount_home, closing_date, owner_name, synced_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const [id, stage, p, amount, home, closing, owner] of DEALS)
      ins.run(id, `Deal ${id}`, stage, p, amount, home, closing, owner, 'x');
  }

  it('sums open deals only, weights by probability, and never sums an unconverted amount', async () => {
    seed();
    const s = await summary();
    expect(s).toMatchObject({ homeCurrency: 'SGD', dealCount: 6, openCount: 4, unconvertedCount: 1 });
    expect(s.pipelineHome).toBe(1000 + 2000 + 500);
    expect(s.weightedHome).toBeCloseTo(100 + 1200 + 300);
    expect(s.byStage.map((b) => [b.stage, b.count, b.amountHome])).toEqual([
      ['Qualification (10)', 1, 1000],
      ['Proposal submitted (60)', 2, 2500],
      ['Negotiation (80)', 1, 0],
    ]);
  });

  it('applies closing-date, probability and owner filters together', async () => {
    seed();
    const q1 = await summary({ closingFrom: '2026-01-01', closingTo: '2026-03-31' });
    expect(q1.dealCount).toBe(5);
    expect(q1.pipelineHome).toBe(3000);
    const active = await summary({ probabilityMin: 10, probabilityMax: 89, owner: 'Ana' });
    expect(active.openCount).toBe(2);
    expect(active.pipelineHome).toBe(1500);
  });

  const FILTERS = [
    {},
    { closingFrom: '2026-01-01', closingTo: '2026-03-31' },
    { probabilityMin: 10, probabilityMax: 89, owner: 'Ana' },
    { stage: 'Proposal submitted (60)' },
    { country: 'Singapore', closingFrom: '2026-02-01' },
  ];

  it('walks the covering index deals_dashboard for every filter, with no sort and no ANALYZE', () => {
    seed();
    for (const filter of FILTERS) {
      const q = summaryQuery(filter).compile();
      const plan = (
        core.ctx.store.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.parameters) as { detail: string }[]
      ).map((r) => r.detail);
      expect(plan.join(' | '), JSON.stringify(filter)).toMatch(
        /^(SCAN|SEARCH) deals USING COVERING INDEX deals_dashboard/,
      );
      expect(plan.join(' | ')).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('answers the same with the deals indexes dropped, as during a first full sync', async () => {
    seed();
    const before = await Promise.all(FILTERS.map((f) => summary(f)));
    const dropped = dropDealIndexes(core.ctx.store.sqlite);
    expect(dropped.map((d) => d.name)).toContain('deals_dashboard');
    expect(await Promise.all(FILTERS.map((f) => summary(f)))).toEqual(before);
  });

  it('rejects an impossible date in a filter with a ValidationError', async () => {
    seed();
    const out = await core.dispatch('dashboard.summary', { closingFrom: '2026-02-30' });
    expect(out.ok || out.error.name).toBe('ValidationError');
  });
});
