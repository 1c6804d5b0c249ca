import Papa from 'papaparse';
import type { Core } from '../core/core';
import { OPPORTUNITY_EXPORT_COLUMNS, opportunityExportRow } from '../core/o2r-store/export-rows';

/**
 * `pulse export opportunities`: every O2R opportunity, computed from the local cache (works
 * offline), as JSON (array of objects) or CSV (header row, one row per opportunity). Sorted by
 * closing date so it reads like the pipeline.
 */
export function exportOpportunities(core: Core, format: 'json' | 'csv'): { text: string; count: number } {
  const opps = core.ctx.o2r
    .all()
    .sort((a, b) => (a.closingDate ?? '9999').localeCompare(b.closingDate ?? '9999') || (a.id < b.id ? -1 : 1));
  const rows = opps.map(opportunityExportRow);
  const text =
    format === 'json'
      ? JSON.stringify(rows, null, 2)
      : Papa.unparse({
          fields: [...OPPORTUNITY_EXPORT_COLUMNS],
          data: rows.map((r) => OPPORTUNITY_EXPORT_COLUMNS.map((c) => r[c])),
        });
  return { text, count: rows.length };
}
