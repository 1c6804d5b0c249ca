import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/core';
import { takeSnapshot } from '../../src-main/core/sync/snapshots';
import { tempDir } from '../helpers/temp-dir';

const TODAY = '2026-05-20';

/**
 * The deals held in columns (deals-in-columns.ts) behave as the table they copy: a change to the deals
 * shows in the next list and dashboard (no stale order or match list), text is searched with SQL
 * LIKE's meaning, and a column with more distinct values than 16 bits hold still reads right.
 */
describe('the deals in memory, in columns', () => {
  let core: Core;
  afterEach(async () => core?.close());

  function open() {
    core = createCore({ dataDir: tempDir(), host: 'test', o2r: { today: () => TODAY } });
    const db = core.ctx.store.sqlite;
    const ins = db.prepare(
      `INSERT INTO deals (id, name, account_name, stage, probability, amount, currency, amount_home, closing_date,
         owner_name, country, synced_at) VALUES (?,?,?,?,?,?,'SGD',?,?,?,?,'x')`,
    );
    return { db, ins };
  }
  const sqlIds = (args: object) =>
    core.ctx.deals
      .list({ limit: 1000, offset: 0, descending: false, sort: 'name', ...args }, TODAY)
      .rows.map((r) => r.id);

  it('shows an edit and a deletion in the next list and dashboard, in the new order', async () => {
    const { db, ins } = open();
    for (let i = 1; i <= 50; i++)
      ins.run(`d${i}`, `Deal ${i}`, 'Acme', 'Proposal', 50, i * 100, i * 100, '2026-06-01', 'Ana', 'India');
    const before = await core.call('deals.list', { sort: 'amountHome', descending: true, limit: 5 });
    expect(before.rows[0].id).toBe('d50');
    const view = await core.call('dashboard.view', {});

    db.prepare(`UPDATE deals SET amount_home = 1e6, owner_name = 'Ben' WHERE id = 'd3'`).run();
    db.prepare(`DELETE FROM deals WHERE id = 'd50'`).run();
    core.ctx.pipeline.dealsChanged();

    const after = await core.call('deals.list', { sort: 'amountHome', descending: true, limit: 5 });
    expect(after.total).toBe(49);
    expect(after.rows.map((r) => r.id)).toEqual(['d3', 'd49', 'd48', 'd47', 'd46']);
    const ben = await core.call('deals.list', { filter: { owner: 'Ben' }, limit: 5 });
    expect(ben.rows.map((r) => r.id)).toEqual(['d3']);
    const changed = await core.call('dashboard.view', {});
    expect(changed.totalDeals).toBe(49);
    expect(changed.kpis.pipeline).toBeCloseTo(view.kpis.pipeline - 5000 - 300 + 1e6, 6);
    expect((await core.call('deals.filterOptions', {})).owners).toEqual(['Ana', 'Ben']);
  });

  it('searches as SQL LIKE does: ASCII letters folded, other letters as written, never across two deals', async () => {
    const { ins } = open();
    const names = ['Über Cloud', 'über cloud', 'ÜBER CLOUD', 'Nab', 'Cde', 'Straße – Data & AI', '100% Sure', 'x_y'];
    names.forEach((name, i) => ins.run(`n${i}`, name, null, 'Proposal', 50, 1, 1, '2026-06-01', null, null));
    for (const search of ['cloud', 'ÜBER', 'über', 'abc', 'bc', 'STRASSE', 'straße', 'AI', '% s', '_', 'x_y', '–'])
      expect(
        (await core.call('deals.list', { filter: { search }, sort: 'name', limit: 100 })).rows.map((r) => r.id),
        search,
      ).toEqual(sqlIds({ filter: { search } }));
  });

  it('reads a column with more than 65,535 distinct values, and pairs a deleted deal in what moved', async () => {
    const { db, ins } = open();
    const n = 66_000;
    db.transaction(() => {
      for (let i = 0; i < n; i++)
        ins.run(`a${i}`, `Deal ${i}`, `Account ${i}`, 'Proposal', 50, 1, 1, '2026-06-01', null, null);
    })();
    const last = await core.call('deals.list', { filter: { search: `Account ${n - 1}` }, limit: 5 });
    expect(last.rows.map((r) => [r.id, r.accountName])).toEqual([[`a${n - 1}`, `Account ${n - 1}`]]);
    const byAccount = await core.call('deals.list', { sort: 'accountName', descending: true, limit: 3 });
    expect(byAccount.rows.map((r) => r.id)).toEqual(sqlIds({ sort: 'accountName', descending: true }).slice(0, 3));

    takeSnapshot(db, '2026-05-10');
    db.prepare(`DELETE FROM deals WHERE id = 'a7'`).run();
    // A name is held ASCII-folded with its capitals remembered: it comes back as written.
    db.prepare(
      `UPDATE deals SET amount_home = 5, name = 'Ärger – MixedCase ÜBER', owner_name = 'Zoë' WHERE id = 'a8'`,
    ).run();
    core.ctx.pipeline.dealsChanged();
    const moved = await core.call('deals.moved', { from: '2026-05-13' });
    expect(moved.buckets.removed.deals).toEqual([
      { id: 'a7', name: '(deleted deal)', ownerName: null, before: 'Proposal', after: 'deleted', delta: -1 },
    ]);
    expect(moved.buckets.amountUp.deals).toEqual([
      { id: 'a8', name: 'Ärger – MixedCase ÜBER', ownerName: 'Zoë', before: '1', after: '5', delta: 4 },
    ]);
    expect(moved.endPipeline - moved.startPipeline).toBe(3);
  });
});
