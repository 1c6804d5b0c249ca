/**
 * The O2R list's filters as one predicate over the cache's rows (opportunity-columns.ts), shared
 * by the list (list-query.ts) and the phase board (board-query.ts) so both always show the same set.
 */
import type { Health } from '../o2r/index';
import { CLOSED_LOST, HEALTH_CODE, STRATEGIC, type OpportunityColumns } from './opportunity-columns';
import { NameRuns } from './name-runs';
import type { EditStatus } from './outbox-repo';

export interface ListFilter {
  phase?: 1 | 2 | 3 | 4;
  health?: Health[];
  requiresAttention?: boolean;
  strategic?: boolean;
  syncState?: string[];
  search?: string;
}

/** Whether the row's deal is closed lost (left out unless the list includes them). */
export const isClosedLost = (cols: OpportunityColumns, r: number): boolean => (cols.flags[r] & CLOSED_LOST) !== 0;

/**
 * Whether a row passes every filter but "include closed lost" (the callers count the overview
 * over all of them first). A deal's write-back state is 'synced' when nothing is queued. The
 * search matches the name, account or owner (case-insensitive); an account or owner name is
 * tested once per query, not once per deal.
 */
export function listFilter(
  args: ListFilter,
  states: Map<string, EditStatus>,
  cols: OpportunityColumns,
): (r: number) => boolean {
  const needle = args.search?.trim().toLowerCase() ?? '';
  const healthSet = args.health ? new Set<number>(args.health.map((h) => HEALTH_CODE[h])) : null;
  const syncSet = args.syncState ? new Set<string>(args.syncState) : null;
  const strategic = args.strategic === undefined ? -1 : args.strategic ? STRATEGIC : 0;
  const { phase, health, flags, ids, account, owner, strings } = cols;
  // Per string code: 0 not tested yet, 1 no match, 2 a match.
  const tested = new Uint8Array(strings.size);
  const codeHas = (code: number): boolean => {
    if (code === 0) return false;
    let t = tested[code];
    if (!t) tested[code] = t = strings.value(code)!.toLowerCase().includes(needle) ? 2 : 1;
    return t === 2;
  };
  const lower = new NameRuns(cols, true);
  // A needle with the separator the old joined text used could span fields: test that text.
  const spans = needle.includes('\u0000');
  const searchHit = (r: number): boolean =>
    spans
      ? `${cols.nameAt(r)}\u0000${strings.value(account[r]) ?? ''}\u0000${strings.value(owner[r]) ?? ''}`
          .toLowerCase()
          .includes(needle)
      : lower.at(r).includes(needle) || codeHas(account[r]) || codeHas(owner[r]);
  return (r) => {
    if (args.phase !== undefined && phase[r] !== args.phase) return false;
    if (healthSet && !healthSet.has(health[r])) return false;
    if (args.requiresAttention !== undefined && health[r] <= HEALTH_CODE.RED !== args.requiresAttention) return false;
    if (strategic >= 0 && (flags[r] & STRATEGIC) !== strategic) return false;
    if (syncSet) {
      const s = states.get(ids[r]);
      if (!syncSet.has(s && s !== 'confirmed' ? s : 'synced')) return false;
    }
    return !needle || searchHit(r);
  };
}
