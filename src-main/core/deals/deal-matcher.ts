import type { DashboardFilter } from '../../../src-shared/contract/schemas';
import { isOpenStage, isValidDay, memoByString } from '../../../src-shared/filters/deal-filter';
import { filterClosingRange } from './deal-filters';

/** The columns of a deal the dashboard reads, as one row object (a past snapshot day's rows, streamed). */
export interface DealFacts {
  id: string;
  name: string;
  accountName: string | null;
  ownerName: string | null;
  stage: string | null;
  probability: number | null;
  amount: number | null;
  amountHome: number | null;
  closingDate: string | null;
  country: string | null;
  territory: string | null;
  serviceLine: string | null;
  currency: string | null;
}

/** A deal's service lines: the field may be a multi-select, stored joined with "; " (sync/deal-columns.ts). */
export function serviceLinesOf(d: Pick<DealFacts, 'serviceLine'>): readonly string[] {
  return d.serviceLine ? splitLines(d.serviceLine) : NO_LINES;
}
const NO_LINES: readonly string[] = [];
const splitLines = memoByString((s) => s.split('; ').filter(Boolean), 10_000);

/** SQL LIKE without wildcards: ASCII letters compared case-insensitively (SQLite's default). */
const foldAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * The shared filter as a predicate over row objects: the same terms as `whereDealFilter`
 * (deal-filters.ts) and `compileFilter` (row-filter.ts, the same over the deals' columns), for the
 * Dashboard's history over past snapshot days streamed from SQLite (pipeline-service.ts).
 */
export function dealMatcher(
  f: DashboardFilter,
  today: string,
): (d: DealFacts & { open?: boolean; validClosing?: boolean; lines?: readonly string[] }) => boolean {
  const range = filterClosingRange(f, today);
  const text = f.search?.trim() ? foldAscii(f.search.trim()) : null;
  const has = (v: string | null) => v !== null && foldAscii(v).includes(text!);
  return (d) => {
    if (range) {
      if (d.closingDate === null || !(d.validClosing ?? isValidDay(d.closingDate))) return false;
      if (range.from && d.closingDate < range.from) return false;
      if (range.to && d.closingDate > range.to) return false;
    }
    if (f.probabilityMin !== undefined && (d.probability === null || d.probability < f.probabilityMin)) return false;
    if (f.probabilityMax !== undefined && (d.probability === null || d.probability > f.probabilityMax)) return false;
    if (f.owner && d.ownerName !== f.owner) return false;
    if (f.country && d.country !== f.country) return false;
    if (f.territory && d.territory !== f.territory) return false;
    if (f.stage && d.stage !== f.stage) return false;
    if (f.serviceLine && !(d.lines ?? serviceLinesOf(d)).includes(f.serviceLine)) return false;
    if (f.currency && d.currency !== f.currency) return false;
    if (f.openOnly && !(d.open ?? isOpenStage(d.stage))) return false;
    if (text && !has(d.name) && !has(d.accountName) && !has(d.ownerName)) return false;
    return true;
  };
}

/** The filter without its closing-date terms: what the "no/invalid closing date" counts are taken over. */
export function withoutClosing(f: DashboardFilter): DashboardFilter {
  const { closing: _c, closingFrom: _f, closingTo: _t, ...rest } = f;
  return rest;
}
