import { describe, expect, it } from 'vitest';
import { computeOpportunity } from '../../src-main/core/o2r';
import type { ActionItem, OpportunityInput } from '../../src-main/core/o2r';
import { TODAY, daysAgo, deal } from '../helpers/o2r-input';

const run = (o: Partial<OpportunityInput>) => computeOpportunity(deal(o), TODAY);
const kinds = (items: ActionItem[]) => items.map((a) => [a.kind, a.priority]);

describe('milestone action: one for the next missing milestone', () => {
  it.each([
    [{}, 'send_proposal', 'Send proposal'],
    [{ proposal: daysAgo(3) }, 'chase_po', 'Chase PO (proposal sent 3 days ago)'],
    [{ proposal: daysAgo(9), sow: daysAgo(2) }, 'chase_po', 'Chase PO (SOW signed 2 days ago)'],
    [{ po: daysAgo(3) }, 'schedule_kickoff', 'Schedule kickoff (PO received 3 days ago)'],
    [{ kickoff: daysAgo(3) }, 'raise_invoice', 'Raise invoice (kickoff 3 days ago)'],
    [{ invoice: daysAgo(3) }, 'collect_payment', 'Collect payment (invoice sent 3 days ago)'],
    [{ payment: daysAgo(3) }, 'recognize_revenue', 'Recognize revenue (payment received 3 days ago)'],
  ] as const)('%j → %s', (milestones, kind, text) => {
    const items = run({ milestones }).actionItems.filter((a) => a.source === 'milestone');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind, text, priority: 'medium' });
  });

  it('none once revenue is recognized', () => {
    expect(run({ milestones: { revenue: daysAgo(1) } }).actionItems).toEqual([]);
  });

  it('is high priority when the milestone is overdue', () => {
    const items = run({ milestones: { po: daysAgo(15) } }).actionItems;
    expect(items.find((a) => a.source === 'milestone')).toMatchObject({ kind: 'schedule_kickoff', priority: 'high' });
  });

  it('no milestone action for a closed-lost deal', () => {
    expect(run({ stage: 'Closed Lost', milestones: { proposal: daysAgo(3) } }).actionItems).toEqual([]);
  });
});

describe('health action: one by health', () => {
  it('BLOCKED → resolve blockers (high), even when RED too', () => {
    const o = run({ openBlockers: 2, milestones: { proposal: daysAgo(40) } });
    expect(kinds(o.actionItems)).toEqual([
      ['resolve_blockers', 'high'],
      ['chase_po', 'medium'], // blocked, not overdue: the blocker is what to act on
    ]);
    expect(o.actionItems[0].text).toBe('Resolve 2 open blockers');
    expect(run({ openBlockers: 1 }).actionItems[0].text).toBe('Resolve the open blocker');
  });
  it('RED → act now (high), quoting the reason', () => {
    const o = run({ milestones: { proposal: daysAgo(40) } });
    expect(o.actionItems[0]).toMatchObject({
      kind: 'act_now',
      priority: 'high',
      text: 'Act now: Proposal sent 40 days ago, no PO yet',
    });
  });
  it('YELLOW → review delays (medium)', () => {
    const o = run({ milestones: { po: daysAgo(20) } });
    expect(kinds(o.actionItems)).toEqual([
      ['schedule_kickoff', 'high'],
      ['review_delays', 'medium'],
    ]);
    expect(o.actionItems[1].text).toBe('Review delays: PO received 20 days ago, no kickoff yet');
  });
  it('NEEDS_UPDATE → update the opportunity (low)', () => {
    const o = run({ modifiedTime: daysAgo(10) });
    expect(kinds(o.actionItems)).toEqual([
      ['send_proposal', 'medium'],
      ['update_opportunity', 'low'],
    ]);
  });
  it('GREEN → no health action', () => {
    expect(run({}).actionItems.map((a) => a.source)).toEqual(['milestone']);
  });
});

describe('priority order and next action', () => {
  it('sorts high before medium before low; health first on a tie', () => {
    const red = run({ milestones: { proposal: daysAgo(40) } });
    expect(kinds(red.actionItems)).toEqual([
      ['act_now', 'high'],
      ['chase_po', 'high'],
    ]);
    const yellowByProbability = run({ probability: 85 });
    expect(kinds(yellowByProbability.actionItems)).toEqual([
      ['review_delays', 'medium'],
      ['send_proposal', 'medium'],
    ]);
  });
  it('nextAction is the first item, null when there is none', () => {
    const o = run({ milestones: { proposal: daysAgo(40) } });
    expect(o.nextAction).toBe(o.actionItems[0]);
    expect(run({ milestones: { revenue: daysAgo(1) } }).nextAction).toBeNull();
  });
});
