import { describe, expect, it } from 'vitest';
import { computeOpportunity, resolveO2RSettings } from '../../src-main/core/o2r';
import type { MilestoneRole, OpportunityInput } from '../../src-main/core/o2r';
import { TODAY, daysAgo, deal } from '../helpers/o2r-input';

const list = (o: Partial<OpportunityInput>, settings = resolveO2RSettings()) =>
  computeOpportunity(deal(o), TODAY, settings).milestones;
const status = (o: Partial<OpportunityInput>, role: MilestoneRole) => list(o).find((m) => m.role === role)?.status;

describe('milestone list', () => {
  it('lists every tracked role in process order with labels and owner roles', () => {
    expect(list({}).map((m) => [m.role, m.ownerRole, m.optional])).toEqual([
      ['proposal', 'sales', false],
      ['sow', 'sales', true],
      ['po', 'sales', false],
      ['kickoff', 'delivery', false],
      ['invoice', 'finance', false],
      ['payment', 'finance', false],
      ['revenue', 'finance', false],
    ]);
    expect(list({})[0].label).toBe('Proposal submitted');
  });

  it('a dated milestone is done and keeps its date (from a timestamp too)', () => {
    const ms = list({ milestones: { proposal: daysAgo(3), po: `${daysAgo(1)}T10:00:00Z` } });
    expect(ms[0]).toMatchObject({ role: 'proposal', status: 'done', date: daysAgo(3) });
    expect(ms[2]).toMatchObject({ role: 'po', status: 'done', date: daysAgo(1) });
    expect(ms[1]).toMatchObject({ role: 'sow', status: 'pending', date: null });
  });

  it('the next milestone is pending until its lead time passes, then overdue (> threshold)', () => {
    expect(status({ milestones: { proposal: daysAgo(30) } }, 'po')).toBe('pending');
    expect(status({ milestones: { proposal: daysAgo(31) } }, 'po')).toBe('overdue');
    expect(status({ milestones: { po: daysAgo(14) } }, 'kickoff')).toBe('pending');
    expect(status({ milestones: { po: daysAgo(15) } }, 'kickoff')).toBe('overdue');
    expect(status({ milestones: { kickoff: daysAgo(60) } }, 'invoice')).toBe('pending');
    expect(status({ milestones: { kickoff: daysAgo(61) } }, 'invoice')).toBe('overdue');
    expect(status({ milestones: { invoice: daysAgo(45) } }, 'payment')).toBe('pending');
    expect(status({ milestones: { invoice: daysAgo(46) } }, 'payment')).toBe('overdue');
  });

  it('gives the next milestone its due date', () => {
    const po = list({ milestones: { proposal: daysAgo(10) } }).find((m) => m.role === 'po');
    expect(po?.dueDate).toBe(daysAgo(-20));
    expect(list({}).every((m) => m.dueDate === null)).toBe(true); // proposal has no lead time
  });

  it('proposal and revenue are never overdue (no lead time into them)', () => {
    expect(status({ closingDate: daysAgo(300) }, 'proposal')).toBe('pending');
    expect(status({ milestones: { payment: daysAgo(300) } }, 'revenue')).toBe('pending');
  });

  it('the next milestone is blocked when the deal has open blockers, even if overdue', () => {
    const ms = list({ openBlockers: 1, milestones: { proposal: daysAgo(90) } });
    expect(ms.find((m) => m.role === 'po')?.status).toBe('blocked');
    expect(ms.filter((m) => m.status === 'blocked')).toHaveLength(1);
    expect(status({ openBlockers: 2 }, 'proposal')).toBe('blocked');
  });

  it('milestones beyond the next one, and skipped ones, stay pending', () => {
    const ms = list({ milestones: { proposal: daysAgo(200), kickoff: daysAgo(100) } });
    expect(ms.find((m) => m.role === 'po')?.status).toBe('pending'); // skipped: kickoff is later
    expect(ms.find((m) => m.role === 'invoice')?.status).toBe('overdue');
    expect(ms.find((m) => m.role === 'payment')?.status).toBe('pending');
  });

  it('the optional SOW is never the next milestone', () => {
    const o = computeOpportunity(deal({ milestones: { proposal: daysAgo(40) } }), TODAY);
    expect(o.nextMilestone).toBe('po');
    expect(o.milestones.find((m) => m.role === 'sow')?.status).toBe('pending');
  });

  it('skips an untracked payment: after the invoice comes revenue, never overdue', () => {
    const s = resolveO2RSettings({ trackedRoles: ['proposal', 'sow', 'po', 'kickoff', 'invoice', 'revenue'] });
    const o = computeOpportunity(deal({ milestones: { invoice: daysAgo(100) } }), TODAY, s);
    expect(o.nextMilestone).toBe('revenue');
    expect(o.milestones.find((m) => m.role === 'revenue')?.status).toBe('pending');
  });

  it('a closed-lost deal has no next milestone and nothing overdue or blocked', () => {
    const o = computeOpportunity(
      deal({ stage: 'Closed Lost', openBlockers: 1, milestones: { proposal: daysAgo(90) } }),
      TODAY,
    );
    expect(o.nextMilestone).toBeNull();
    expect(o.milestones.map((m) => m.status)).toEqual([
      'done',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
  });

  it('a completed flow has no next milestone', () => {
    const o = computeOpportunity(
      deal({
        milestones: {
          proposal: daysAgo(9),
          po: daysAgo(8),
          kickoff: daysAgo(7),
          invoice: daysAgo(3),
          payment: daysAgo(2),
          revenue: daysAgo(1),
        },
      }),
      TODAY,
    );
    expect(o.nextMilestone).toBeNull();
    expect(o.milestones.filter((m) => m.status === 'done')).toHaveLength(6);
  });
});
