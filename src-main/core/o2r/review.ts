/**
 * Weekly review (docs/o2r.md#weekly-review): weeks run Monday to Sunday. Per opportunity: updated this week,
 * status movement since the previous review, days since update; insights over the pipeline.
 *
 * Choices where docs/o2r.md is silent:
 * - Movement compares the health recorded at the previous review (or snapshot) with the health
 *   now, by HEALTH_SEVERITY (BLOCKED > RED > YELLOW > NEEDS_UPDATE > GREEN). No previous health
 *   → 'new'.
 * - "Updated" = Zoho's Modified_Time or a local edit falls within the week (inclusive of both ends).
 *   For a past week only the timestamps supplied are known, so pass the week's local edits.
 * - Days since update are counted at min(today, the week's Sunday), from the latest update on or
 *   before that day; null when none is known.
 * - Health score: NEEDS_UPDATE counts as YELLOW (60): no delay rule fired, but the data is stale,
 *   which is a warning, not a clean bill. Closed-lost deals are left out of the score and of every
 *   insight (they have left the O2R flow); their rows are still returned and counted in
 *   `closedLost`. An empty set has a null score.
 * - Breakdowns: territory as the store gives it ('(none)' when empty); a deal with several
 *   service lines counts once in each, so service-line totals can exceed the deal count.
 */
import { fromDay, isDay, requireDay, toDay, weekdayMon0 } from './dates';
import { HEALTH_SEVERITY } from './health';
import type { Health, IsoDate, Opportunity, Phase } from './types';

export interface Week {
  /** Monday. */
  start: IsoDate;
  /** Sunday. */
  end: IsoDate;
}

export type Movement = 'new' | 'improved' | 'deteriorated' | 'stable';

/** The Monday–Sunday week containing `date`. */
export function weekOf(date: IsoDate): Week {
  const day = requireDay(date, 'date');
  const monday = day - weekdayMon0(day);
  return { start: fromDay(monday), end: fromDay(monday + 6) };
}

export function classifyMovement(previous: Health | null | undefined, current: Health): Movement {
  if (!previous) return 'new';
  const d = HEALTH_SEVERITY[current] - HEALTH_SEVERITY[previous];
  return d < 0 ? 'improved' : d > 0 ? 'deteriorated' : 'stable';
}

/** Weights of the health score; NEEDS_UPDATE scores as YELLOW. */
export const HEALTH_SCORE_WEIGHTS: Readonly<Record<Health, number>> = Object.freeze({
  GREEN: 100,
  YELLOW: 60,
  NEEDS_UPDATE: 60,
  RED: 20,
  BLOCKED: 10,
});

/** (green·100 + yellow·60 + red·20 + blocked·10) / total, NEEDS_UPDATE as yellow; null for none. Unrounded. */
export function healthScore(counts: Partial<Record<Health, number>>): number | null {
  let total = 0;
  let sum = 0;
  for (const h of Object.keys(HEALTH_SCORE_WEIGHTS) as Health[]) {
    const n = counts[h] ?? 0;
    total += n;
    sum += n * HEALTH_SCORE_WEIGHTS[h];
  }
  return total === 0 ? null : sum / total;
}

/** What the review reads of an opportunity (the app's cache keeps exactly this much per deal). */
export type ReviewOpportunity = Pick<
  Opportunity,
  | 'id'
  | 'name'
  | 'phase'
  | 'territory'
  | 'serviceLines'
  | 'health'
  | 'requiresAttention'
  | 'closedLost'
  | 'modifiedTime'
  | 'lastLocalEdit'
>;

export interface ReviewEntry {
  opportunity: ReviewOpportunity;
  /** Health at the previous review or snapshot; absent for an opportunity not seen before. */
  previousHealth?: Health | null;
  /** Timestamps (ISO) of local edits, at least those within the week. */
  localEdits?: readonly string[];
  note?: string | null;
  /** When the opportunity was marked reviewed (ISO), if ever. */
  reviewedAt?: string | null;
}

