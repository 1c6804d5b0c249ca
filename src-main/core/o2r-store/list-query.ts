/** Filtering, sorting and paging the cached opportunities for `o2r.list`. */
import type { z } from 'zod';
import type { o2rListArgs, OpportunitySummary } from '../../../src-shared/contract/o2r-schemas';
import { HEALTH_SEVERITY, type Health, type Opportunity } from '../o2r/index';
import type { EditStatus } from './outbox-repo';
import { toSummary } from './summary';

export type ListArgs = z.output<typeof o2rListArgs>;

export interface ListResult {
  total: number;
  byHealth: Record<Health, number>;
  rows: OpportunitySummary[];
}

const nullsLast = (a: number | string | null, b: number | string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

export function listOpportunities(opps: Iterable<Opportunity>, states: Map<string, EditStatus>, args: ListArgs): ListResult {
  const needle = args.search?.trim().toLowerCase() ?? '';
  const healthSet = args.health ? new Set<Health>(args.health) : null;
  const syncSet = args.syncState ? new Set<string>(args.syncState) : null;
  const byHealth: Record<Health, number> = { BLOCKED: 0, RED: 0, YELLOW: 0, NEEDS_UPDATE: 0, GREEN: 0 };
  const hits: Opportunity[] = [];
  for (const o of opps) {
    if (!args.includeClosedLost && o.closedLost) continue;
    if (args.phase !== undefined && o.phase !== args.phase) continue;
    if (healthSet && !healthSet.has(o.health)) continue;
    if (args.requiresAttention !== undefined && o.requiresAttention !== args.requiresAttention) continue;
    if (args.strategic !== undefined && o.strategic !== args.strategic) continue;
    if (syncSet) {
      const s = states.get(o.id);
      if (!syncSet.has(s && s !== 'confirmed' ? s : 'synced')) continue;
    }
    if (needle && !`${o.name}\u0000${o.accountName ?? ''}\u0000${o.ownerName ?? ''}`.toLowerCase().includes(needle)) continue;
    byHealth[o.health]++;
    hits.push(o);
  }
  const dir = args.descending ? -1 : 1;
  const key: (o: Opportunity) => number | string | null = {
    // Most severe first by default: that is what a manager looks at.
    health: (o: Opportunity) => -HEALTH_SEVERITY[o.health],
    closingDate: (o: Opportunity) => o.closingDate,
    amountHome: (o: Opportunity) => o.amountHome,
    name: (o: Opportunity) => o.name.toLowerCase(),
    daysSinceUpdate: (o: Opportunity) => o.daysSinceUpdate,
  }[args.sort];
  hits.sort((a, b) => dir * nullsLast(key(a), key(b)) || (a.id < b.id ? -1 : 1));
  return {
    total: hits.length,
    byHealth,
    rows: hits.slice(args.offset, args.offset + args.limit).map((o) => toSummary(o, states.get(o.id))),
  };
}
