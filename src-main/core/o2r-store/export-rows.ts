/**
 * One flat row per opportunity for CSV / JSON export: its phase, health, reasons, next action and
 * milestone dates (the list), plus the deal fields a spreadsheet user filters on.
 */
import type { OpportunitySummary } from '../../../src-shared/contract/o2r-schemas';
import { MILESTONE_ROLES, type Opportunity } from '../o2r/index';
import { toSummary } from './summary';

export const OPPORTUNITY_EXPORT_COLUMNS = [
  'id',
  'name',
  'accountName',
  'ownerName',
  'stage',
  'probability',
  'amountHome',
  'closingDate',
  'territory',
  'country',
  'serviceLines',
  'phase',
  'phaseLabel',
  'health',
  'healthReasons',
  'requiresAttention',
  'nextAction',
  'nextActionPriority',
  'daysSinceUpdate',
  'strategic',
  'openBlockers',
  'closedLost',
  ...MILESTONE_ROLES.map((r) => `${r}Date`),
] as const;

export type OpportunityExportRow = Record<
  (typeof OPPORTUNITY_EXPORT_COLUMNS)[number],
  string | number | boolean | null
>;

/** The list's summary row (`toSummary`), flattened: lists joined with "; ", one column per milestone. */
export function opportunityExportRow(o: Opportunity): OpportunityExportRow {
  return summaryExportRow(toSummary(o, undefined));
}

/** A row of the O2R list (o2r.list) as an export row. */
export function summaryExportRow(summary: OpportunitySummary): OpportunityExportRow {
  const { milestones, syncState: _syncState, nextAction, serviceLines, healthReasons, ...flat } = summary;
  const row = {
    ...flat,
    serviceLines: serviceLines.join('; '),
    healthReasons: healthReasons.join('; '),
    nextAction: nextAction?.text ?? null,
    nextActionPriority: nextAction?.priority ?? null,
  } as OpportunityExportRow;
  for (const r of MILESTONE_ROLES) row[`${r}Date`] = milestones[r] ?? null;
  return row;
}
