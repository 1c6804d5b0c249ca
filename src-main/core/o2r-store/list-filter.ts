/**
 * The O2R list's filters as one predicate over the cached briefs, shared by the list
 * (list-query.ts) and the phase board (board-query.ts) so both always show the same set.
 */
import type { Health } from '../o2r/index';
import type { OpportunityBrief } from './opportunity-cache';
import type { EditStatus } from './outbox-repo';

export interface ListFilter {
  phase?: 1 | 2 | 3 | 4;
  health?: Health[];
  requiresAttention?: boolean;
  strategic?: boolean;
  syncState?: string[];
  search?: string;
}

/**
 * Whether an opportunity passes every filter but "include closed lost" (the callers count the
 * overview over all of them first). A deal's write-back state is 'synced' when nothing is queued.
 */
export function listFilter(args: ListFilter, states: Map<string, EditStatus>): (o: OpportunityBrief) => boolean {
  const needle = args.search?.trim().toLowerCase() ?? '';
  const healthSet = args.health ? new Set<Health>(args.health) : null;
  const syncSet = args.syncState ? new Set<string>(args.syncState) : null;
  return (o) => {
    if (args.phase !== undefined && o.phase !== args.phase) return false;
    if (healthSet && !healthSet.has(o.health)) return false;
    if (args.requiresAttention !== undefined && o.requiresAttention !== args.requiresAttention) return false;
    if (args.strategic !== undefined && o.strategic !== args.strategic) return false;
    if (syncSet) {
      const s = states.get(o.id);
      if (!syncSet.has(s && s !== 'confirmed' ? s : 'synced')) return false;
    }
    return !needle || `${o.name}\u0000${o.accountName ?? ''}\u0000${o.ownerName ?? ''}`.toLowerCase().includes(needle);
  };
}
