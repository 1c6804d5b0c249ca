import { afterEach, describe, expect, it } from 'vitest';
import type { OpportunitySummary } from '../../src-shared/contract/o2r-schemas';
import { o2rRig, type O2RRig } from '../helpers/o2r-rig';

let r: O2RRig | null = null;
afterEach(async () => {
  await r?.close();
  r = null;
});

/** What the list says, the whole of it: the board must agree with it opportunity for opportunity. */
async function listed(
  rig: O2RRig,
  args: { health?: OpportunitySummary['health'][]; includeClosedLost?: boolean } = {},
) {
  const rows: OpportunitySummary[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await rig.call('o2r.list', { ...args, limit: 1000, offset });
    rows.push(...page.rows);
    if (rows.length >= page.total) return rows;
  }
}

const byAmount = (a: OpportunitySummary, b: OpportunitySummary) =>
  (b.amountHome ?? -Infinity) - (a.amountHome ?? -Infinity) || (a.id < b.id ? -1 : 1);

describe('the phase board (o2r.board)', () => {
  it('puts every opportunity in the column of its phase, largest first, with the count and total of all of it', async () => {
    r = await o2rRig();
    const all = await listed(r);
    const board = await r.call('o2r.board', { limit: 5 });
    expect(board.columns.map((c) => c.phase)).toEqual([1, 2, 3, 4]);
    for (const col of board.columns) {
      const inPhase = all.filter((o) => o.phase === col.phase).sort(byAmount);
      expect(col.count).toBe(inPhase.length);
      expect(col.amountHome).toBeCloseTo(
        inPhase.reduce((s, o) => s + (o.amountHome ?? 0), 0),
        2,
      );
      // Only the column's largest travel to the renderer, the same rows the list shows.
      expect(col.cards.map((c) => c.id)).toEqual(inPhase.slice(0, 5).map((o) => o.id));
      for (const card of col.cards) expect(card).toMatchObject(all.find((o) => o.id === card.id)!);
    }
    expect(board.columns.reduce((s, c) => s + c.count, 0)).toBe(all.length);
  });

  it("takes the list's filters, and a column's own limit shows more of that column only", async () => {
    r = await o2rRig();
    const open = await listed(r, { health: ['RED', 'YELLOW'], includeClosedLost: false });
    const board = await r.call('o2r.board', {
      health: ['RED', 'YELLOW'],
      includeClosedLost: false,
      limit: 1,
      limits: { 1: 50 },
    });
    for (const col of board.columns) {
      const inPhase = open.filter((o) => o.phase === col.phase).sort(byAmount);
      expect(col.count).toBe(inPhase.length);
      expect(col.cards.map((c) => c.id)).toEqual(inPhase.slice(0, col.phase === 1 ? 50 : 1).map((o) => o.id));
      expect(col.cards.every((c) => (c.health === 'RED' || c.health === 'YELLOW') && !c.closedLost)).toBe(true);
    }
    // A phase filter empties the other columns rather than hiding them.
    const two = await r.call('o2r.board', { phase: 2 });
    expect(two.columns.filter((c) => c.phase !== 2).every((c) => c.count === 0 && c.cards.length === 0)).toBe(true);
  });

  it('a card names the next milestone and marks an edit not yet in the CRM; a PO date moves it to Execution', async () => {
    r = await o2rRig();
    const all = await listed(r, { includeClosedLost: false });
    const deal = all.find((o) => o.phase === 2 && o.milestones.proposal && !o.milestones.po)!;
    expect(deal).toBeDefined();
    const before = await r.call('o2r.board', { search: deal.name, limit: 500 });
    const card = before.columns[1].cards.find((c) => c.id === deal.id)!;
    expect(card.nextMilestone?.label).toMatch(/PO/);
    expect(card.syncState).toBe('synced');

    const today = (await r.call('o2r.list', { limit: 1 })).today;
    await r.call('o2r.edit', { id: deal.id, changes: { po: today }, push: false });
    const after = await r.call('o2r.board', { search: deal.name, limit: 500 });
    expect(after.columns[1].cards.some((c) => c.id === deal.id)).toBe(false);
    const moved = after.columns[2].cards.find((c) => c.id === deal.id)!;
    expect(moved.syncState).toBe('pending');
    expect(moved.nextMilestone?.label).toMatch(/[Kk]ick/);
  });
});
