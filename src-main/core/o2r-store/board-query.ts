/**
 * The phase board (`o2r.board`): the list's filters, then per phase its count, its total home
 * amount and only its largest opportunities in full, so a board over 100,000 opportunities sends
 * the renderer a few dozen cards. One pass over the cache's rows; a column's cards are its
 * largest rows, kept in a bounded heap as the pass goes.
 */
import type { z } from 'zod';
import type { BoardCard, BoardColumn, o2rBoardArgs } from '../../../src-shared/contract/o2r-schemas';
import type { Opportunity, Phase } from '../o2r/index';
import { BoundedHeap } from './bounded-heap';
import { isClosedLost, listFilter } from './list-filter';
import { LIVE, type OpportunityColumns } from './opportunity-columns';
import type { EditStatus } from './outbox-repo';
import { toSummary } from './summary';

export type BoardArgs = z.output<typeof o2rBoardArgs>;

const PHASES: readonly Phase[] = [1, 2, 3, 4];

export function boardColumns(
  cols: OpportunityColumns,
  states: Map<string, EditStatus>,
  args: BoardArgs,
  details: (ids: readonly string[]) => Opportunity[],
): BoardColumn[] {
  const matches = listFilter(args, states, cols);
  const { ids, amount, flags, phase } = cols;
  /** Largest home amount first; deals without an amount last; ties by id so pages are stable. */
  const byAmount = (a: number, b: number): number => {
    const x = amount[a] === amount[a] ? amount[a] : -Infinity;
    const y = amount[b] === amount[b] ? amount[b] : -Infinity;
    return y - x || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
  };
  const top = new Map(PHASES.map((p) => [p, new BoundedHeap(args.limits?.[p] ?? args.limit, byAmount)]));
  const count: Record<Phase, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  const total: Record<Phase, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (let r = 0; r < cols.count; r++) {
    if (!(flags[r] & LIVE)) continue;
    if (!args.includeClosedLost && isClosedLost(cols, r)) continue;
    if (!matches(r)) continue;
    const p = phase[r] as Phase;
    count[p]++;
    total[p] += amount[r] === amount[r] ? amount[r] : 0;
    top.get(p)!.offer(r);
  }
  return PHASES.map((p) => ({
    phase: p,
    count: count[p],
    amountHome: total[p],
    cards: details(
      top
        .get(p)!
        .sorted()
        .map((r) => ids[r]),
    ).map((o) => toCard(o, states.get(o.id))),
  }));
}

function toCard(o: Opportunity, state: EditStatus | undefined): BoardCard {
  const next = o.nextMilestone ? o.milestones.find((m) => m.role === o.nextMilestone) : undefined;
  return {
    ...toSummary(o, state),
    nextMilestone: next ? { label: next.label, dueDate: next.dueDate, overdue: next.status === 'overdue' } : null,
  };
}
