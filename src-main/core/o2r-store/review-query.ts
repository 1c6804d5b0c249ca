/**
 * The Review screen's list, filtered, sorted and paged here on the main side so one call serves a
 * page out of 100,000 (or 1,000,000) opportunities.
 *
 * A week's review is scanned once (scanReview: the insights and every row) into a compact index:
 * per opportunity its row of the opportunity cache (opportunity-columns.ts) and a few bytes of
 * what the screen filters and sorts on and what the insights counted. No review row and no
 * opportunity object is kept: at 1,000,000 deals a list of them was the largest thing the core
 * held. A query walks the index, keeps the best `offset + limit` matches (a bounded heap, not a
 * sort of every match) and builds review rows for the page only, from the same entries the scan
 * read.
 *
 * Sort keys: movement (deteriorated first, then new, stable, improved; the most severe health
 * first within each), health (most severe first), name, days since the last update (the
 * longest-silent last when ascending). Ties go by name, then id (ascending whatever the
 * direction, except for the name sort itself), so pages never overlap.
 */
import { widened, type ColumnArray } from '../columns/widened';
import {
  finishInsights,
  reviewRow,
  scanReview,
  tallyReviewRow,
  type Movement,
  type Phase,
  type ReviewEntry,
  type ReviewInsights,
  type ReviewRow,
  type Week,
} from '../o2r/index';
import { BoundedHeap } from './bounded-heap';
import { NameRuns } from './name-runs';
import { HEALTH_CODES, type OpportunityColumns } from './opportunity-columns';
import type { ReviewContext } from './review-builder';

