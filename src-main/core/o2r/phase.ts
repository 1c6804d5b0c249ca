/**
 * Phase of an opportunity (docs/o2r.md#phases): from milestone dates when any is present, otherwise from
 * the stage (table, then the probability in its name), then the deal's probability, then phase 1.
 */
import type { DealFacts } from './facts';
import * as factsModule from './facts';
import { phaseFromProbability } from './stages';
import type { ProbabilityPhaseBounds } from './settings';
import type { Phase, PhaseRule, PhaseSource } from './types';

// Bound once at load: dev-time module transforms (vitest, tsx) turn each use of an imported
// binding into a getter call, which is measurable in this per-deal hot path.
const { INVOICE, KICKOFF, PAYMENT, PO, PROPOSAL, REVENUE, SOW } = factsModule;

export const PHASE_LABELS: Readonly<Record<Phase, string>> = Object.freeze({
  1: 'Opportunity → Proposal',
  2: 'Proposal → Commitment (PO)',
  3: 'Execution',
  4: 'Revenue realization',
});

export interface PhaseResult {
  phase: Phase;
  source: PhaseSource;
  rule: PhaseRule;
}

/**
 * Milestone phase: revenue, invoice or payment → 4; kickoff or PO → 3; proposal → 2; else 1.
 * The optional SOW counts as phase 2: it belongs to "Proposal → Commitment", the commitment being
 * the PO. Returns null when no milestone is dated.
 */
export function phaseFromMilestoneDays(days: readonly number[]): Phase | null {
  // x === x is false only for NaN (a missing date).
  if (days[REVENUE] === days[REVENUE] || days[INVOICE] === days[INVOICE] || days[PAYMENT] === days[PAYMENT]) return 4;
  if (days[KICKOFF] === days[KICKOFF] || days[PO] === days[PO]) return 3;
  if (days[PROPOSAL] === days[PROPOSAL] || days[SOW] === days[SOW]) return 2;
  return null;
}

export function computePhase(
  facts: DealFacts,
  probability: number | null,
  bounds: ProbabilityPhaseBounds,
): PhaseResult {
  const fromMilestones = facts.lastDoneIndex >= 0 ? phaseFromMilestoneDays(facts.days) : null;
  if (fromMilestones !== null) return { phase: fromMilestones, source: 'milestones', rule: 'milestones' };
  const { stage } = facts;
  if (stage.phase !== null && stage.rule !== null) return { phase: stage.phase, source: 'stage', rule: stage.rule };
  // Closed-lost deals without milestones stay in phase 1: their probability (0) says nothing useful.
  if (!facts.closedLost && probability !== null && Number.isFinite(probability)) {
    return { phase: phaseFromProbability(probability, bounds), source: 'stage', rule: 'deal-probability' };
  }
  return { phase: 1, source: 'stage', rule: 'default' };
}
