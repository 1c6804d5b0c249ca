import { describe, expect, it } from 'vitest';
import {
  classifyMovement,
  computeOpportunity,
  healthScore,
  reviewRow,
  weekOf,
  weeklyReview,
} from '../../src-main/core/o2r';
import type { Health, OpportunityInput, ReviewEntry } from '../../src-main/core/o2r';
import { TODAY, daysAgo, deal } from '../helpers/o2r-input';

// TODAY is Monday 2024-07-15: its week is 2024-07-15 … 2024-07-21.
const opp = (o: Partial<OpportunityInput>) => computeOpportunity(deal(o), TODAY);

describe('weekOf: Monday to Sunday', () => {
  it.each([
    ['2024-07-15', '2024-07-15', '2024-07-21'], // Monday starts a week
    ['2024-07-21', '2024-07-15', '2024-07-21'], // Sunday ends it
    ['2024-07-14', '2024-07-08', '2024-07-14'], // the Sunday before belongs to the previous week
    ['2024-07-22', '2024-07-22', '2024-07-28'], // the Monday after starts the next
    ['2024-12-31', '2024-12-30', '2025-01-05'], // across a year end
    ['2024-02-29', '2024-02-26', '2024-03-03'], // leap day
  ])('%s → %s … %s', (date, start, end) => {
    expect(weekOf(date)).toEqual({ start, end });
  });
  it('rejects a bad date', () => {
    expect(() => weekOf('2024-02-30')).toThrow(RangeError);
  });
});

describe('movement', () => {
  it.each([
    [null, 'GREEN', 'new'],
    [undefined, 'RED', 'new'],
    ['RED', 'GREEN', 'improved'],
    ['BLOCKED', 'RED', 'improved'],
    ['YELLOW', 'NEEDS_UPDATE', 'improved'],
    ['GREEN', 'NEEDS_UPDATE', 'deteriorated'],
    ['YELLOW', 'RED', 'deteriorated'],
    ['RED', 'BLOCKED', 'deteriorated'],
    ['YELLOW', 'YELLOW', 'stable'],
    ['GREEN', 'GREEN', 'stable'],
  ] as const)('%s → %s is %s', (prev, now, movement) => {
    expect(classifyMovement(prev as Health | null | undefined, now)).toBe(movement);
  });
});

describe('health score', () => {
  it('is (green·100 + yellow·60 + red·20 + blocked·10) / total', () => {
    expect(healthScore({ GREEN: 2, YELLOW: 1, RED: 1, BLOCKED: 1 })).toBe((200 + 60 + 20 + 10) / 5);
    expect(healthScore({ GREEN: 3 })).toBe(100);
    expect(healthScore({ BLOCKED: 4 })).toBe(10);
  });
  it('counts NEEDS_UPDATE as yellow', () => {
    expect(healthScore({ GREEN: 1, NEEDS_UPDATE: 1 })).toBe(80);
  });
  it('is null for no opportunities', () => {
    expect(healthScore({})).toBeNull();
  });
});

describe('review rows', () => {
  const week = weekOf(TODAY);
  it('updated this week: Modified_Time or a local edit within Monday … Sunday', () => {
    expect(
      reviewRow({ opportunity: opp({ modifiedTime: '2024-07-15T00:00:00Z' }) }, week, '2024-07-21').updatedThisWeek,
    ).toBe(true);
    expect(
      reviewRow({ opportunity: opp({ modifiedTime: '2024-07-14T23:59:59Z' }) }, week, '2024-07-21').updatedThisWeek,
    ).toBe(false);
    expect(
      reviewRow(
        { opportunity: opp({ modifiedTime: '2024-07-01' }), localEdits: ['2024-07-21T22:00:00Z'] },
        week,
        '2024-07-21',
      ).updatedThisWeek,
    ).toBe(true);
    expect(
      reviewRow(
        { opportunity: opp({ modifiedTime: '2024-07-01', lastLocalEdit: '2024-07-16T08:00:00Z' }) },
        week,
        '2024-07-21',
      ).updatedThisWeek,
    ).toBe(true);
  });
  it('days since update, counted at today (or the week end for a past week)', () => {
    const r = reviewRow({ opportunity: opp({ modifiedTime: '2024-07-10T10:00:00Z' }) }, week, TODAY);
    expect([r.lastUpdate, r.daysSinceUpdate]).toEqual(['2024-07-10', 5]);
    const past = reviewRow(
      { opportunity: opp({ modifiedTime: '2024-07-01' }), localEdits: ['2024-07-03'] },
      weekOf('2024-07-03'),
      TODAY,
    );
    expect([past.updatedThisWeek, past.lastUpdate, past.daysSinceUpdate]).toEqual([true, '2024-07-03', 4]);
    expect(reviewRow({ opportunity: opp({ modifiedTime: null }) }, week, TODAY).daysSinceUpdate).toBeNull();
  });
  it('carries movement, the note and the reviewed mark', () => {
    const r = reviewRow(
      {
        opportunity: opp({ milestones: { proposal: daysAgo(40) } }),
        previousHealth: 'YELLOW',
        note: 'call CFO',
        reviewedAt: '2024-07-16T09:00:00Z',
      },
      week,
      TODAY,
    );
    expect(r).toMatchObject({
      health: 'RED',
      previousHealth: 'YELLOW',
      movement: 'deteriorated',
      note: 'call CFO',
      reviewed: true,
    });
    expect(reviewRow({ opportunity: opp({}), reviewedAt: '2024-07-14T09:00:00Z' }, week, TODAY).reviewed).toBe(false);
  });
});

