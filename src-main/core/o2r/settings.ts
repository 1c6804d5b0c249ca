/**
 * O2R settings: thresholds (docs/o2r.md#health) and the stage → phase mapping.
 * Plain JSON-serialisable data so the settings store can persist and edit it.
 *
 * Edge convention: every "after N days" threshold fires when the elapsed days are strictly
 * greater than N (day N itself is still fine; day N+1 fires). Probability thresholds are inclusive
 * as written in docs/o2r.md (≥ 80, ≤ 20).
 */
import type { MilestoneRole, Phase } from './types';
import { MILESTONE_ROLES } from './types';

export interface O2RThresholds {
  /** RED: proposal sent, no PO after this many days. */
  proposalToPoDays: number;
  /** RED: invoice sent, no payment after this many days. */
  invoiceToPaymentDays: number;
  /** YELLOW: PO received, no kickoff after this many days. */
  poToKickoffDays: number;
  /** YELLOW: kickoff done, no invoice after this many days. */
  kickoffToInvoiceDays: number;
  /** YELLOW: probability at or above this with no PO. */
  highProbabilityNoPo: number;
  /** YELLOW: probability at or below this with a kickoff date. */
  lowProbabilityWithKickoff: number;
  /** NEEDS_UPDATE: not updated for more than this many days. */
  staleDays: number;
}

export interface QualityThresholds {
  /** Amount changed by more than this percentage between two syncs. */
  amountChangePct: number;
  /** Probability dropped by more than this many points. */
  probabilityDropPoints: number;
  /** Closing date pushed out by more than this many days. */
  closingDatePushDays: number;
}

/**
 * Probability → phase when a stage is not in the table. Lower bounds, inclusive:
 * below phase2From → 1; from phase2From → 2; from phase3From → 3; from phase4From → 4.
 * Defaults fit the real stage names: "Proposal submitted (60)" → 2, "PO / SOW Sign-off (90)" → 3,
 * "Project Kicked off (95)" → 3, "Invoiced (100)" → 4.
 */
export interface ProbabilityPhaseBounds {
  phase2From: number;
  phase3From: number;
  phase4From: number;
}

export interface O2RSettings {
  thresholds: O2RThresholds;
  quality: QualityThresholds;
  /** Stage name → phase. Matched case-insensitively, ignoring repeated spaces. */
  stagePhases: Record<string, Phase>;
  probabilityPhases: ProbabilityPhaseBounds;
  /**
   * Closed-lost stage names (case-insensitive). Any stage containing the word "lost" counts too,
   * so "Closed Lost to Competition" needs no entry.
   */
  closedLostStages: string[];
  /**
   * Milestone roles the org actually records. A role left out (the original org had no payment
   * field) is not listed, never chased, and rules that need it stay silent.
   */
  trackedRoles: MilestoneRole[];
  /** Roles listed but never chased or overdue (the SOW is optional: docs/o2r.md#milestones). */
  optionalRoles: MilestoneRole[];
}

export const DEFAULT_THRESHOLDS: Readonly<O2RThresholds> = Object.freeze({
  proposalToPoDays: 30,
  invoiceToPaymentDays: 45,
  poToKickoffDays: 14,
  kickoffToInvoiceDays: 60,
  highProbabilityNoPo: 80,
  lowProbabilityWithKickoff: 20,
  staleDays: 7,
});

export const DEFAULT_QUALITY_THRESHOLDS: Readonly<QualityThresholds> = Object.freeze({
  amountChangePct: 50,
  probabilityDropPoints: 30,
  closingDatePushDays: 90,
});

/**
 * Default stage table: the original org's stages plus Zoho's standard Deal stages.
 * "Closed Won" is phase 3: the customer committed (the PO stage), delivery comes next.
 * Closed-lost stages are deliberately absent: they are recognised by `closedLostStages` and keep
 * the phase their milestones show (phase 1 without any), because "lost" is an outcome, not a phase.
 */
