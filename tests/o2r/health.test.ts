import { describe, expect, it } from 'vitest';
import { HEALTH_SEVERITY, computeOpportunity, resolveO2RSettings } from '../../src-main/core/o2r';
import type { OpportunityInput } from '../../src-main/core/o2r';
import { TODAY, daysAgo, deal } from '../helpers/o2r-input';

const run = (o: Partial<OpportunityInput>, settings = resolveO2RSettings()) =>
  computeOpportunity(deal(o), TODAY, settings);
const rules = (o: Partial<OpportunityInput>, settings?: ReturnType<typeof resolveO2RSettings>) =>
  run(o, settings).healthFindings.map((f) => f.rule);

describe('GREEN', () => {
  it('a fresh deal with nothing overdue is green with no reasons', () => {
    const o = run({});
    expect(o.health).toBe('GREEN');
    expect(o.healthReasons).toEqual([]);
    expect(o.requiresAttention).toBe(false);
  });
});

describe('BLOCKED', () => {
  it('any open blocker blocks, and wins over RED', () => {
    expect(run({ openBlockers: 0 }).health).toBe('GREEN');
    const one = run({ openBlockers: 1, milestones: { proposal: daysAgo(40) } });
    expect(one.health).toBe('BLOCKED');
    expect(one.healthReasons[0]).toBe('1 open blocker');
    expect(one.healthReasons).toContain('Proposal sent 40 days ago, no PO yet');
    expect(one.requiresAttention).toBe(true);
    expect(run({ openBlockers: 3 }).healthReasons).toEqual(['3 open blockers']);
  });
});

describe('RED: proposal sent, no PO after 30 days', () => {
  it('30 days is not red, 31 is', () => {
    expect(run({ milestones: { proposal: daysAgo(30) } }).health).toBe('GREEN');
    const o = run({ milestones: { proposal: daysAgo(31) } });
    expect(o.health).toBe('RED');
    expect(o.healthReasons).toEqual(['Proposal sent 31 days ago, no PO yet']);
    expect(o.requiresAttention).toBe(true);
  });
  it('is silent once the PO, or any later milestone, is dated', () => {
    expect(rules({ milestones: { proposal: daysAgo(90), po: daysAgo(1) } })).not.toContain('proposal-no-po');
    expect(rules({ milestones: { proposal: daysAgo(90), kickoff: daysAgo(1) } })).not.toContain('proposal-no-po');
  });
  it('an SOW does not count as the PO', () => {
    expect(rules({ milestones: { proposal: daysAgo(31), sow: daysAgo(2) } })).toContain('proposal-no-po');
  });
  it('follows the threshold setting', () => {
    const s = resolveO2RSettings({ thresholds: { proposalToPoDays: 10 } });
    expect(rules({ milestones: { proposal: daysAgo(10) } }, s)).not.toContain('proposal-no-po');
    expect(rules({ milestones: { proposal: daysAgo(11) } }, s)).toContain('proposal-no-po');
  });
});

describe('RED: invoice sent, no payment after 45 days', () => {
  const base = { proposal: daysAgo(200), po: daysAgo(180), kickoff: daysAgo(170) };
  it('45 days is not red, 46 is', () => {
    expect(run({ milestones: { ...base, invoice: daysAgo(45) } }).health).toBe('GREEN');
    const o = run({ milestones: { ...base, invoice: daysAgo(46) } });
    expect(o.health).toBe('RED');
    expect(o.healthReasons).toEqual(['Invoice sent 46 days ago, no payment yet']);
  });
  it('is silent once paid or revenue is recognized', () => {
    expect(run({ milestones: { ...base, invoice: daysAgo(80), payment: daysAgo(1) } }).health).toBe('GREEN');
    expect(run({ milestones: { ...base, invoice: daysAgo(80), revenue: daysAgo(1) } }).health).toBe('GREEN');
  });
  it('is silent when the org does not track payments', () => {
    const s = resolveO2RSettings({ trackedRoles: ['proposal', 'sow', 'po', 'kickoff', 'invoice', 'revenue'] });
    expect(rules({ milestones: { ...base, invoice: daysAgo(80) } }, s)).not.toContain('invoice-no-payment');
  });
});

describe('RED: closing date passed with no revenue date', () => {
  it('closing today is not red, yesterday is', () => {
    expect(run({ closingDate: TODAY }).health).toBe('GREEN');
    const o = run({ closingDate: daysAgo(1) });
    expect(o.health).toBe('RED');
    expect(o.healthReasons).toEqual([`Closing date ${daysAgo(1)} passed 1 day ago, no revenue recognized`]);
  });
  it('is silent with a revenue date, without a closing date, or for a closed-lost deal', () => {
    expect(run({ closingDate: daysAgo(10), milestones: { revenue: daysAgo(2) } }).health).toBe('GREEN');
    expect(run({ closingDate: null }).health).toBe('GREEN');
    expect(run({ closingDate: 'garbage' }).health).toBe('GREEN');
    const lost = run({ stage: 'Closed Lost', probability: 0, closingDate: daysAgo(100), modifiedTime: daysAgo(100) });
    expect(lost.health).toBe('GREEN');
    expect(lost.healthReasons).toEqual([]);
  });
  it('flags a closed-won deal whose revenue is not recognized yet', () => {
    expect(
      rules({ stage: 'Closed Won', probability: 100, closingDate: daysAgo(5), milestones: { po: daysAgo(5) } }),
    ).toContain('closing-date-passed');
  });
});