export interface ReviewRow {
  id: string;
  name: string;
  phase: Phase;
  territory: string | null;
  health: Health;
  previousHealth: Health | null;
  movement: Movement;
  updatedThisWeek: boolean;
  lastUpdate: IsoDate | null;
  daysSinceUpdate: number | null;
  note: string | null;
  /** Marked reviewed within this week. */
  reviewed: boolean;
  closedLost: boolean;
}

export interface Breakdown {
  total: number;
  updated: number;
  /** 0–1, null when total is 0. */
  shareUpdated: number | null;
  requiresAttention: number;
  health: Record<Health, number>;
  healthScore: number | null;
}

export interface ReviewInsights {
  overall: Breakdown;
  byPhase: Record<Phase, Breakdown>;
  byTerritory: Record<string, Breakdown>;
  byServiceLine: Record<string, Breakdown>;
  movement: Record<Movement, number>;
  reviewed: number;
  closedLost: number;
}

export interface WeeklyReview {
  week: Week;
  /** The rows asked for (all of them unless a window was given), in the order of the entries. */
  rows: ReviewRow[];
  /** How many rows the review has in all. */
  total: number;
  insights: ReviewInsights;
}

/** Which rows to keep; the insights always count every entry. */
export interface RowWindow {
  offset: number;
  limit: number;
}

const NONE = '(none)';

function emptyBreakdown(): Breakdown {
  return {
    total: 0,
    updated: 0,
    shareUpdated: null,
    requiresAttention: 0,
    health: { BLOCKED: 0, RED: 0, YELLOW: 0, NEEDS_UPDATE: 0, GREEN: 0 },
    healthScore: null,
  };
}

/** Counts a row in (sign 1) or out of (sign -1) a breakdown. */
function add(b: Breakdown, row: ReviewRow, attention: boolean, sign: 1 | -1): void {
  b.total += sign;
  if (row.updatedThisWeek) b.updated += sign;
  if (attention) b.requiresAttention += sign;
  b.health[row.health] += sign;
}

function finish(b: Breakdown): void {
  b.shareUpdated = b.total === 0 ? null : b.updated / b.total;
  b.healthScore = healthScore(b.health);
}

function bucket(map: Record<string, Breakdown>, key: string): Breakdown {
  return (map[key] ??= emptyBreakdown());
}

/** Insights with nothing counted yet (tallyReviewRow counts rows in, finishInsights settles the shares). */
export function emptyInsights(): ReviewInsights {
  return {
    overall: emptyBreakdown(),
    byPhase: { 1: emptyBreakdown(), 2: emptyBreakdown(), 3: emptyBreakdown(), 4: emptyBreakdown() },
    byTerritory: {},
    byServiceLine: {},
    movement: { new: 0, improved: 0, deteriorated: 0, stable: 0 },
    reviewed: 0,
    closedLost: 0,
  };
}

/**
 * Counts one row of the review into the insights (sign 1), or takes it back out (sign -1: the
 * row of an opportunity that changed, before its new row is counted). A territory or service line
 * left with no row is dropped, as a review that never saw it would not have it.
 */
export function tallyReviewRow(insights: ReviewInsights, entry: ReviewEntry, row: ReviewRow, sign: 1 | -1): void {
  const opp = entry.opportunity;
  if (opp.closedLost) {
    insights.closedLost += sign;
    return;
  }
  const attention = opp.requiresAttention;
  add(insights.overall, row, attention, sign);
  add(insights.byPhase[opp.phase], row, attention, sign);
  countIn(insights.byTerritory, opp.territory || NONE, row, attention, sign);
  const lines = opp.serviceLines;
  if (lines.length === 0) countIn(insights.byServiceLine, NONE, row, attention, sign);
  else if (lines.length === 1) countIn(insights.byServiceLine, lines[0] || NONE, row, attention, sign);
  else for (const line of new Set(lines)) countIn(insights.byServiceLine, line || NONE, row, attention, sign);
  insights.movement[row.movement] += sign;
  if (row.reviewed) insights.reviewed += sign;
}

function countIn(map: Record<string, Breakdown>, key: string, row: ReviewRow, attention: boolean, sign: 1 | -1) {
  const b = bucket(map, key);
  add(b, row, attention, sign);
  if (b.total === 0) delete map[key];
}

