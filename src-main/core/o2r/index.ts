/**
 * Public API of the O2R domain layer: pure functions over plain data. No I/O, no clock, no
 * electron or Node imports, so it runs in main, renderer, CLI and tests alike.
 */
export type {
  ActionItem,
  ActionKind,
  ActionPriority,
  Health,
  HealthFinding,
  HealthRuleId,
  IsoDate,
  Milestone,
  MilestoneRole,
  MilestoneStatus,
  Opportunity,
  OpportunityInput,
  OwnerRole,
  Phase,
  PhaseRule,
  PhaseSource,
} from './types';
export { MILESTONE_ROLES } from './types';
export type {
  O2RSettings,
  O2RSettingsPatch,
  O2RThresholds,
  ProbabilityPhaseBounds,
  QualityThresholds,
} from './settings';
export {
  DEFAULT_O2R_SETTINGS,
  DEFAULT_QUALITY_THRESHOLDS,
  DEFAULT_STAGE_PHASES,
  DEFAULT_THRESHOLDS,
  resolveO2RSettings,
  settingsProblems,
} from './settings';
export { computeOpportunities, computeOpportunity, computeStatus } from './opportunity';
export type { OpportunityStatus } from './opportunity';
export { PHASE_LABELS } from './phase';
export { describeStage, isClosedLostStage, phaseFromProbability, probabilityFromStageName } from './stages';
export { MILESTONE_LABELS, MILESTONE_OWNERS } from './milestones';
export { HEALTH_SEVERITY } from './health';
export { MILESTONE_ACTIONS, PRIORITY_RANK } from './actions';
export type {
  Breakdown,
  Movement,
  ReviewEntry,
  ReviewInsights,
  ReviewOpportunity,
  ReviewRow,
  ReviewScan,
  RowWindow,
  Week,
  WeeklyReview,
} from './review';
export {
  HEALTH_SCORE_WEIGHTS,
  classifyMovement,
  emptyInsights,
  finishInsights,
  healthScore,
  reviewRow,
  scanReview,
  tallyReviewRow,
  weekOf,
  weeklyReview,
} from './review';
export type { DealSnapshot, QualityAlert, QualityAlertKind } from './quality';
export { qualityAlerts } from './quality';
export { fromDay, toDay } from './dates';
