/**
 * What Settings → O2R shows: each threshold with its label, unit and a sentence saying when it
 * fires (docs/o2r.md#health and #data-quality-alerts), and how a stage name finds its row in the
 * stage table. The matching repeats the core's (src-main/core/o2r/compiled.ts `normalizeStage`,
 * stages.ts), which the renderer may not import.
 */
import type { z } from 'zod';
import type { o2rSettingsSchema } from '../../../../src-shared/contract/o2r-schemas';

type O2RSettings = z.infer<typeof o2rSettingsSchema>;
type Phase = 1 | 2 | 3 | 4;

export interface ThresholdField<K extends string> {
  key: K;
  label: string;
  unit: string;
  help: string;
}

export const HEALTH_FIELDS: readonly ThresholdField<keyof O2RSettings['thresholds']>[] = [
  { key: 'proposalToPoDays', label: 'Proposal without PO', unit: 'days', help: 'Red after this many days.' },
  { key: 'invoiceToPaymentDays', label: 'Invoice without payment', unit: 'days', help: 'Red after this many days.' },
  { key: 'poToKickoffDays', label: 'PO without kickoff', unit: 'days', help: 'Yellow after this many days.' },
  { key: 'kickoffToInvoiceDays', label: 'Kickoff without invoice', unit: 'days', help: 'Yellow after this many days.' },
  {
    key: 'highProbabilityNoPo',
    label: 'High probability, no PO',
    unit: '%',
    help: 'Yellow at or above this probability without a PO.',
  },
  {
    key: 'lowProbabilityWithKickoff',
    label: 'Low probability after kickoff',
    unit: '%',
    help: 'Yellow at or below this probability once kicked off. Must stay below the high one.',
  },
  { key: 'staleDays', label: 'Not updated', unit: 'days', help: 'Needs update after this many days.' },
];

export const ALERT_FIELDS: readonly ThresholdField<keyof O2RSettings['quality']>[] = [
  { key: 'amountChangePct', label: 'Amount changed by', unit: '%', help: 'Alert when more, between two syncs.' },
  {
    key: 'probabilityDropPoints',
    label: 'Probability dropped by',
    unit: 'points',
    help: 'Alert when more, between two syncs.',
  },
  { key: 'closingDatePushDays', label: 'Closing date pushed out by', unit: 'days', help: 'Alert when more.' },
];

/** Stage names match case-insensitively, ignoring repeated spaces. */
export const stageKey = (stage: string): string => stage.trim().replace(/\s+/g, ' ').toLowerCase();

/** The phase the stage table gives this stage, or null (its phase then comes from its probability). */
export function phaseOf(table: Record<string, Phase>, stage: string): Phase | null {
  const key = stageKey(stage);
  for (const [name, phase] of Object.entries(table)) if (stageKey(name) === key) return phase;
  return null;
}

/** Closed-lost stages (listed, or containing the word "lost") have no phase of their own. */
export function isClosedLost(settings: O2RSettings, stage: string): boolean {
  const key = stageKey(stage);
  return settings.closedLostStages.some((s) => stageKey(s) === key) || /\blost\b/.test(key);
}
