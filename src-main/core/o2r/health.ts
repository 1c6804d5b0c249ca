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
import type { Health, HealthFinding, OpportunityInput } from './types';

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

export function computeHealthFindings(input: OpportunityInput, facts: DealFacts, c: CompiledSettings): HealthFinding[] {
  const findings: HealthFinding[] = [];
  const { days, today, lastDoneIndex } = facts;
  const t = c.settings.thresholds;
  const tracked = c.tracked;
  // A missing date is NaN and `today - NaN > n` is false, so rules need no separate "is dated" test.

  if (input.openBlockers > 0) {
    const n = input.openBlockers;
    findings.push({
      rule: 'open-blockers',
      level: 'BLOCKED',
      reason: n === 1 ? '1 open blocker' : `${n} open blockers`,
    });
  }
  if (facts.closedLost) return findings;

  // RED
  if (tracked[PO] && lastDoneIndex < PO && today - days[PROPOSAL] > t.proposalToPoDays) {
    findings.push({
      rule: 'proposal-no-po',
      level: 'RED',
      reason: `Proposal sent ${daysText(today - days[PROPOSAL])} ago, no PO yet`,
    });
  }
  if (tracked[PAYMENT] && lastDoneIndex < PAYMENT && today - days[INVOICE] > t.invoiceToPaymentDays) {
    findings.push({
      rule: 'invoice-no-payment',
      level: 'RED',
      reason: `Invoice sent ${daysText(today - days[INVOICE])} ago, no payment yet`,
    });
  }
  if (tracked[REVENUE] && !isDay(days[REVENUE]) && input.closingDate) {
    const closing = toDay(input.closingDate);
    if (today > closing) {
      findings.push({
        rule: 'closing-date-passed',
        level: 'RED',
        reason: `Closing date ${input.closingDate.slice(0, 10)} passed ${daysText(today - closing)} ago, no revenue recognized`,
      });
    }
  }

  // YELLOW
  if (tracked[KICKOFF] && lastDoneIndex < KICKOFF && today - days[PO] > t.poToKickoffDays) {
    findings.push({
      rule: 'po-no-kickoff',
      level: 'YELLOW',
      reason: `PO received ${daysText(today - days[PO])} ago, no kickoff yet`,
    });
  }
  if (tracked[INVOICE] && lastDoneIndex < INVOICE && today - days[KICKOFF] > t.kickoffToInvoiceDays) {
    findings.push({
      rule: 'kickoff-no-invoice',
      level: 'YELLOW',
      reason: `Kickoff ${daysText(today - days[KICKOFF])} ago, no invoice yet`,
    });
  }
  const p = input.probability;
  if (p !== null && p !== undefined) {
    if (tracked[PO] && lastDoneIndex < PO && p >= t.highProbabilityNoPo) {
      findings.push({ rule: 'high-probability-no-po', level: 'YELLOW', reason: `Probability ${p}% but no PO yet` });
    }
    if (p <= t.lowProbabilityWithKickoff && isDay(days[KICKOFF])) {
      findings.push({
        rule: 'low-probability-with-kickoff',
        level: 'YELLOW',
        reason: `Probability only ${p}% although kickoff is done`,
      });
    }
  }

  // NEEDS_UPDATE
  if (today - facts.lastUpdateDay > t.staleDays) {
    findings.push({
      rule: 'stale',
      level: 'NEEDS_UPDATE',
      reason: `Not updated for ${daysText(today - facts.lastUpdateDay)}`,
    });
  }
  return findings;
}

/** The winning level: the most severe finding's, GREEN when none fired. */
export function healthFromFindings(findings: readonly HealthFinding[]): Health {
  let best: Health = 'GREEN';
  for (const f of findings) if (HEALTH_SEVERITY[f.level] > HEALTH_SEVERITY[best]) best = f.level;
  return best;
}
