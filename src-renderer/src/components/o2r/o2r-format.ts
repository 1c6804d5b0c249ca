/**
 * Labels and small formatters for the O2R and Review screens. The phase labels repeat the core's
 * PHASE_LABELS (src-main/core/o2r/phase.ts), which the renderer may not import; rows carry their
 * own `phaseLabel`, these serve the filters and breakdowns.
 */
import type { O2ROverview, OpportunitySummary } from '../../../../src-shared/contract/o2r-schemas';

export type Health = OpportunitySummary['health'];
export type Phase = OpportunitySummary['phase'];
export type SyncState = OpportunitySummary['syncState'];
export type Movement = 'new' | 'improved' | 'deteriorated' | 'stable';

/** Most severe first, as docs/o2r.md#health ranks them. */
export const HEALTH_ORDER: readonly Health[] = ['BLOCKED', 'RED', 'YELLOW', 'NEEDS_UPDATE', 'GREEN'];

export const HEALTH_LABEL: Record<Health, string> = {
  BLOCKED: 'Blocked',
  RED: 'Red',
  YELLOW: 'Yellow',
  NEEDS_UPDATE: 'Needs update',
  GREEN: 'Green',
};

export const PHASES: readonly Phase[] = [1, 2, 3, 4];

export const PHASE_LABEL: Record<Phase, string> = {
  1: 'Opportunity → Proposal',
  2: 'Proposal → Commitment (PO)',
  3: 'Execution',
  4: 'Revenue realization',
};

/** What a queued write-back looks like; 'synced' shows nothing. */
export const SYNC_STATE_LABEL: Record<Exclude<SyncState, 'synced'>, string> = {
  pending: 'Write-back pending',
  sent: 'Sending to CRM',
  conflict: 'CRM conflict',
  failed: 'Write-back failed',
};

export const MOVEMENT: Record<Movement, { label: string; icon: string }> = {
  new: { label: 'New', icon: '✦' },
  improved: { label: 'Improved', icon: '▲' },
  deteriorated: { label: 'Deteriorated', icon: '▼' },
  stable: { label: 'Stable', icon: '■' },
};

// Fixed three-letter names: Intl's en-GB says "Sept", which breaks the column's rhythm.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const parseDay = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);
const dayMonth = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;

/** '2026-11-20' → '20 Nov 2026'; null → '—'. Dates are calendar days, read as UTC. */
export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = parseDay(iso);
  return Number.isNaN(d.getTime()) ? iso : `${dayMonth(d)} ${d.getUTCFullYear()}`;
}

/** Adds whole days to an ISO calendar date. */
export function addDays(iso: string, days: number): string {
  const d = parseDay(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 'Mon 23 Nov – Sun 29 Nov 2026' for a Monday–Sunday week. */
export function weekRange(start: string, end: string): string {
  const s = parseDay(start);
  const e = parseDay(end);
  const sYear = s.getUTCFullYear() === e.getUTCFullYear() ? '' : ` ${s.getUTCFullYear()}`;
  return `${WEEKDAYS[s.getUTCDay()]} ${dayMonth(s)}${sYear} – ${WEEKDAYS[e.getUTCDay()]} ${day(end)}`;
}

export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`;
}

export function daysAgo(days: number | null | undefined): string {
  if (days === null || days === undefined) return 'never';
  if (days === 0) return 'today';
  if (days === 1) return '1 day';
  return `${days.toLocaleString()} days`;
}

/** The summary strip's numbers: over every tracked opportunity, whatever the filters. */
/** The summary strip's counts (o2r.list's `overview`). */
export type Overview = O2ROverview;

/** Short phase names for narrow table cells; the full label goes in the tooltip. */
export const PHASE_SHORT: Record<Phase, string> = { 1: 'Opportunity', 2: 'Commitment', 3: 'Execution', 4: 'Revenue' };

type EditField =
  'proposal' | 'sow' | 'po' | 'kickoff' | 'invoice' | 'payment' | 'revenue' | 'stage' | 'probability' | 'closingDate';

/** What each field a write-back edit changes is called on screen (milestones as on the timeline). */
export const FIELD_LABEL: Record<EditField, string> = {
  proposal: 'Proposal submitted',
  sow: 'SOW signed',
  po: 'PO received',
  kickoff: 'Kickoff',
  invoice: 'Invoice raised',
  payment: 'Payment received',
  revenue: 'Revenue recognized',
  stage: 'Stage',
  probability: 'Probability',
  closingDate: 'Closing date',
};

/** A field's value as people read it: dates as days, probabilities with %, nothing as "empty". */
export function fieldValue(field: EditField, value: string | number | null): string {
  if (value === null || value === '') return 'empty';
  if (field === 'probability') return `${value}%`;
  if (field === 'stage') return String(value);
  return day(String(value));
}
