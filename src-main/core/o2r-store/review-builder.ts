/**
 * The weekly review of a chosen week, from the cached opportunities plus local history:
 * - previous health = the latest health recorded before that week (none → 'new');
 * - for a past week, the health that week recorded stands in for today's;
 * - "updated this week" also counts local edits, blockers and comments made in that week;
 * - notes and reviewed marks are per week.
 */
import type { Database } from 'better-sqlite3';
import {
  weekOf,
  weeklyReview,
  type ReviewEntry,
  type ReviewOpportunity,
  type RowWindow,
  type Week,
  type WeeklyReview,
} from '../o2r/index';
import type { HealthHistory } from './health-history';
import type { LocalDataRepo } from './local-data';
import { NameRuns } from './name-runs';
import { OpportunityColumns } from './opportunity-columns';

/** Timestamps of local activity per deal within [from, to] (ISO dates, inclusive). */
function localActivity(sqlite: Database, from: string, to: string): Map<string, string[]> {
  const end = `${to}T23:59:59.999Z`;
  const rows = sqlite
    .prepare(
      `SELECT deal_id, created_at AS at FROM o2r_edits WHERE created_at BETWEEN @from AND @to
       UNION ALL SELECT deal_id, updated_at FROM o2r_edits WHERE updated_at BETWEEN @from AND @to
       UNION ALL SELECT deal_id, created_at FROM o2r_comments WHERE created_at BETWEEN @from AND @to
       UNION ALL SELECT deal_id, created_at FROM o2r_blockers WHERE created_at BETWEEN @from AND @to`,
    )
    .all({ from, to: end }) as { deal_id: string; at: string }[];
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.deal_id);
    if (list) list.push(r.at);
    else out.set(r.deal_id, [r.at]);
  }
  return out;
}

/** Keeps a reviewed mark inside its week, whatever day it was set (marks are stored per week). */
function clampToWeek(at: string | null, start: string, end: string): string | null {
  if (!at) return null;
  const day = at.slice(0, 10);
  return day < start ? start : day > end ? end : day;
}

/** What the review of one week reads besides the opportunities, read once per review. */
export interface ReviewContext {
  week: Week;
  /** The review entry of one opportunity (at `row` of the cache, found by id when not given) in that week. */
  entry(opp: ReviewOpportunity, row?: number): ReviewEntry;
  /** Reads the week's notes, reviewed marks and local activity again (a few rows: they changed). */
  reread(): void;
}

export function reviewContext(
  sqlite: Database,
  history: HealthHistory,
  local: LocalDataRepo,
  weekDate: string,
  today: string,
): ReviewContext {
  const week = weekOf(weekDate);
  const past = week.end < today;
  const previous = history.before(week.start);
  const recorded = past ? history.weekHealth(week.start) : null;
  let notes = local.weekNotes(week.start);
  let activity = localActivity(sqlite, week.start, week.end);
  const none: readonly string[] = [];
  return {
    week,
    reread() {
      notes = local.weekNotes(week.start);
      activity = localActivity(sqlite, week.start, week.end);
    },
    entry(opp, row = history.rowOf(opp.id) ?? -1) {
      const then = recorded?.health(row, opp.id);
      const n = notes.get(opp.id);
      return {
        opportunity:
          then && then !== opp.health
            ? { ...opp, health: then, requiresAttention: then === 'RED' || then === 'BLOCKED' }
            : opp,
        previousHealth: previous.health(row, opp.id),
        localEdits: activity.get(opp.id) ?? none,
        note: n?.note ?? null,
        reviewedAt: clampToWeek(n?.reviewedAt ?? null, week.start, week.end),
      };
    },
  };
}

/** The opportunities of the cache's rows, in row order, each with its row. */
export interface ReviewRows {
  count: number;
  /** Whether the row holds a deal. */
  isLive(row: number): boolean;
  reviewOpportunity(row: number, name?: string): ReviewOpportunity;
}

/** Each opportunity's review entry (of each live row, or of each opportunity given), made as it is consumed. */
export function* reviewEntries(
  ctx: ReviewContext,
  rows: ReviewRows | Iterable<ReviewOpportunity>,
): Generator<ReviewEntry> {
  if (!('isLive' in rows)) {
    for (const opp of rows) yield ctx.entry(opp);
    return;
  }
  const names = rows instanceof OpportunityColumns ? new NameRuns(rows, false) : null;
  for (let r = 0; r < rows.count; r++) if (rows.isLive(r)) yield ctx.entry(rows.reviewOpportunity(r, names?.at(r)), r);
}

/** The weekly review with every row (or those in `window`): the export's report. */
export function buildWeeklyReview(
  sqlite: Database,
  rows: ReviewRows | Iterable<ReviewOpportunity>,
  history: HealthHistory,
  local: LocalDataRepo,
  weekDate: string,
  today: string,
  window?: RowWindow,
): WeeklyReview {
  const ctx = reviewContext(sqlite, history, local, weekDate, today);
  return weeklyReview(reviewEntries(ctx, rows), weekDate, today, window);
}
