/**
 * Action items (docs/o2r.md#actions): one for the next missing milestone, plus one answering the health.
 *
 * Choices where docs/o2r.md is silent:
 * - NEEDS_UPDATE gets an action too ("update this opportunity", low priority): a stale deal's
 *   signal is only as good as its data.
 * - Only the winning health gets an action: a BLOCKED deal that is also RED shows
 *   "resolve blockers" (its RED reasons stay in healthReasons).
 * - Priority: blockers and RED are high; the milestone item is high when it is overdue, else
 *   medium; YELLOW is medium; NEEDS_UPDATE is low. Sorted by priority, health item first on a tie.
 * - Closed-lost deals get no milestone item.
 */
import { daysText } from './health';
import { isDay } from './dates';
import type { DealFacts } from './facts';
import type { ActionItem, ActionKind, ActionPriority, Health, HealthFinding, Milestone, MilestoneRole } from './types';
import { MILESTONE_ROLES } from './types';

export const MILESTONE_ACTIONS: Readonly<Record<MilestoneRole, { kind: ActionKind; text: string }>> = Object.freeze({
  proposal: { kind: 'send_proposal', text: 'Send proposal' },
  // The SOW is optional by default and then never chased; used only if settings make it required.
  sow: { kind: 'sign_sow', text: 'Get the SOW signed' },
  po: { kind: 'chase_po', text: 'Chase PO' },
  kickoff: { kind: 'schedule_kickoff', text: 'Schedule kickoff' },
  invoice: { kind: 'raise_invoice', text: 'Raise invoice' },
  payment: { kind: 'collect_payment', text: 'Collect payment' },
  revenue: { kind: 'recognize_revenue', text: 'Recognize revenue' },
});

/** How the previous step reads in "Chase PO (proposal sent 34 days ago)". */
const DONE_PHRASE: Readonly<Record<MilestoneRole, string>> = Object.freeze({
  proposal: 'proposal sent',
  sow: 'SOW signed',
  po: 'PO received',
  kickoff: 'kickoff',
  invoice: 'invoice sent',
  payment: 'payment received',
  revenue: 'revenue recognized',
});

export const PRIORITY_RANK: Readonly<Record<ActionPriority, number>> = Object.freeze({ high: 0, medium: 1, low: 2 });

function milestoneItem(facts: DealFacts, milestones: readonly Milestone[]): ActionItem | null {
  if (facts.nextIndex < 0) return null;
  const role = MILESTONE_ROLES[facts.nextIndex];
  let overdue = false;
  for (const x of milestones) if (x.role === role) overdue = x.status === 'overdue';
  const base = MILESTONE_ACTIONS[role];
  let text = base.text;
  // Say how long the previous step has been waiting, when it is known: it is what makes the item urgent.
  const prev = facts.lastDoneIndex;
  if (prev >= 0 && isDay(facts.days[prev])) {
    const waited = facts.today - facts.days[prev];
    if (waited > 0) text += ` (${DONE_PHRASE[MILESTONE_ROLES[prev]]} ${daysText(waited)} ago)`;
  }
  return { kind: base.kind, text, priority: overdue ? 'high' : 'medium', source: 'milestone', role };
}

function healthItem(health: Health, findings: readonly HealthFinding[], openBlockers: number): ActionItem | null {
  let first: HealthFinding | undefined;
  for (const f of findings) if (f.level === health && !first) first = f;
  switch (health) {
    case 'BLOCKED':
      return {
        kind: 'resolve_blockers',
        text: openBlockers === 1 ? 'Resolve the open blocker' : `Resolve ${openBlockers} open blockers`,
        priority: 'high',
        source: 'health',
        role: null,
      };
    case 'RED':
      return {
        kind: 'act_now',
        text: `Act now: ${first?.reason ?? 'health is red'}`,
        priority: 'high',
        source: 'health',
        role: null,
      };
    case 'YELLOW':
      return {
        kind: 'review_delays',
        text: `Review delays: ${first?.reason ?? 'health is yellow'}`,
        priority: 'medium',
        source: 'health',
        role: null,
      };
    case 'NEEDS_UPDATE':
      return {
        kind: 'update_opportunity',
        text: `Update this opportunity: ${first?.reason ?? 'stale'}`,
        priority: 'low',
        source: 'health',
        role: null,
      };
    case 'GREEN':
      return null;
  }
}

export function computeActions(
  facts: DealFacts,
  milestones: readonly Milestone[],
  health: Health,
  findings: readonly HealthFinding[],
  openBlockers: number,
): ActionItem[] {
  const items: ActionItem[] = [];
  const h = healthItem(health, findings, openBlockers);
  if (h) items.push(h);
  const m = milestoneItem(facts, milestones);
  if (m) items.push(m);
  // Two items at most: a stable swap is enough, and health wins ties because it is pushed first.
  if (items.length === 2 && PRIORITY_RANK[items[1].priority] < PRIORITY_RANK[items[0].priority]) items.reverse();
  return items;
}
