import { fromDay, toDay } from '../../src-main/core/o2r/dates';
import type { OpportunityInput } from '../../src-main/core/o2r/types';

/** Fixed "today" for every test: a Monday, 2024-07-15. */
export const TODAY = '2024-07-15';

/** The date `n` days before TODAY (negative n: after). */
export function daysAgo(n: number): string {
  return fromDay(toDay(TODAY) - n);
}

/** A healthy, fresh, phase-1 deal; override what the test is about. */
export function deal(overrides: Partial<OpportunityInput> = {}): OpportunityInput {
  return {
    id: 'D1',
    name: 'Data platform',
    accountName: 'Acme',
    ownerName: 'Asha',
    stage: 'Qualification',
    probability: 50,
    amountHome: 100_000,
    closingDate: daysAgo(-60),
    modifiedTime: `${TODAY}T09:00:00Z`,
    territory: 'APAC',
    country: 'Singapore',
    serviceLines: ['Cloud'],
    milestones: {},
    openBlockers: 0,
    strategic: false,
    ...overrides,
  };
}
