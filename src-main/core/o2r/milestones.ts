/**
 * The milestone list of an opportunity, in process order, with each milestone's status.
 *
 * Status: done when dated; for the next milestone only: blocked when the deal has open blockers,
 * overdue when the previous milestone's expected lead time (the health thresholds) has passed,
 * pending otherwise. Milestones further ahead, and ones skipped over (a later one is dated), are
 * pending. A dated milestone is done even if the date is in the future: the CRM field holds what
 * was recorded, and the domain layer does not guess planned dates.
 */
import type { CompiledSettings } from './compiled';
import * as dates from './dates';
import type { DealFacts } from './facts';
import * as factsModule from './facts';
import type { O2RThresholds } from './settings';
import type { Milestone, MilestoneRole, OwnerRole } from './types';
import * as types from './types';

// Bound once at load: dev-time module transforms (vitest, tsx) turn each use of an imported
// binding into a getter call, which is measurable in this per-deal hot path.
const { fromDay, isDay } = dates;
const { INVOICE, KICKOFF, PAYMENT, PO, PROPOSAL } = factsModule;
const { MILESTONE_ROLES } = types;

export const MILESTONE_LABELS: Readonly<Record<MilestoneRole, string>> = Object.freeze({
  proposal: 'Proposal submitted',
  sow: 'SOW signed',
  po: 'PO received',
  kickoff: 'Kickoff',
  invoice: 'Invoice raised',
  payment: 'Payment received',
  revenue: 'Revenue recognized',
});

/** Who moves each milestone: sales wins the deal, delivery starts it, finance collects. */
export const MILESTONE_OWNERS: Readonly<Record<MilestoneRole, OwnerRole>> = Object.freeze({
  proposal: 'sales',
  sow: 'sales',
  po: 'sales',
  kickoff: 'delivery',
  invoice: 'finance',
  payment: 'finance',
  revenue: 'finance',
});

/**
 * Expected lead time into a milestone: from which earlier milestone, and which threshold.
 * Proposal, SOW and revenue have none, so they are never overdue.
 */
const LEAD: ReadonlyArray<readonly [from: number, key: keyof O2RThresholds] | undefined> = (() => {
  const lead: Array<readonly [number, keyof O2RThresholds] | undefined> = new Array(MILESTONE_ROLES.length).fill(
    undefined,
  );
  lead[PO] = [PROPOSAL, 'proposalToPoDays'];
  lead[KICKOFF] = [PO, 'poToKickoffDays'];
  lead[INVOICE] = [KICKOFF, 'kickoffToInvoiceDays'];
  lead[PAYMENT] = [INVOICE, 'invoiceToPaymentDays'];
  return lead;
})();

/** Day number by which the milestone at `index` is expected, or NaN when nothing sets a deadline. */
export function dueDay(facts: DealFacts, index: number, thresholds: O2RThresholds): number {
  const lead = LEAD[index];
  if (!lead) return NaN;
  return facts.days[lead[0]] + thresholds[lead[1]];
}

/**
 * A pending milestone that is not the next one carries no deal-specific data, so one frozen object
 * per role is shared by every opportunity (most of a deal's seven milestones are these).
 */
function sharedPending(c: CompiledSettings): readonly Milestone[] {
  let list = c.pendingMilestones;
  if (!list) {
    list = MILESTONE_ROLES.map((role, i) =>
      Object.freeze({
        role,
        label: MILESTONE_LABELS[role],
        date: null,
        status: 'pending',
        ownerRole: MILESTONE_OWNERS[role],
        optional: c.optional[i],
        dueDate: null,
      }),
    );
    c.pendingMilestones = list;
  }
  return list;
}

/** The milestone list; entries are read-only (pending ones are shared between opportunities). */
export function computeMilestones(
  milestones: Partial<Record<MilestoneRole, string | null>>,
  facts: DealFacts,
  openBlockers: number,
  c: CompiledSettings,
): Milestone[] {
  const out: Milestone[] = [];
  const thresholds = c.settings.thresholds;
  const pending = sharedPending(c);
  for (let i = 0; i < MILESTONE_ROLES.length; i++) {
    if (!c.tracked[i]) continue;
    const role = MILESTONE_ROLES[i];
    const done = isDay(facts.days[i]);
    if (!done && i !== facts.nextIndex) {
      out.push(pending[i]);
      continue;
    }
    let status: Milestone['status'] = done ? 'done' : 'pending';
    let due: string | null = null;
    if (i === facts.nextIndex) {
      const d = dueDay(facts, i, thresholds);
      if (isDay(d)) due = fromDay(d);
      // "After N days" means more than N days: overdue from day N+1, i.e. strictly after the due day.
      if (openBlockers > 0) status = 'blocked';
      else if (facts.today > d) status = 'overdue';
    }
    out.push({
      role,
      label: MILESTONE_LABELS[role],
      date: done ? (milestones[role] as string).slice(0, 10) : null,
      status,
      ownerRole: MILESTONE_OWNERS[role],
      optional: c.optional[i],
      dueDate: due,
    });
  }
  return out;
}
