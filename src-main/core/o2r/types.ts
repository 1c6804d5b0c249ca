/**
 * Types of the O2R (Opportunity-to-Revenue) domain, docs/o2r.md.
 * Inputs are what the store hands over per deal; outputs are computed, never stored as truth.
 */

/** Milestones in process order. The order matters: index = position in the O2R flow. */
export const MILESTONE_ROLES = ['proposal', 'sow', 'po', 'kickoff', 'invoice', 'payment', 'revenue'] as const;
export type MilestoneRole = (typeof MILESTONE_ROLES)[number];

/** 'YYYY-MM-DD' calendar date. */
export type IsoDate = string;

/** One deal as the store gives it to the domain layer. */
export interface OpportunityInput {
  id: string;
  name: string;
  accountName: string | null;
  ownerName: string | null;
  stage: string | null;
  /** 0–100, or null when the CRM has none. */
  probability: number | null;
  /** Amount in the home currency. */
  amountHome: number | null;
  closingDate: IsoDate | null;
  /** Zoho's Modified_Time, ISO timestamp. */
  modifiedTime: string | null;
  territory: string | null;
  country: string | null;
  serviceLines: string[];
  /** Milestone dates by role; roles the org does not have are simply absent. */
  milestones: Partial<Record<MilestoneRole, IsoDate | null>>;
  openBlockers: number;
  strategic: boolean;
  /** Latest edit made in this app (local O2R data, milestones), ISO timestamp; counts as an update. */
  lastLocalEdit?: string | null;
}

export type Phase = 1 | 2 | 3 | 4;

/**
 * Where the phase came from. 'milestones' when any milestone date is present; otherwise 'stage',
 * with `phaseRule` telling which fallback decided.
 */
export type PhaseSource = 'milestones' | 'stage';
export type PhaseRule = 'milestones' | 'stage-table' | 'stage-name-probability' | 'deal-probability' | 'default';

export type Health = 'BLOCKED' | 'RED' | 'YELLOW' | 'NEEDS_UPDATE' | 'GREEN';

export type MilestoneStatus = 'done' | 'pending' | 'overdue' | 'blocked';
export type OwnerRole = 'sales' | 'delivery' | 'finance';

/** Read-only: pending milestones are shared between opportunities. */
export interface Milestone {
  readonly role: MilestoneRole;
  readonly label: string;
  readonly date: IsoDate | null;
  readonly status: MilestoneStatus;
  readonly ownerRole: OwnerRole;
  /** Optional milestones (SOW by default) are listed but never chased. */
  readonly optional: boolean;
  /** For the next milestone only: when it is expected (previous date + lead time), else null. */
  readonly dueDate: IsoDate | null;
}

export type HealthRuleId =
  | 'open-blockers'
  | 'proposal-no-po'
  | 'invoice-no-payment'
  | 'closing-date-passed'
  | 'po-no-kickoff'
  | 'kickoff-no-invoice'
  | 'high-probability-no-po'
  | 'low-probability-with-kickoff'
  | 'stale';

/** One health rule that fired. */
export interface HealthFinding {
  rule: HealthRuleId;
  level: Exclude<Health, 'GREEN'>;
  reason: string;
}

export type ActionKind =
  | 'send_proposal'
  | 'sign_sow'
  | 'chase_po'
  | 'schedule_kickoff'
  | 'raise_invoice'
  | 'collect_payment'
  | 'recognize_revenue'
  | 'resolve_blockers'
  | 'act_now'
  | 'review_delays'
  | 'update_opportunity';

export type ActionPriority = 'high' | 'medium' | 'low';

export interface ActionItem {
  kind: ActionKind;
  text: string;
  priority: ActionPriority;
  /** 'milestone' items push the deal forward; 'health' items answer its health signal. */
  source: 'milestone' | 'health';
  /** The milestone concerned, for 'milestone' items. */
  role: MilestoneRole | null;
}

/** A deal seen as an O2R opportunity: the deal's own fields plus everything computed. */
export interface Opportunity extends Omit<OpportunityInput, 'milestones'> {
  phase: Phase;
  phaseLabel: string;
  phaseSource: PhaseSource;
  phaseRule: PhaseRule;
  /** Closed-lost deals leave the O2R flow: only an open blocker can still flag them. */
  closedLost: boolean;
  milestones: Milestone[];
  /** The next milestone to reach, or null when the flow is complete (or the deal is lost). */
  nextMilestone: MilestoneRole | null;
  health: Health;
  /** Every rule that fired, most severe first. */
  healthFindings: HealthFinding[];
  /** The findings' sentences, same order. */
  healthReasons: string[];
  /** Highest priority first. */
  actionItems: ActionItem[];
  requiresAttention: boolean;
  /** The first action item, or null. */
  nextAction: ActionItem | null;
  /** Days since the last update (CRM modification or local edit); null when unknown. */
  daysSinceUpdate: number | null;
}
