import { describe, expect, it } from 'vitest';
import { qualityAlerts } from '../../src-main/core/o2r';
import type { DealSnapshot } from '../../src-main/core/o2r';

const snap = (o: Partial<DealSnapshot> = {}): DealSnapshot => ({
  stage: 'Proposal submitted (60)',
  stageOrder: 3,
  amountHome: 100_000,
  probability: 60,
  closingDate: '2024-09-30',
  ...o,
});
const kinds = (prev: Partial<DealSnapshot>, next: Partial<DealSnapshot>) =>
  qualityAlerts(snap(prev), snap(next)).map((a) => a.kind);

describe('data-quality alerts', () => {
  it('no change, no alert', () => {
    expect(qualityAlerts(snap(), snap())).toEqual([]);
  });

  it('amount changed by more than 50 % (up or down)', () => {
    expect(kinds({}, { amountHome: 150_000 })).toEqual([]);
    expect(kinds({}, { amountHome: 150_001 })).toEqual(['amount_changed']);
    expect(kinds({}, { amountHome: 50_000 })).toEqual([]);
    expect(kinds({}, { amountHome: 49_999 })).toEqual(['amount_changed']);
    expect(qualityAlerts(snap(), snap({ amountHome: 200_000 }))[0]).toMatchObject({
      message: 'Amount changed by 100 %',
      before: 100_000,
      after: 200_000,
    });
  });
  it('amount: first value is no alert, from zero or cleared is', () => {
    expect(kinds({ amountHome: null }, { amountHome: 5 })).toEqual([]);
    expect(kinds({ amountHome: 0 }, { amountHome: 5 })).toEqual(['amount_changed']);
    expect(kinds({ amountHome: 0 }, { amountHome: 0 })).toEqual([]);
    expect(kinds({}, { amountHome: null })).toEqual(['amount_changed']);
  });

  it('probability dropped by more than 30 points', () => {
    expect(kinds({ probability: 90 }, { probability: 60 })).toEqual([]);
    expect(kinds({ probability: 90 }, { probability: 59 })).toEqual(['probability_dropped']);
    expect(kinds({ probability: 10 }, { probability: 90 })).toEqual([]); // a rise is fine
    expect(kinds({ probability: null }, { probability: 0 })).toEqual([]);
  });

  it('closing date pushed out by more than 90 days', () => {
    expect(kinds({ closingDate: '2024-01-01' }, { closingDate: '2024-03-31' })).toEqual([]); // exactly 90 (leap year)
    expect(kinds({ closingDate: '2024-01-01' }, { closingDate: '2024-04-01' })).toEqual(['closing_date_pushed']); // 91
    expect(kinds({ closingDate: '2024-06-01' }, { closingDate: '2024-01-01' })).toEqual([]); // pulled in
    expect(kinds({ closingDate: null }, { closingDate: '2030-01-01' })).toEqual([]);
  });

  it('stage moved backwards', () => {
    expect(kinds({ stageOrder: 3 }, { stageOrder: 3 })).toEqual([]);
    expect(kinds({ stageOrder: 3 }, { stageOrder: 4, stage: 'PO / SOW Sign-off (90)' })).toEqual([]);
    expect(kinds({ stageOrder: 3 }, { stageOrder: 2, stage: 'Qualification' })).toEqual(['stage_backwards']);
    expect(kinds({ stageOrder: null }, { stageOrder: 1 })).toEqual([]);
  });
  it('moving to closed-lost is an outcome, not a backwards move', () => {
    expect(kinds({ stageOrder: 3 }, { stageOrder: 0, stage: 'Closed Lost', probability: 0 })).toEqual([
      'probability_dropped',
    ]);
  });

  it('reports every alert that fired', () => {
    expect(
      kinds({}, { amountHome: 10, probability: 10, closingDate: '2025-12-31', stageOrder: 1, stage: 'Qualification' }),
    ).toEqual(['amount_changed', 'probability_dropped', 'closing_date_pushed', 'stage_backwards']);
  });
});
