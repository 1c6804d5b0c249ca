/**
 * Data-quality alerts from two consecutive snapshots of one deal (previous sync → this sync).
 *
 * Edges: every rule fires strictly beyond its threshold ("more than 50 %", "more than 30 points",
 * "more than 90 days"); exactly at the threshold is not an alert.
 * Choices where the issue is silent:
 * - Amount: relative to the previous amount. No previous amount (null) → no alert (first value);
 *   previous 0 → any non-zero amount is an alert; an amount cleared (→ null) is a 100 % change.
 * - Probability and closing date: silent when either side is missing.
 * - Stage backwards: by `stageOrder` (the CRM's pipeline order, supplied by the caller); moving to a
 *   closed-lost stage is an outcome, not a regression, so it is not flagged.
 */
import type { O2RSettings } from './settings';
import { DEFAULT_O2R_SETTINGS } from './settings';
import { toDay } from './dates';
import { isClosedLostStage } from './stages';
import type { IsoDate } from './types';

export interface DealSnapshot {
  stage: string | null;
  /** Position of the stage in the pipeline (higher = further); null when unknown. */
  stageOrder: number | null;
  amountHome: number | null;
  probability: number | null;
  closingDate: IsoDate | null;
}

export type QualityAlertKind = 'amount_changed' | 'probability_dropped' | 'closing_date_pushed' | 'stage_backwards';

export interface QualityAlert {
  kind: QualityAlertKind;
  message: string;
  before: string | number | null;
  after: string | number | null;
}

function fmtPct(x: number): string {
  return `${Math.round(x * 10) / 10} %`;
}

export function qualityAlerts(
  prev: DealSnapshot,
  next: DealSnapshot,
  settings: O2RSettings = DEFAULT_O2R_SETTINGS,
): QualityAlert[] {
  const q = settings.quality;
  const alerts: QualityAlert[] = [];

  if (prev.amountHome !== null && prev.amountHome !== next.amountHome) {
    const after = next.amountHome;
    const changePct =
      after === null
        ? 100
        : prev.amountHome === 0
          ? Infinity
          : (Math.abs(after - prev.amountHome) / Math.abs(prev.amountHome)) * 100;
    if (changePct > q.amountChangePct) {
      alerts.push({
        kind: 'amount_changed',
        message:
          after === null
            ? 'Amount was cleared'
            : Number.isFinite(changePct)
              ? `Amount changed by ${fmtPct(changePct)}`
              : 'Amount changed from 0',
        before: prev.amountHome,
        after,
      });
    }
  }

  if (
    prev.probability !== null &&
    next.probability !== null &&
    prev.probability - next.probability > q.probabilityDropPoints
  ) {
    alerts.push({
      kind: 'probability_dropped',
      message: `Probability dropped by ${prev.probability - next.probability} points`,
      before: prev.probability,
      after: next.probability,
    });
  }

  const pushed = toDay(next.closingDate) - toDay(prev.closingDate);
  if (pushed > q.closingDatePushDays) {
    alerts.push({
      kind: 'closing_date_pushed',
      message: `Closing date pushed out by ${pushed} days`,
      before: prev.closingDate,
      after: next.closingDate,
    });
  }

  if (
    prev.stageOrder !== null &&
    next.stageOrder !== null &&
    next.stageOrder < prev.stageOrder &&
    !isClosedLostStage(next.stage, settings)
  ) {
    alerts.push({
      kind: 'stage_backwards',
      message: `Stage moved backwards from ${prev.stage ?? '?'} to ${next.stage ?? '?'}`,
      before: prev.stage,
      after: next.stage,
    });
  }
  return alerts;
}
