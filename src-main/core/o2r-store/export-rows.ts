/**
 * One flat row per opportunity for CSV / JSON export: its phase, health, reasons, next action and
 * milestone dates (the list), plus the deal fields a spreadsheet user filters on.
 */
import { MILESTONE_ROLES, type Opportunity } from '../o2r/index';

export const OPPORTUNITY_EXPORT_COLUMNS = [
  'id', 'name', 'accountName', 'ownerName', 'stage', 'probability', 'amountHome', 'closingDate', 'territory', 'country',
  'serviceLines', 'phase', 'phaseLabel', 'health', 'healthReasons', 'requiresAttention', 'nextAction', 'nextActionPriority',
  'daysSinceUpdate', 'strategic', 'openBlockers', 'closedLost',
  ...MILESTONE_ROLES.map((r) => `${r}Date`),
] as const;

export type OpportunityExportRow = Record<(typeof OPPORTUNITY_EXPORT_COLUMNS)[number], string | number | boolean | null>;

export function opportunityExportRow(o: Opportunity): OpportunityExportRow {
  const row = {
    id: o.id,
    name: o.name,
    accountName: o.accountName,
    ownerName: o.ownerName,
    stage: o.stage,
    probability: o.probability,
    amountHome: o.amountHome,
    closingDate: o.closingDate,
    territory: o.territory,
    country: o.country,
    serviceLines: o.serviceLines.join('; '),
    phase: o.phase,
    phaseLabel: o.phaseLabel,
    health: o.health,
    healthReasons: o.healthReasons.join('; '),
    requiresAttention: o.requiresAttention,
    nextAction: o.nextAction?.text ?? null,
    nextActionPriority: o.nextAction?.priority ?? null,
    daysSinceUpdate: o.daysSinceUpdate,
    strategic: o.strategic,
    openBlockers: o.openBlockers,
    closedLost: o.closedLost,
  } as OpportunityExportRow;
  for (const m of o.milestones) row[`${m.role}Date`] = m.date;
  for (const r of MILESTONE_ROLES) row[`${r}Date`] ??= null;
  return row;
}
