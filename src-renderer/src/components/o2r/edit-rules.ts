/**
 * What the opportunity detail checks before it queues an edit for Zoho CRM, so the user hears
 * about a mistake next to the field instead of after a round trip. Main checks again
 * (src-main/core/o2r-store/apply-edit.ts); these rules only decide what to ask first.
 */
import type { OpportunityDetailData } from './detail-types';
import { day } from './o2r-format';

type Milestone = OpportunityDetailData['opportunity']['milestones'][number];
export type MilestoneRole = Milestone['role'];

/** Dates a sales pipeline can hold; a year typed as "0202" or "20266" is a typo, not a plan. */
export const EARLIEST_DAY = '2000-01-01';
export const LATEST_DAY = '2099-12-31';

/**
 * The date an `<input type="date">` holds, or why it cannot be used. `badInput` is the browser
 * saying the typed text is no real date (31 February); an empty input clears the date.
 */
export function readDateInput(
  value: string,
  badInput: boolean,
): { ok: true; date: string | null } | { ok: false; error: string } {
  if (badInput) return { ok: false, error: 'That is not a real calendar date.' };
  if (value === '') return { ok: true, date: null };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return { ok: false, error: 'That is not a real calendar date.' };
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    return { ok: false, error: 'That is not a real calendar date.' };
  if (value < EARLIEST_DAY || value > LATEST_DAY)
    return { ok: false, error: `Dates must fall between ${day(EARLIEST_DAY)} and ${day(LATEST_DAY)}.` };
  return { ok: true, date: value };
}

/**
 * Milestones happen in process order (docs/o2r.md#milestones): a date before an earlier
 * milestone's or after a later one's is probably a typo, so the user confirms it. Returns the
 * question to ask, or null. The optional SOW is left out: it is signed any time around the PO.
 */
export function outOfOrder(milestones: readonly Milestone[], role: MilestoneRole, date: string): string | null {
  if (role === 'sow') return null;
  const ordered = milestones.filter((m) => m.role !== 'sow');
  const at = ordered.findIndex((m) => m.role === role);
  if (at < 0) return null;
  const me = ordered[at].label;
  for (let i = at - 1; i >= 0; i--) {
    const m = ordered[i];
    if (m.date && date < m.date.slice(0, 10))
      return `${me} on ${day(date)} would be before ${m.label.toLowerCase()} (${day(m.date)}).`;
  }
  for (let i = at + 1; i < ordered.length; i++) {
    const m = ordered[i];
    if (m.date && date > m.date.slice(0, 10))
      return `${me} on ${day(date)} would be after ${m.label.toLowerCase()} (${day(m.date)}).`;
  }
  return null;
}

/** A probability typed in the detail: a whole number from 0 to 100. */
export function readProbability(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const t = text.trim();
  if (!/^\d{1,3}$/.test(t) || Number(t) > 100) return { ok: false, error: 'Enter a whole number from 0 to 100.' };
  return { ok: true, value: Number(t) };
}