/** Settles every breakdown's share updated and health score after rows were counted. */
export function finishInsights(insights: ReviewInsights): void {
  finish(insights.overall);
  for (const b of Object.values(insights.byPhase)) finish(b);
  for (const b of Object.values(insights.byTerritory)) finish(b);
  for (const b of Object.values(insights.byServiceLine)) finish(b);
}

/** One row of the review; `week` from weekOf, `today` 'YYYY-MM-DD'. */
export function reviewRow(entry: ReviewEntry, week: Week, today: IsoDate): ReviewRow {
  const end = requireDay(week.end, 'week.end');
  return rowOf(entry, requireDay(week.start, 'week.start'), end, Math.min(requireDay(today, 'today'), end));
}

/** reviewRow with the week's days parsed once (a review of 100,000 rows parses them once, not per row). */
function rowOf(entry: ReviewEntry, start: number, end: number, asOf: number): ReviewRow {
  const opp = entry.opportunity;
  let updatedThisWeek = false;
  let last = NaN;
  const consider = (ts: string | null | undefined) => {
    const d = toDay(ts);
    if (!isDay(d)) return;
    if (d >= start && d <= end) updatedThisWeek = true;
    if (d <= asOf && !(d <= last)) last = d;
  };
  consider(opp.modifiedTime);
  consider(opp.lastLocalEdit);
  for (const ts of entry.localEdits ?? []) consider(ts);
  const reviewedDay = toDay(entry.reviewedAt);
  return {
    id: opp.id,
    name: opp.name,
    phase: opp.phase,
    territory: opp.territory,
    health: opp.health,
    previousHealth: entry.previousHealth ?? null,
    movement: classifyMovement(entry.previousHealth, opp.health),
    updatedThisWeek,
    lastUpdate: isDay(last) ? fromDay(last) : null,
    daysSinceUpdate: isDay(last) ? asOf - last : null,
    note: entry.note ?? null,
    reviewed: reviewedDay >= start && reviewedDay <= end,
    closedLost: opp.closedLost,
  };
}

/** The week and the pipeline-wide figures of a review; `scanReview` hands each row to its visitor. */
export interface ReviewScan {
  week: Week;
  total: number;
  insights: ReviewInsights;
}

/**
 * The review of the week containing `weekDate` (any day of it), as seen on `today`, in one pass:
 * every row is handed to `visit` (in the order of the entries) and the insights count every entry.
 * Entries are consumed one at a time (a generator over a million opportunities never holds them
 * all) and no row is kept here: the caller keeps what it needs (a window, a compact index).
 */
export function scanReview(
  entries: Iterable<ReviewEntry>,
  weekDate: IsoDate,
  today: IsoDate,
  visit: (row: ReviewRow, entry: ReviewEntry) => void,
): ReviewScan {
  const week = weekOf(weekDate);
  const insights = emptyInsights();
  let total = 0;
  const start = requireDay(week.start, 'week.start');
  const end = requireDay(week.end, 'week.end');
  const asOf = Math.min(requireDay(today, 'today'), end);
  for (const entry of entries) {
    const row = rowOf(entry, start, end, asOf);
    visit(row, entry);
    total++;
    tallyReviewRow(insights, entry, row, 1);
  }
  finishInsights(insights);
  return { week, total, insights };
}

/**
 * The review of the week containing `weekDate` (any day of it), as seen on `today`; only the rows
 * inside `window` are kept (scanReview).
 */
export function weeklyReview(
  entries: Iterable<ReviewEntry>,
  weekDate: IsoDate,
  today: IsoDate,
  window: RowWindow = { offset: 0, limit: Infinity },
): WeeklyReview {
  const rows: ReviewRow[] = [];
  let n = 0;
  const scan = scanReview(entries, weekDate, today, (row) => {
    if (n >= window.offset && n - window.offset < window.limit) rows.push(row);
    n++;
  });
  return { week: scan.week, rows, total: scan.total, insights: scan.insights };
}
