/** Filtering, sorting and paging the cached opportunities for `o2r.list`. */
import type { z } from 'zod';
import type { O2ROverview, o2rListArgs, OpportunitySummary } from '../../../src-shared/contract/o2r-schemas';
import { type Health, type Opportunity, type Phase } from '../o2r/index';
import { BoundedHeap } from './bounded-heap';
import { isClosedLost, listFilter } from './list-filter';
import { HEALTH_CODE, HEALTH_CODES, LIVE, type OpportunityColumns } from './opportunity-columns';
import type { EditStatus } from './outbox-repo';
import { toSummary } from './summary';

export type ListArgs = z.output<typeof o2rListArgs>;

export interface ListResult {
  total: number;
  byHealth: Record<Health, number>;
  overview: O2ROverview;
  rows: OpportunitySummary[];
}

const zeroHealth = (): Record<Health, number> => ({ BLOCKED: 0, RED: 0, YELLOW: 0, NEEDS_UPDATE: 0, GREEN: 0 });

/** Ascending, a missing value (null) after every value; `dir` -1 turns both round. */
const compareKeys = (a: number | string | null, b: number | string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

/**
 * Filters every row of the cache and keeps the best `offset + limit` in order (a bounded heap,
 * not a sort of every match); only the page asked for is computed in full (`details`, same
 * order), since the summary rows need milestones and the next action. The same pass counts the
 * overview (every opportunity, whatever the other filters).
 */
export function listOpportunities(
  cols: OpportunityColumns,
  states: Map<string, EditStatus>,
  args: ListArgs,
  details: (ids: readonly string[]) => Opportunity[],
): ListResult {
  const matches = listFilter(args, states, cols);
  const counts = new Float64Array(5);
  const seen = new Float64Array(5);
  const phases = new Float64Array(5);
  let attention = 0;
  const best = new BoundedHeap(args.offset + args.limit, sortOrder(cols, args));
  const { flags, health, phase } = cols;
  for (let r = 0; r < cols.count; r++) {
    if (!(flags[r] & LIVE)) continue;
    if (!args.includeClosedLost && isClosedLost(cols, r)) continue;
    const h = health[r];
    seen[h]++;
    phases[phase[r]]++;
    if (h <= HEALTH_CODE.RED) attention++;
    if (!matches(r)) continue;
    counts[h]++;
    best.offer(r);
  }
  const byHealth = zeroHealth();
  const overview: O2ROverview = { total: 0, byHealth: zeroHealth(), attention, byPhase: { 1: 0, 2: 0, 3: 0, 4: 0 } };
  let total = 0;
  HEALTH_CODES.forEach((h, code) => {
    byHealth[h] = counts[code];
    overview.byHealth[h] = seen[code];
    overview.total += seen[code];
    total += counts[code];
  });
  for (const p of [1, 2, 3, 4] as Phase[]) overview.byPhase[p] = phases[p];
  const page = best.sorted().slice(args.offset);
  return {
    total,
    byHealth,
    overview,
    rows: details(page.map((r) => cols.ids[r])).map((o) => toSummary(o, states.get(o.id))),
  };
}

/** The list's order over rows: the chosen key (nulls last, both turned round when descending), then id. */
function sortOrder(cols: OpportunityColumns, args: ListArgs): (a: number, b: number) => number {
  const dir = args.descending ? -1 : 1;
  const { ids, health, closing, strings } = cols;
  const byId = (a: number, b: number) => (ids[a] < ids[b] ? -1 : 1);
  switch (args.sort) {
    case 'health':
      // Most severe first by default: that is what a manager looks at (codes go most severe first).
      return (a, b) => dir * (health[a] - health[b]) || byId(a, b);
    case 'amountHome':
      return (a, b) => dir * compareKeys(cols.amountAt(a), cols.amountAt(b)) || byId(a, b);
    case 'daysSinceUpdate':
      return (a, b) => dir * compareKeys(cols.daysAt(a), cols.daysAt(b)) || byId(a, b);
    case 'closingDate':
      return (a, b) => dir * compareKeys(strings.value(closing[a]), strings.value(closing[b])) || byId(a, b);
    case 'name': {
      // Lower-cased once per row and query, as rows are compared.
      const lower = new Array<string | undefined>(cols.count);
      const nameOf = (r: number) => (lower[r] ??= cols.nameAt(r).toLowerCase());
      return (a, b) => dir * compareKeys(nameOf(a), nameOf(b)) || byId(a, b);
    }
  }
}
