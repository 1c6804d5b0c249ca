/**
 * Health signal (docs/o2r.md#health). Every rule is evaluated and every one that fires is kept with a
 * human sentence; the most severe level wins: BLOCKED > RED > YELLOW > NEEDS_UPDATE > GREEN.
 *
 * Choices where docs/o2r.md is silent:
 * - "after N days" = strictly more than N days (day N is fine, day N+1 fires).
 * - Chase rules look at the deal's frontier only: "no PO" means no PO and no later milestone
 *   either (a kicked-off deal with no PO date on record is not chased for the PO).
 * - A rule that needs a milestone the org does not track (settings.trackedRoles) stays silent.
 * - Closed-lost deals: only open blockers can flag them. Nothing is chased on a lost deal, so no
 *   closing-date, delay, probability or staleness findings.
 * - Closing date "passed" = strictly before today; closed-won deals without a revenue date are
 *   flagged (realising the revenue is what O2R tracks).
 * - Probability null: the probability rules stay silent. Update date unknown: no staleness finding.
 */
import type { CompiledSettings } from './compiled';
import * as dates from './dates';
import type { DealFacts } from './facts';
import * as factsModule from './facts';
import type { Health, HealthFinding, HealthRuleId, OpportunityInput } from './types';

// Bound once at load: dev-time module transforms (vitest, tsx) turn each use of an imported
// binding into a getter call, which is measurable in this per-deal hot path.
const { isDay, toDay } = dates;
const { INVOICE, KICKOFF, PAYMENT, PO, PROPOSAL, REVENUE } = factsModule;

/** Severity order used for "highest wins" and for review movement. */
export const HEALTH_SEVERITY: Readonly<Record<Health, number>> = Object.freeze({
  GREEN: 0,
  NEEDS_UPDATE: 1,
  YELLOW: 2,
  RED: 3,
  BLOCKED: 4,
});

export function daysText(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** A finding's level (GREEN is what is left when none fires). */
type FindingLevel = Exclude<Health, 'GREEN'>;

/**
 * Where the rules report each finding that fires: `n` is the number its sentence needs (blockers,
 * days, percent). The sentence is built only by those who show it (`healthReason`): a full pass
 * over a million deals wants the level alone.
 */
export type OnFinding = (rule: HealthRuleId, level: FindingLevel, n: number) => void;

/** Evaluates every health rule on one deal, reporting each finding that fires, in order. */
export function evaluateHealthRules(
  input: OpportunityInput,
  facts: DealFacts,
  c: CompiledSettings,
  fire: OnFinding,
): void {
  const { days, today, lastDoneIndex } = facts;
  const t = c.settings.thresholds;
  const tracked = c.tracked;
  // A missing date is NaN and `today - NaN > n` is false, so rules need no separate "is dated" test.

  if (input.openBlockers > 0) fire('open-blockers', 'BLOCKED', input.openBlockers);
  if (facts.closedLost) return;

  // RED
  if (tracked[PO] && lastDoneIndex < PO && today - days[PROPOSAL] > t.proposalToPoDays)
    fire('proposal-no-po', 'RED', today - days[PROPOSAL]);
  if (tracked[PAYMENT] && lastDoneIndex < PAYMENT && today - days[INVOICE] > t.invoiceToPaymentDays)
    fire('invoice-no-payment', 'RED', today - days[INVOICE]);
  if (tracked[REVENUE] && !isDay(days[REVENUE]) && input.closingDate) {
    const closing = toDay(input.closingDate);
    if (today > closing) fire('closing-date-passed', 'RED', today - closing);
  }

  // YELLOW
  if (tracked[KICKOFF] && lastDoneIndex < KICKOFF && today - days[PO] > t.poToKickoffDays)
    fire('po-no-kickoff', 'YELLOW', today - days[PO]);
  if (tracked[INVOICE] && lastDoneIndex < INVOICE && today - days[KICKOFF] > t.kickoffToInvoiceDays)
    fire('kickoff-no-invoice', 'YELLOW', today - days[KICKOFF]);
  const p = input.probability;
  if (p !== null && p !== undefined) {
    if (tracked[PO] && lastDoneIndex < PO && p >= t.highProbabilityNoPo) fire('high-probability-no-po', 'YELLOW', p);
    if (p <= t.lowProbabilityWithKickoff && isDay(days[KICKOFF])) fire('low-probability-with-kickoff', 'YELLOW', p);
  }

  // NEEDS_UPDATE
  if (today - facts.lastUpdateDay > t.staleDays) fire('stale', 'NEEDS_UPDATE', today - facts.lastUpdateDay);
}

/** The sentence a finding shows (`n` as `evaluateHealthRules` reported it). */
export function healthReason(rule: HealthRuleId, n: number, input: OpportunityInput): string {
  switch (rule) {
    case 'open-blockers':
      return n === 1 ? '1 open blocker' : `${n} open blockers`;
    case 'proposal-no-po':
      return `Proposal sent ${daysText(n)} ago, no PO yet`;
    case 'invoice-no-payment':
      return `Invoice sent ${daysText(n)} ago, no payment yet`;
    case 'closing-date-passed':
      return `Closing date ${(input.closingDate ?? '').slice(0, 10)} passed ${daysText(n)} ago, no revenue recognized`;
    case 'po-no-kickoff':
      return `PO received ${daysText(n)} ago, no kickoff yet`;
    case 'kickoff-no-invoice':
      return `Kickoff ${daysText(n)} ago, no invoice yet`;
    case 'high-probability-no-po':
      return `Probability ${n}% but no PO yet`;
    case 'low-probability-with-kickoff':
      return `Probability only ${n}% although kickoff is done`;
    case 'stale':
      return `Not updated for ${daysText(n)}`;
  }
}

/** Every finding that fires on the deal, with its sentence (a full opportunity shows them). */
export function computeHealthFindings(input: OpportunityInput, facts: DealFacts, c: CompiledSettings): HealthFinding[] {
  const findings: HealthFinding[] = [];
  evaluateHealthRules(input, facts, c, (rule, level, n) =>
    findings.push({ rule, level, reason: healthReason(rule, n, input) }),
  );
  return findings;
}

/** The most severe level seen by `keepWorst` since it was reset (one deal at a time). */
let worst: Health = 'GREEN';
const keepWorst: OnFinding = (_rule, level) => {
  if (HEALTH_SEVERITY[level] > HEALTH_SEVERITY[worst]) worst = level;
};

/** The deal's health alone: the same rules as `computeHealthFindings`, no finding or sentence made. */
export function computeHealth(input: OpportunityInput, facts: DealFacts, c: CompiledSettings): Health {
  worst = 'GREEN';
  evaluateHealthRules(input, facts, c, keepWorst);
  return worst;
}

/** The winning level: the most severe finding's, GREEN when none fired. */
export function healthFromFindings(findings: readonly HealthFinding[]): Health {
  let best: Health = 'GREEN';
  for (const f of findings) if (HEALTH_SEVERITY[f.level] > HEALTH_SEVERITY[best]) best = f.level;
  return best;
}
