/**
 * computeOpportunity: one deal in, one O2R opportunity out. Pure: same input, same `today`, same
 * settings → same result. Called for every deal whenever it changes, and for all deals when
 * `today` or the settings change, so it parses each date once (facts.ts) and allocates little.
 */
import { compile } from './compiled';
import { isDay, requireDay } from './dates';
import { deriveFacts, newFacts } from './facts';
import { computeActions } from './actions';
import { computeHealth, computeHealthFindings, healthFromFindings } from './health';
import { computeMilestones } from './milestones';
import { PHASE_LABELS, computePhase } from './phase';
import type { O2RSettings } from './settings';
import { DEFAULT_O2R_SETTINGS } from './settings';
import type { Opportunity, OpportunityInput } from './types';
import { MILESTONE_ROLES } from './types';

/** Scratch facts reused across calls (never returned, so reuse is invisible to callers). */
const scratch = newFacts();

/**
 * @param today 'YYYY-MM-DD', the caller's calendar day (the domain never reads the clock).
 * @throws RangeError when `today` is not a valid date.
 */
export function computeOpportunity(
  input: OpportunityInput,
  today: string,
  settings: O2RSettings = DEFAULT_O2R_SETTINGS,
): Opportunity {
  const c = compile(settings);
  const facts = deriveFacts(input, requireDay(today, 'today'), c, scratch);
  const phase = computePhase(facts, input.probability, settings.probabilityPhases);
  const milestones = computeMilestones(input.milestones, facts, input.openBlockers, c);
  const healthFindings = computeHealthFindings(input, facts, c);
  const health = healthFromFindings(healthFindings);
  const actionItems = computeActions(facts, milestones, health, healthFindings, input.openBlockers);
  const healthReasons: string[] = [];
  for (const f of healthFindings) healthReasons.push(f.reason);
  return {
    id: input.id,
    name: input.name,
    accountName: input.accountName,
    ownerName: input.ownerName,
    stage: input.stage,
    probability: input.probability,
    amountHome: input.amountHome,
    closingDate: input.closingDate,
    modifiedTime: input.modifiedTime,
    territory: input.territory,
    country: input.country,
    serviceLines: input.serviceLines,
    openBlockers: input.openBlockers,
    strategic: input.strategic,
    lastLocalEdit: input.lastLocalEdit ?? null,
    phase: phase.phase,
    phaseLabel: PHASE_LABELS[phase.phase],
    phaseSource: phase.source,
    phaseRule: phase.rule,
    closedLost: facts.closedLost,
    milestones,
    nextMilestone: facts.nextIndex >= 0 ? MILESTONE_ROLES[facts.nextIndex] : null,
    health,
    healthFindings,
    healthReasons,
    actionItems,
    requiresAttention: health === 'RED' || health === 'BLOCKED',
    nextAction: actionItems.length > 0 ? actionItems[0] : null,
    daysSinceUpdate: isDay(facts.lastUpdateDay) ? facts.today - facts.lastUpdateDay : null,
  };
}

/** What a list counts, filters and sorts on: computeOpportunity's answer without the details. */
export type OpportunityStatus = Pick<Opportunity, 'phase' | 'health' | 'closedLost' | 'daysSinceUpdate'>;

/** The `today` computeStatus parsed last (a pass asks with the same day a million times). */
let statusToday = '';
let statusTodayDay = NaN;

/**
 * The phase, health and days since the last update of one deal: the same steps and the same
 * answer as computeOpportunity, without the milestones, findings' reasons and action items that a
 * list of every deal never shows (the opportunity cache's full pass over 1,000,000 deals).
 */
export function computeStatus(
  input: OpportunityInput,
  today: string,
  settings: O2RSettings = DEFAULT_O2R_SETTINGS,
): OpportunityStatus {
  const c = compile(settings);
  if (today !== statusToday) {
    statusTodayDay = requireDay(today, 'today');
    statusToday = today;
  }
  const facts = deriveFacts(input, statusTodayDay, c, scratch);
  return {
    phase: computePhase(facts, input.probability, settings.probabilityPhases).phase,
    health: computeHealth(input, facts, c),
    closedLost: facts.closedLost,
    daysSinceUpdate: isDay(facts.lastUpdateDay) ? facts.today - facts.lastUpdateDay : null,
  };
}

/** Convenience for recomputing many deals against one `today` (validated once per call). */
export function computeOpportunities(
  inputs: readonly OpportunityInput[],
  today: string,
  settings: O2RSettings = DEFAULT_O2R_SETTINGS,
): Opportunity[] {
  requireDay(today, 'today');
  const out = new Array<Opportunity>(inputs.length);
  for (let i = 0; i < inputs.length; i++) out[i] = computeOpportunity(inputs[i], today, settings);
  return out;
}