export const REVIEW_SHOWS = [
  'all',
  'open',
  'notUpdated',
  'deteriorated',
  'attention',
  'notReviewed',
  'closedLost',
] as const;
export type ReviewShow = (typeof REVIEW_SHOWS)[number];
export const REVIEW_SORTS = ['movement', 'health', 'name', 'daysSinceUpdate'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

export interface ReviewQuery {
  show: ReviewShow;
  search?: string;
  sort: ReviewSort;
  descending: boolean;
}

const MOVE_RANK: Record<Movement, number> = { deteriorated: 0, new: 1, stable: 2, improved: 3 };
const MOVES: readonly Movement[] = ['deteriorated', 'new', 'stable', 'improved'];

const UPDATED = 1;
const REVIEWED = 2;
const CLOSED_LOST = 4;
const ATTENTION = 8;

/** Days since the last update unknown (sorts after every known count). */
const NO_DAYS = 0x7fffffff;

/** One week's review, reduced to what the list filters and sorts on (by position in the scan). */
export interface ReviewIndex {
  week: Week;
  total: number;
  insights: ReviewInsights;
  context: ReviewContext;
  today: string;
  /** The opportunity cache's columns the index was built from. */
  cols: OpportunityColumns;
  /** How many positions are in use. */
  size: number;
  /** The cache row of each position, in scan (row) order. */
  rows: Int32Array;
  /** Health code of the row's health (BLOCKED 0 … GREEN 4: the severity, most severe first). */
  severity: Uint8Array;
  /** MOVE_RANK of the row's movement. */
  movement: Uint8Array;
  /** UPDATED | REVIEWED | CLOSED_LOST | ATTENTION. */
  flags: Uint8Array;
  /** Days since the last update; NO_DAYS when unknown. */
  days: Int32Array;
  /** What the insights counted the row under besides (updateReview takes it back out). */
  phase: Uint8Array;
  territory: Uint32Array;
  lines: Uint32Array;
}

/** Scans the week's review of every live row of `cols` once into a compact index. */
export function indexReview(context: ReviewContext, cols: OpportunityColumns, today: string): ReviewIndex {
  const size = cols.live;
  const index: ReviewIndex = {
    week: context.week,
    total: 0,
    insights: null as unknown as ReviewInsights,
    context,
    today,
    cols,
    size: 0,
    rows: new Int32Array(size),
    severity: new Uint8Array(size),
    movement: new Uint8Array(size),
    flags: new Uint8Array(size),
    days: new Int32Array(size),
    phase: new Uint8Array(size),
    territory: new Uint32Array(size),
    lines: new Uint32Array(size),
  };
  let p = 0;
  let current = 0;
  const names = new NameRuns(cols, false);
  function* entries() {
    for (let r = 0; r < cols.count; r++) {
      if (!cols.isLive(r)) continue;
      current = r;
      yield context.entry(cols.reviewOpportunity(r, names.at(r)), r);
    }
  }
  const scan = scanReview(entries(), context.week.start, today, (row) => {
    if (p >= index.rows.length) grow(index, p + 1);
    index.rows[p] = current;
    setColumns(index, p, row);
    p++;
  });
  index.total = scan.total;
  index.insights = scan.insights;
  index.size = p;
  return index;
}

function setColumns(index: ReviewIndex, p: number, row: ReviewRow): void {
  const { cols } = index;
  const r = index.rows[p];
  index.severity[p] = HEALTH_CODES.indexOf(row.health);
  index.movement[p] = MOVE_RANK[row.movement];
  index.flags[p] =
    (row.updatedThisWeek ? UPDATED : 0) |
    (row.reviewed ? REVIEWED : 0) |
    (row.closedLost ? CLOSED_LOST : 0) |
    (row.health === 'RED' || row.health === 'BLOCKED' ? ATTENTION : 0);
  index.days[p] = row.daysSinceUpdate ?? NO_DAYS;
  index.phase[p] = row.phase;
  index.territory[p] = cols.territory[r];
  index.lines[p] = cols.lines[r];
}

/**
 * The entry and row the insights counted for position `p`, rebuilt from the index's own bytes
 * (the cache's row may hold newer values by now). Only what tallyReviewRow reads is true here.
 */
function countedAt(index: ReviewIndex, p: number): { entry: ReviewEntry; row: ReviewRow } {
  const { cols } = index;
  const f = index.flags[p];
  const health = HEALTH_CODES[index.severity[p]];
  const phase = index.phase[p] as Phase;
  const territory = cols.strings.value(index.territory[p]);
  const closedLost = (f & CLOSED_LOST) !== 0;
  const entry: ReviewEntry = {
    opportunity: {
      id: cols.ids[index.rows[p]],
      name: cols.nameAt(index.rows[p]),
      phase,
      territory,
      serviceLines: cols.lineLists.list(index.lines[p]) as string[],
      health,
      requiresAttention: (f & ATTENTION) !== 0,
      closedLost,
      modifiedTime: null,
      lastLocalEdit: null,
    },
  };
  const row: ReviewRow = {
    id: entry.opportunity.id,
    name: entry.opportunity.name,
    phase,
    territory,
    health,
    previousHealth: null,
    movement: MOVES[index.movement[p]],
    updatedThisWeek: (f & UPDATED) !== 0,
    lastUpdate: null,
    daysSinceUpdate: null,
    note: null,
    reviewed: (f & REVIEWED) !== 0,
    closedLost,
  };
  return { entry, row };
}

/**
 * Brings the index up to date after a few opportunities changed here (an edit, a blocker, a
 * comment, a note, a reviewed mark): their rows are counted out of the insights (as the index
 * counted them), the week's local data read again, their new rows counted in. A rescan of
 * 100,000 rows costs a few hundred ms on a busy machine; this costs a pass over the positions.
 * False when one of them is not in the index (a deal added or removed): build the index again.
 */
export function updateReview(index: ReviewIndex, changedIds: readonly string[]): boolean {
  const { cols, context, week, today, insights } = index;
  const wanted = new Set<number>();
  for (const id of changedIds) {
    const r = cols.rowOf(id);
    if (r === undefined) return false;
    wanted.add(r);
  }
  const positions: number[] = [];
  for (let p = 0; p < index.size && positions.length < wanted.size; p++)
    if (wanted.has(index.rows[p])) positions.push(p);
  if (positions.length < wanted.size) return false;
  for (const p of positions) {
    const { entry, row } = countedAt(index, p);
    tallyReviewRow(insights, entry, row, -1);
  }
  context.reread();
  for (const p of positions) {
    const r = index.rows[p];
    const entry = context.entry(cols.reviewOpportunity(r), r);
    const row = reviewRow(entry, week, today);
    tallyReviewRow(insights, entry, row, 1);
    setColumns(index, p, row);
  }
  finishInsights(insights);
  return true;
}

/** More opportunities than announced (never expected): widen the columns. */
function grow(index: ReviewIndex, min: number): void {
  const size = Math.max(min, index.rows.length * 2);
  const widen = <T extends ColumnArray>(a: T): T => widened(a, size);
  index.rows = widen(index.rows);
  index.severity = widen(index.severity);
  index.movement = widen(index.movement);
  index.flags = widen(index.flags);
  index.days = widen(index.days);
  index.phase = widen(index.phase);
  index.territory = widen(index.territory);
  index.lines = widen(index.lines);
}

const SHOW: Record<ReviewShow, (flags: number, movement: number) => boolean> = {
  all: () => true,
  open: (f) => !(f & CLOSED_LOST),
  notUpdated: (f) => !(f & CLOSED_LOST) && !(f & UPDATED),
  deteriorated: (f, m) => !(f & CLOSED_LOST) && m === MOVE_RANK.deteriorated,
  attention: (f) => !(f & CLOSED_LOST) && (f & ATTENTION) !== 0,
  notReviewed: (f) => !(f & CLOSED_LOST) && !(f & REVIEWED),
  closedLost: (f) => (f & CLOSED_LOST) !== 0,
};

/** The positions of the page asked for, in order, and how many rows match in all. */
export function queryReview(
  index: ReviewIndex,
  q: ReviewQuery,
  offset: number,
  limit: number,
): { total: number; positions: number[] } {
  const test = SHOW[q.show];
  const needle = q.search?.trim().toLowerCase() ?? '';
  const { flags, movement, rows, cols } = index;
  const { ids, strings } = cols;
  const n = index.size;
  const key = sortKey(index, q.sort);
  const dir = q.descending ? -1 : 1;
  // Names lower-cased, held only for the positions the heap keeps (a name per position for a
  // million positions was ~110 MB of heap a query, garbage that the heap's high-water mark kept in
  // RSS). The position being offered reads its name from runs decoded at once, in row order.
  const scan = new NameRuns(cols, true);
  const kept = new Map<number, string>();
  let offered = -1;
  let offeredName: string | undefined;
  const nameOf = (p: number): string => {
    if (p === offered) return (offeredName ??= scan.at(rows[p]));
    let name = kept.get(p);
    if (name === undefined) kept.set(p, (name = cols.nameAt(rows[p]).toLowerCase()));
    return name;
  };
  // A handful of territories: each is tested once.
  const territories = new Map<number, boolean>();
  const territoryHas = (code: number) => {
    let hit = territories.get(code);
    if (hit === undefined) territories.set(code, (hit = (strings.value(code) ?? '').toLowerCase().includes(needle)));
    return hit;
  };
  const tie = (a: number, b: number) => {
    const x = nameOf(a);
    const y = nameOf(b);
    if (x !== y) return x < y ? -1 : 1;
    const i = ids[rows[a]];
    const j = ids[rows[b]];
    return i < j ? -1 : i > j ? 1 : 0;
  };
  const compare: (a: number, b: number) => number = key
    ? (a, b) => dir * (key(a) - key(b)) || tie(a, b)
    : (a, b) => dir * tie(a, b);
  const best = new BoundedHeap(offset + limit, compare);
  let total = 0;
  for (let p = 0; p < n; p++) {
    if (!test(flags[p], movement[p])) continue;
    offered = p;
    offeredName = undefined;
    if (needle && !nameOf(p).includes(needle) && !territoryHas(index.territory[p])) continue;
    total++;
    const out = best.offer(p);
    if (out !== p && offeredName !== undefined) kept.set(p, offeredName);
    if (out >= 0) kept.delete(out);
  }
  offered = -1;
  return { total, positions: best.sorted().slice(offset, offset + limit) };
}

function sortKey(index: ReviewIndex, sort: ReviewSort): ((p: number) => number) | null {
  const { severity: sev, movement: move, days } = index;
  switch (sort) {
    case 'movement':
      return (p) => move[p] * 10 + sev[p];
    case 'health':
      return (p) => sev[p] * 10 + move[p];
    case 'daysSinceUpdate':
      return (p) => days[p];
    case 'name':
      return null;
  }
}

/** The review rows at these positions, built now from the same entries the scan read. */
export function reviewRowsAt(index: ReviewIndex, positions: readonly number[]): ReviewRow[] {
  return reviewRowsOf(
    index,
    positions.map((p) => index.rows[p]),
  );
}

/** The review rows of these rows of the cache (a refresh of the rows on screen). */
export function reviewRowsOf(index: ReviewIndex, rows: readonly number[]): ReviewRow[] {
  const { cols } = index;
  return rows.map((r) => reviewRow(index.context.entry(cols.reviewOpportunity(r), r), index.week, index.today));
}
