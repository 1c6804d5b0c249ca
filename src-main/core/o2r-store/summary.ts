/** Opportunity → the compact row the O2R list and the export show. */
import type { OpportunitySummary } from '../../../src-shared/contract/o2r-schemas';
import { MILESTONE_ROLES, type MilestoneRole, type Opportunity } from '../o2r/index';
import type { EditStatus } from './outbox-repo';

export function toSummary(o: Opportunity, syncState: EditStatus | undefined): OpportunitySummary {
  const milestones = Object.fromEntries(MILESTONE_ROLES.map((r) => [r, null])) as Record<MilestoneRole, string | null>;
  for (const m of o.milestones) milestones[m.role] = m.date;
  return {
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
    serviceLines: o.serviceLines,
    phase: o.phase,
    phaseLabel: o.phaseLabel,
    health: o.health,
    healthReasons: o.healthReasons,
    requiresAttention: o.requiresAttention,
    closedLost: o.closedLost,
    nextAction: o.nextAction,
    daysSinceUpdate: o.daysSinceUpdate,
    strategic: o.strategic,
    openBlockers: o.openBlockers,
    milestones,
    syncState: syncState && syncState !== 'confirmed' ? syncState : 'synced',
  };
}