describe('YELLOW: PO received, no kickoff after 14 days', () => {
  it('14 days is not yellow, 15 is', () => {
    expect(run({ milestones: { proposal: daysAgo(40), po: daysAgo(14) } }).health).toBe('GREEN');
    const o = run({ milestones: { proposal: daysAgo(40), po: daysAgo(15) } });
    expect(o.health).toBe('YELLOW');
    expect(o.healthReasons).toEqual(['PO received 15 days ago, no kickoff yet']);
    expect(o.requiresAttention).toBe(false);
  });
  it('is silent once kicked off', () => {
    expect(rules({ milestones: { po: daysAgo(40), kickoff: daysAgo(1) } })).not.toContain('po-no-kickoff');
  });
});

describe('YELLOW: kickoff done, no invoice after 60 days', () => {
  it('60 days is not yellow, 61 is', () => {
    expect(run({ milestones: { po: daysAgo(70), kickoff: daysAgo(60) } }).health).toBe('GREEN');
    const o = run({ milestones: { po: daysAgo(70), kickoff: daysAgo(61) } });
    expect(o.health).toBe('YELLOW');
    expect(o.healthReasons).toEqual(['Kickoff 61 days ago, no invoice yet']);
  });
  it('is silent once invoiced', () => {
    expect(rules({ milestones: { kickoff: daysAgo(100), invoice: daysAgo(1) } })).not.toContain('kickoff-no-invoice');
  });
});

describe('YELLOW: probability ≥ 80 with no PO', () => {
  it('79 is fine, 80 is yellow', () => {
    expect(run({ probability: 79 }).health).toBe('GREEN');
    const o = run({ probability: 80 });
    expect(o.health).toBe('YELLOW');
    expect(o.healthReasons).toEqual(['Probability 80% but no PO yet']);
  });
  it('is silent with a PO (or later), or without a probability', () => {
    expect(run({ probability: 95, milestones: { po: daysAgo(1) } }).health).toBe('GREEN');
    expect(run({ probability: 95, milestones: { kickoff: daysAgo(1) } }).health).toBe('GREEN');
    expect(run({ probability: null }).health).toBe('GREEN');
  });
});

describe('YELLOW: probability ≤ 20 with a kickoff date', () => {
  const ms = { po: daysAgo(5), kickoff: daysAgo(2) };
  it('21 is fine, 20 is yellow', () => {
    expect(run({ probability: 21, milestones: ms }).health).toBe('GREEN');
    const o = run({ probability: 20, milestones: ms });
    expect(o.health).toBe('YELLOW');
    expect(o.healthReasons).toEqual(['Probability only 20% although kickoff is done']);
  });
  it('is silent without a kickoff or without a probability', () => {
    expect(run({ probability: 10 }).health).toBe('GREEN');
    expect(run({ probability: null, milestones: ms }).health).toBe('GREEN');
  });
});

describe('NEEDS_UPDATE: not updated for more than 7 days', () => {
  it('7 days is fine, 8 needs an update', () => {
    expect(run({ modifiedTime: `${daysAgo(7)}T23:59:59Z` }).health).toBe('GREEN');
    const o = run({ modifiedTime: `${daysAgo(8)}T00:00:00Z` });
    expect(o.health).toBe('NEEDS_UPDATE');
    expect(o.healthReasons).toEqual(['Not updated for 8 days']);
    expect(o.daysSinceUpdate).toBe(8);
  });
  it('a recent local edit counts as an update', () => {
    const o = run({ modifiedTime: daysAgo(20), lastLocalEdit: `${daysAgo(2)}T10:00:00Z` });
    expect(o.health).toBe('GREEN');
    expect(o.daysSinceUpdate).toBe(2);
  });
  it('an unknown update time is not flagged', () => {
    const o = run({ modifiedTime: null });
    expect(o.health).toBe('GREEN');
    expect(o.daysSinceUpdate).toBeNull();
  });
});

describe('highest wins, all reasons kept', () => {
  it('orders BLOCKED > RED > YELLOW > NEEDS_UPDATE > GREEN', () => {
    expect(
      Object.entries(HEALTH_SEVERITY)
        .sort((a, b) => b[1] - a[1])
        .map(([h]) => h),
    ).toEqual(['BLOCKED', 'RED', 'YELLOW', 'NEEDS_UPDATE', 'GREEN']);
  });
  it('keeps every fired reason, most severe first', () => {
    const o = run({
      openBlockers: 2,
      probability: 90,
      closingDate: daysAgo(3),
      modifiedTime: daysAgo(12),
      milestones: { proposal: daysAgo(45) },
    });
    expect(o.health).toBe('BLOCKED');
    expect(o.healthFindings.map((f) => [f.rule, f.level])).toEqual([
      ['open-blockers', 'BLOCKED'],
      ['proposal-no-po', 'RED'],
      ['closing-date-passed', 'RED'],
      ['high-probability-no-po', 'YELLOW'],
      ['stale', 'NEEDS_UPDATE'],
    ]);
    expect(o.healthReasons).toHaveLength(5);
  });
  it('YELLOW beats NEEDS_UPDATE, RED beats YELLOW', () => {
    expect(run({ probability: 85, modifiedTime: daysAgo(30) }).health).toBe('YELLOW');
    expect(run({ probability: 85, milestones: { proposal: daysAgo(31) } }).health).toBe('RED');
  });
  it('a closed-lost deal is only flagged by open blockers', () => {
    const o = run({
      stage: 'Closed Lost',
      probability: 0,
      openBlockers: 1,
      milestones: { proposal: daysAgo(90) },
      modifiedTime: daysAgo(90),
    });
    expect(o.health).toBe('BLOCKED');
    expect(o.healthFindings.map((f) => f.rule)).toEqual(['open-blockers']);
  });
});
