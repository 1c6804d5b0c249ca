/** Filtering, sorting and paging the cached opportunities for `o2r.list`. */
import type { z } from 'zod';
import type { O2ROverview, o2rListArgs, OpportunitySummary } from '../../../src-shared/contract/o2r-schemas';
import { HEALTH_SEVERITY, type Health, type Opportunity } from '../o2r/index';
import type { OpportunityBrief } from './opportunity-cache';
import { listFilter } from './list-filter';
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

const nullsLast = (a: number | string | null, b: number | string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

/**
 * Filters and sorts the briefs of every opportunity; only the page asked for is computed in full
 * (`details`, same order), since the summary rows need milestones and the next action. The same
 * pass counts the overview (every opportunity, whatever the other filters).
 */
export function listOpportunities(
  opps: Iterable<OpportunityBrief>,
  states: Map<string, EditStatus>,
  args: ListArgs,
  details: (ids: readonly string[]) => Opportunity[],
): ListResult {
  const matches = listFilter(args, states);
  const byHealth = zeroHealth();
  const overview: O2ROverview = { total: 0, byHealth: zeroHealth(), attention: 0, byPhase: { 1: 0, 2: 0, 3: 0, 4: 0 } };
  const hits: OpportunityBrief[] = [];
  for (const o of opps) {
    if (!args.includeClosedLost && o.closedLost) continue;
    overview.total++;
    overview.byHealth[o.health]++;
    overview.byPhase[o.phase]++;
    if (o.requiresAttention) overview.attention++;
    if (!matches(o)) continue;
    byHealth[o.health]++;
    hits.push(o);
  }
  const dir = args.descending ? -1 : 1;
  const key: (o: OpportunityBrief) => number | string | null = {
    // Most severe first by default: that is what a manager looks at.
    health: (o: OpportunityBrief) => -HEALTH_SEVERITY[o.health],
    closingDate: (o: OpportunityBrief) => o.closingDate,
    amountHome: (o: OpportunityBrief) => o.amountHome,
    name: (o: OpportunityBrief) => o.name.toLowerCase(),
    daysSinceUpdate: (o: OpportunityBrief) => o.daysSinceUpdate,
  }[args.sort];
  hits.sort((a, b) => dir * nullsLast(key(a), key(b)) || (a.id < b.id ? -1 : 1));
  return {
    total: hits.length,
    byHealth,
    overview,
    rows: details(hits.slice(args.offset, args.offset + args.limit).map((o) => o.id)).map((o) =>
      toSummary(o, states.get(o.id)),
    ),
  };
}