export const DEFAULT_STAGE_PHASES: Readonly<Record<string, Phase>> = Object.freeze({
  // Original Pipeline Pulse org
  'Proposal submitted (60)': 2,
  'PO / SOW Sign-off (90)': 3,
  'Project Kicked off (95)': 3,
  'Invoiced (100)': 4,
  // Zoho CRM standard stages
  Qualification: 1,
  'Needs Analysis': 1,
  'Value Proposition': 1,
  'Identify Decision Makers': 1,
  'Id. Decision Makers': 1,
  'Perception Analysis': 1,
  'Proposal/Price Quote': 2,
  'Negotiation/Review': 2,
  'Closed Won': 3,
});

export const DEFAULT_O2R_SETTINGS: Readonly<O2RSettings> = Object.freeze({
  thresholds: DEFAULT_THRESHOLDS,
  quality: DEFAULT_QUALITY_THRESHOLDS,
  stagePhases: DEFAULT_STAGE_PHASES,
  probabilityPhases: Object.freeze({ phase2From: 40, phase3From: 85, phase4From: 100 }),
  closedLostStages: Object.freeze(['Closed Lost', 'Closed-Lost', 'Closed Lost to Competition', 'Lost']) as string[],
  trackedRoles: Object.freeze([...MILESTONE_ROLES]) as MilestoneRole[],
  optionalRoles: Object.freeze(['sow']) as MilestoneRole[],
}) as O2RSettings;

/** Settings as a user may store them: any part may be missing. */
export interface O2RSettingsPatch {
  thresholds?: Partial<O2RThresholds>;
  quality?: Partial<QualityThresholds>;
  stagePhases?: Record<string, Phase>;
  probabilityPhases?: Partial<ProbabilityPhaseBounds>;
  closedLostStages?: string[];
  trackedRoles?: MilestoneRole[];
  optionalRoles?: MilestoneRole[];
}

/**
 * Defaults overlaid with a stored patch. A stored `stagePhases` replaces the default table
 * (an org with its own stages should not inherit Zoho's); thresholds merge key by key.
 */
export function resolveO2RSettings(patch: O2RSettingsPatch = {}): O2RSettings {
  const d = DEFAULT_O2R_SETTINGS;
  return {
    thresholds: { ...d.thresholds, ...patch.thresholds },
    quality: { ...d.quality, ...patch.quality },
    stagePhases: { ...(patch.stagePhases ?? d.stagePhases) },
    probabilityPhases: { ...d.probabilityPhases, ...patch.probabilityPhases },
    closedLostStages: [...(patch.closedLostStages ?? d.closedLostStages)],
    trackedRoles: [...(patch.trackedRoles ?? d.trackedRoles)],
    optionalRoles: [...(patch.optionalRoles ?? d.optionalRoles)],
  };
}

/**
 * What makes a set of O2R settings one no user means, field path → reason (empty when fine):
 * no tracked milestone or one listed twice, an optional milestone that is not tracked,
 * probability → phase bounds that overlap or run backwards, a "low" probability threshold at
 * or above the "high" one.
 */
export function settingsProblems(s: O2RSettings): Record<string, string> {
  const problems: Record<string, string> = {};
  const twice = (xs: readonly string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
  if (s.trackedRoles.length === 0) problems.trackedRoles = 'track at least one milestone';
  else if (twice(s.trackedRoles).length) problems.trackedRoles = `listed twice: ${twice(s.trackedRoles).join(', ')}`;
  const untracked = s.optionalRoles.filter((r) => !s.trackedRoles.includes(r));
  if (twice(s.optionalRoles).length) problems.optionalRoles = `listed twice: ${twice(s.optionalRoles).join(', ')}`;
  else if (untracked.length) problems.optionalRoles = `not tracked, so it cannot be optional: ${untracked.join(', ')}`;
  const p = s.probabilityPhases;
  if (!(p.phase2From >= 0 && p.phase2From < p.phase3From && p.phase3From < p.phase4From && p.phase4From <= 100))
    problems.probabilityPhases =
      `the bounds must rise: 0 ≤ phase 2 from (${p.phase2From}) < phase 3 from (${p.phase3From}) ` +
      `< phase 4 from (${p.phase4From}) ≤ 100`;
  const t = s.thresholds;
  if (t.lowProbabilityWithKickoff >= t.highProbabilityNoPo)
    problems['thresholds.lowProbabilityWithKickoff'] =
      `must be below the high-probability threshold (${t.highProbabilityNoPo}), got ${t.lowProbabilityWithKickoff}`;
  return problems;
}
