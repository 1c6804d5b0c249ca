/**
 * The phase board (`o2r.board`): the list's filters, then per phase its count, its total home
 * amount and only its largest opportunities in full, so a board over 100,000 opportunities sends
 * the renderer a few dozen cards. One pass over the cached briefs; a column's cards are picked
 * by a partial sort of that column alone.
 */
import type { z } from 'zod';
import type { BoardCard, BoardColumn, o2rBoardArgs } from '../../../src-shared/contract/o2r-schemas';
import type { Opportunity, Phase } from '../o2r/index';
import { listFilter } from './list-filter';
import type { OpportunityBrief } from './opportunity-cache';
import type { EditStatus } from './outbox-repo';
import { toSummary } from './summary';

export type BoardArgs = z.output<typeof o2rBoardArgs>;

const PHASES: readonly Phase[] = [1, 2, 3, 4];

/** Largest home amount first; deals without an amount last; ties by id so pages are stable. */
const byAmount = (a: OpportunityBrief, b: OpportunityBrief): number =>
  (b.amountHome ?? -Infinity) - (a.amountHome ?? -Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function boardColumns(
  opps: Iterable<OpportunityBrief>,
  states: Map<string, EditStatus>,
  args: BoardArgs,
  details: (ids: readonly string[]) => Opportunity[],
): BoardColumn[] {
  const matches = listFilter(args, states);
  const hits: Record<Phase, OpportunityBrief[]> = { 1: [], 2: [], 3: [], 4: [] };
  const amount: Record<Phase, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const o of opps) {
    if (!args.includeClosedLost && o.closedLost) continue;
    if (!matches(o)) continue;
    hits[o.phase].push(o);
    amount[o.phase] += o.amountHome ?? 0;
  }
  return PHASES.map((phase) => {
    const top = largest(hits[phase], args.limits?.[phase] ?? args.limit);
    return {
      phase,
      count: hits[phase].length,
      amountHome: amount[phase],
      cards: details(top.map((o) => o.id)).map((o) => toCard(o, states.get(o.id))),
    };
  });
}

/** The n largest by amount, in order, without sorting the whole column (n is small). */
function largest(column: OpportunityBrief[], n: number): OpportunityBrief[] {
  if (column.length <= n * 4) return column.sort(byAmount).slice(0, n);
  const top: OpportunityBrief[] = [];
  for (const o of column) {
    if (top.length === n && byAmount(o, top[n - 1]) >= 0) continue;
    let i = top.length;
    while (i > 0 && byAmount(o, top[i - 1]) < 0) i--;
    top.splice(i, 0, o);
    if (top.length > n) top.pop();
  }
  return top;
}

function toCard(o: Opportunity, state: EditStatus | undefined): BoardCard {
  const next = o.nextMilestone ? o.milestones.find((m) => m.role === o.nextMilestone) : undefined;
  return {
    ...toSummary(o, state),
    nextMilestone: next ? { label: next.label, dueDate: next.dueDate, overdue: next.status === 'overdue' } : null,
  };
}