describe('weekly review insights', () => {
  const entries: ReviewEntry[] = [
    { opportunity: opp({ id: 'a', territory: 'APAC', serviceLines: ['Cloud', 'Data'] }), previousHealth: 'GREEN' }, // GREEN, updated, phase 1
    {
      opportunity: opp({ id: 'b', territory: 'EMEA', serviceLines: [], modifiedTime: daysAgo(10), probability: 85 }),
      previousHealth: 'GREEN',
    }, // YELLOW
    {
      opportunity: opp({ id: 'c', territory: 'APAC', serviceLines: ['Cloud'], milestones: { proposal: daysAgo(40) } }),
      previousHealth: 'RED',
    }, // RED, phase 2
    {
      opportunity: opp({ id: 'd', territory: null, serviceLines: ['Data'], openBlockers: 1, modifiedTime: daysAgo(9) }),
    }, // BLOCKED, new
    { opportunity: opp({ id: 'e', stage: 'Closed Lost', modifiedTime: daysAgo(30) }), previousHealth: 'RED' }, // excluded
  ];
  const r = weeklyReview(entries, '2024-07-18', TODAY);

  it('returns the week and one row per opportunity', () => {
    expect(r.week).toEqual({ start: '2024-07-15', end: '2024-07-21' });
    expect(r.rows.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
  it('share updated, health counts and score over active opportunities', () => {
    expect(r.insights.overall).toMatchObject({ total: 4, updated: 2, shareUpdated: 0.5, requiresAttention: 2 });
    expect(r.insights.overall.health).toEqual({ GREEN: 1, YELLOW: 1, RED: 1, BLOCKED: 1, NEEDS_UPDATE: 0 });
    expect(r.insights.overall.healthScore).toBe((100 + 60 + 20 + 10) / 4);
    expect(r.insights.closedLost).toBe(1);
  });
  it('movement counts', () => {
    expect(r.insights.movement).toEqual({ new: 1, improved: 0, deteriorated: 1, stable: 2 });
  });
  it('breakdowns by phase, territory and service line', () => {
    expect(r.insights.byPhase[1].total).toBe(3);
    expect(r.insights.byPhase[2].total).toBe(1);
    expect(r.insights.byPhase[3].total).toBe(0);
    expect(Object.fromEntries(Object.entries(r.insights.byTerritory).map(([k, v]) => [k, v.total]))).toEqual({
      APAC: 2,
      EMEA: 1,
      '(none)': 1,
    });
    expect(r.insights.byTerritory.APAC.updated).toBe(2);
    expect(Object.fromEntries(Object.entries(r.insights.byServiceLine).map(([k, v]) => [k, v.total]))).toEqual({
      Cloud: 2,
      Data: 2,
      '(none)': 1,
    });
  });
  it('empty review has null shares and score', () => {
    const empty = weeklyReview([], TODAY, TODAY);
    expect(empty.insights.overall.shareUpdated).toBeNull();
    expect(empty.insights.overall.healthScore).toBeNull();
  });
});
