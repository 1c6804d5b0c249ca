import type { DashboardFilter } from '../../../src-shared/contract/schemas';
import type { DealRows, DealTable, Dict } from './deals-in-columns';
import { filterClosingRange } from './deal-filters';
import { memoByString } from '../../../src-shared/filters/deal-filter';

/** A deal's service lines: the field may be a multi-select, stored joined with "; " (sync/deals-in-columns.ts). */
export function serviceLinesOf(d: { serviceLine: string | null }): readonly string[] {
  return d.serviceLine ? splitLines(d.serviceLine) : NO_LINES;
}
const NO_LINES: readonly string[] = [];
const splitLines = memoByString((s) => s.split('; ').filter(Boolean), 10_000);

/** The filter without its closing-date terms: what the "no/invalid closing date" counts are taken over. */
export function withoutClosing(f: DashboardFilter): DashboardFilter {
  const { closing: _c, closingFrom: _f, closingTo: _t, ...rest } = f;
  return rest;
}

/** SQL LIKE without wildcards folds ASCII letters only (SQLite's default). */
const foldAscii = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** 1 for each value of `dict` that passes `test` (null is code 0). */
const perValue = (dict: Dict, test: (v: string | null) => boolean) =>
  Uint8Array.from(dict.values, (v) => (test(v) ? 1 : 0));

/**
 * The shared filter (docs/dashboard.md#filters) compiled against today's deals in columns: the same
 * terms as `whereDealFilter` (deal-filters.ts, in SQL), worked out once per value of each dictionary
 * (a stage, a closing date, an owner) and once per row for the name search (one `indexOf` over the
 * names), so that a million rows cost a pass of integer lookups.
 * `tests/deals/pipeline-view.test.ts` compares the result with SQL for many filters.
 *
 * `rows(r)` says whether the deal in rows `r` passes: today's deals, or a snapshot's (its stage,
 * probability and closing date as they were, the rest as the deal is now; a deal deleted since has
 * no owner, country… and no name to search).
 */
export function compileFilter(f: DashboardFilter, today: string, deals: DealTable) {
  const range = filterClosingRange(f, today);
  const pMin = f.probabilityMin;
  const pMax = f.probabilityMax;

  // The terms on today's columns (owner, country…, the search): one flag per row of today's deals,
  // null when the filter has none of them.
  const code = (dict: Dict, v: string | undefined) => (v ? dict.find(v) : 0);
  const owner = code(deals.owners, f.owner);
  const country = code(deals.countries, f.country);
  const territory = code(deals.territories, f.territory);
  const currency = code(deals.currencies, f.currency);
  const lines = f.serviceLine
    ? perValue(deals.serviceLines, (v) => serviceLinesOf({ serviceLine: v }).includes(f.serviceLine!))
    : null;
  const text = f.search?.trim() ? foldAscii(f.search.trim()) : null;
  const hasText = (v: string | null) => v !== null && foldAscii(v).includes(text!);
  let attrs: Uint8Array | null = null;
  if (owner || country || territory || currency || lines || text) {
    const n = deals.size;
    attrs = text ? deals.names.contains(text, n) : new Uint8Array(n).fill(1);
    const accountHit = text ? perValue(deals.accounts, hasText) : null;
    const ownerHit = text ? perValue(deals.owners, hasText) : null;
    for (let i = 0; i < n; i++) {
      if (text && !attrs[i] && !accountHit![deals.account[i]] && !ownerHit![deals.owner[i]]) continue;
      attrs[i] =
        (!owner || deals.owner[i] === owner) &&
        (!country || deals.country[i] === country) &&
        (!territory || deals.territory[i] === territory) &&
        (!currency || deals.currency[i] === currency) &&
        (!lines || lines[deals.serviceLine[i]] === 1)
          ? 1
          : 0;
    }
  }

  return {
    /** A predicate over the rows of `r` (row index → passes). */
    rows(r: DealRows): (i: number) => boolean {
      const closingOk = range ? r.closings.within(range) : null;
      const { open } = r.stages;
      const stageOk =
        f.stage || f.openOnly
          ? Uint8Array.from(r.stages.values, (s, c) =>
              (!f.stage || s === f.stage) && (!f.openOnly || open[c]) ? 1 : 0,
            )
          : null;
      const { probability, stage, closing, ref } = r;
      return (i) => {
        if (closingOk && !closingOk[closing[i]]) return false;
        if (stageOk && !stageOk[stage[i]]) return false;
        const p = probability[i];
        if (pMin !== undefined && !(p >= pMin)) return false;
        if (pMax !== undefined && !(p <= pMax)) return false;
        if (attrs) {
          const row = ref ? ref[i] : i;
          if (row < 0 || !attrs[row]) return false;
        }
        return true;
      };
    },
  };
}
