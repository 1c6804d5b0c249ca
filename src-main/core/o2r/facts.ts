/**
 * The numbers every rule needs, derived once per deal: milestone dates as day numbers, where the
 * deal stands in the flow, and when it was last updated. Health, milestones and actions all read
 * these instead of re-parsing strings.
 */
import type { CompiledSettings, StageInfo } from './compiled';
import type { DayNumber } from './dates';
import * as dates from './dates';
import { describeStageCompiled } from './stages';
import type { OpportunityInput } from './types';
import * as types from './types';

// Bound once at load: dev-time module transforms (vitest, tsx) turn each use of an imported
// binding into a getter call, which is measurable in this per-deal hot path.
const { isDay, toDay } = dates;
const { MILESTONE_ROLES } = types;

/** Role indices in MILESTONE_ROLES order, for array access on the hot path. */
export const PROPOSAL = 0;
export const SOW = 1;
export const PO = 2;
export const KICKOFF = 3;
export const INVOICE = 4;
export const PAYMENT = 5;
export const REVENUE = 6;

export interface DealFacts {
  today: DayNumber;
  /** Milestone day numbers by role index; NaN when missing, invalid or the role is not tracked. */
  days: DayNumber[];
  /** Highest role index with a date, -1 when none. */
  lastDoneIndex: number;
  /** First tracked, non-optional role after lastDoneIndex; -1 when the flow is complete or lost. */
  nextIndex: number;
  stage: StageInfo;
  closedLost: boolean;
  /** Latest of Modified_Time and the last local edit (calendar day); NaN when neither is known. */
  lastUpdateDay: DayNumber;
}

/** Fresh facts with room for every role; deriveFacts fills it. */
export function newFacts(): DealFacts {
  return {
    today: NaN,
    days: new Array<DayNumber>(MILESTONE_ROLES.length).fill(NaN),
    lastDoneIndex: -1,
    nextIndex: -1,
    stage: { phase: null, rule: null, closedLost: false },
    closedLost: false,
    lastUpdateDay: NaN,
  };
}

/**
 * A missing milestone counts as passed once a later one is dated (a deal invoiced without a PO
 * date on record is not chased for the PO): rules only look at the deal's frontier.
 *
 * Writes into `out` (and returns it) so the hot loop can reuse one scratch object: facts never
 * leave computeOpportunity, and allocating them per deal showed up as GC time at 100k deals.
 */
export function deriveFacts(
  input: OpportunityInput,
  today: DayNumber,
  c: CompiledSettings,
  out: DealFacts = newFacts(),
): DealFacts {
  const ms = input.milestones;
  const days = out.days;
  let lastDoneIndex = -1;
  for (let i = 0; i < MILESTONE_ROLES.length; i++) {
    const day = c.tracked[i] ? toDay(ms[MILESTONE_ROLES[i]]) : NaN;
    days[i] = day;
    if (isDay(day)) lastDoneIndex = i;
  }
  const stage = describeStageCompiled(c, input.stage);
  const closedLost = stage.closedLost;
  let nextIndex = -1;
  if (!closedLost) {
    for (let i = lastDoneIndex + 1; i < MILESTONE_ROLES.length; i++) {
      if (c.tracked[i] && !c.optional[i]) {
        nextIndex = i;
        break;
      }
    }
  }
  const modified = toDay(input.modifiedTime);
  const local = toDay(input.lastLocalEdit);
  // Math.max with NaN is NaN, so pick by hand.
  const lastUpdateDay = !isDay(local) ? modified : !isDay(modified) ? local : Math.max(modified, local);
  out.today = today;
  out.lastDoneIndex = lastDoneIndex;
  out.nextIndex = nextIndex;
  out.stage = stage;
  out.closedLost = closedLost;
  out.lastUpdateDay = lastUpdateDay;
  return out;
}
