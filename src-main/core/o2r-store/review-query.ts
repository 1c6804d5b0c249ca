/**
 * The Review screen's list, filtered, sorted and paged here on the main side so one call serves a
 * page out of 100,000 (or 1,000,000) opportunities.
 *
 * A week's review is scanned once (scanReview: the insights and every row) into a compact index:
 * per opportunity its cached brief (shared, not copied) and a few bytes of what the screen filters
 * and sorts on. No review row is kept: at 1,000,000 deals a list of them was the largest thing the
 * core held. A query walks the index, keeps the best `offset + limit` matches (a bounded heap, not
 * a sort of every match) and builds review rows for the page only, from the same entries the scan
 * read.
 *
 * Sort keys: movement (deteriorated first, then new, stable, improved; the most severe health
 * first within each), health (most severe first), name, days since the last update (the
 * longest-silent last when ascending). Ties go by name, then id (ascending whatever the
 * direction, except for the name sort itself), so pages never overlap.
 */
import {
  HEALTH_SEVERITY,
  finishInsights,
  reviewRow,
  scanReview,
  tallyReviewRow,
  type Health,
  type Movement,
  type ReviewInsights,
  type ReviewOpportunity,
  type ReviewRow,
  type Week,
} from '../o2r/index';
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
/** Most severe first: BLOCKED 0 … GREEN 4. */
const severity = (h: Health) => 4 - (HEALTH_SEVERITY[h] ?? 0);

const UPDATED = 1;
const REVIEWED = 2;
const CLOSED_LOST = 4;
const ATTENTION = 8;

/** One week's review, reduced to what the list filters and sorts on (by position in the scan). */
export interface ReviewIndex {
  week: Week;
  total: number;
  insights: ReviewInsights;
  context: ReviewContext;
  today: string;
  /** The opportunities in scan order: the cache's briefs themselves. */
  opps: ReviewOpportunity[];
  /** severity of the row's health (BLOCKED 0 … GREEN 4). */
  severity: Uint8Array;
  /** MOVE_RANK of the row's movement. */
  movement: Uint8Array;
  /** UPDATED | REVIEWED | CLOSED_LOST | ATTENTION. */
  flags: Uint8Array;
  /** Days since the last update; MAX_SAFE_INTEGER when unknown. */
  days: Float64Array;
}

/** Scans the week's review of `opps` (`size` of them) once into a compact index. */
export function indexReview(
  context: ReviewContext,
  opps: Iterable<ReviewOpportunity>,
  size: number,
  today: string,
): ReviewIndex {
  const index: ReviewIndex = {
    week: context.week,
    total: 0,
    insights: null as unknown as ReviewInsights,
    context,
    today,
    opps: new Array<ReviewOpportunity>(size),
    severity: new Uint8Array(size),
    movement: new Uint8Array(size),
    flags: new Uint8Array(size),
    days: new Float64Array(size),
  };
  let p = 0;
  // The entry of a past week may carry a copy of the opportunity with that week's health: the
  // index keeps the cache's own object (the page's rows are built again from it).
  let current: ReviewOpportunity | null = null;
  function* entries() {
    for (const opp of opps) {
      current = opp;
      yield context.entry(opp);
    }
  }
  const scan = scanReview(entries(), context.week.start, today, (row) => {
    if (p >= index.severity.length) grow(index, p + 1);
    index.opps[p] = current!;
    setColumns(index, p, row);
    p++;
  });
  index.total = scan.total;
  index.insights = scan.insights;
  index.opps.length = p;
  return index;
}

function setColumns(index: ReviewIndex, p: number, row: ReviewRow): void {
  index.severity[p] = severity(row.health);
  index.movement[p] = MOVE_RANK[row.movement];
  index.flags[p] =
    (row.updatedThisWeek ? UPDATED : 0) |
    (row.reviewed ? REVIEWED : 0) |
    (row.closedLost ? CLOSED_LOST : 0) |
    (row.health === 'RED' || row.health === 'BLOCKED' ? ATTENTION : 0);
  index.days[p] = row.daysSinceUpdate ?? Number.MAX_SAFE_INTEGER;
}

/**
 * Brings the index up to date after a few opportunities changed here (an edit, a blocker, a
 * comment, a note, a reviewed mark): their rows are counted out of the insights, the week's local
 * data read again, their new rows counted in. A rescan of 100,000 rows costs a few hundred ms on a
 * busy machine; this costs a pass over the ids. False when one of them is not in the index (a deal
 * added or removed): build the index again.
 */
export function updateReview(index: ReviewIndex, changed: readonly ReviewOpportunity[]): boolean {
  const byId = new Map(changed.map((o) => [o.id, o]));
  const positions: number[] = [];
  for (let p = 0; p < index.opps.length && positions.length < byId.size; p++)
    if (byId.has(index.opps[p].id)) positions.push(p);
  if (positions.length < byId.size) return false;
  const { context, week, today, insights } = index;
  for (const p of positions) {
    const entry = context.entry(index.opps[p]);
    tallyReviewRow(insights, entry, reviewRow(entry, week, today), -1);
  }
  context.reread();
  for (const p of positions) {
    const opp = byId.get(index.opps[p].id)!;
    const entry = context.entry(opp);
    const row = reviewRow(entry, week, today);
    tallyReviewRow(insights, entry, row, 1);
    index.opps[p] = opp;
    setColumns(index, p, row);
  }
  finishInsights(insights);
  return true;
}

/** More opportunities than announced (never expected): widen the columns. */
function grow(index: ReviewIndex, min: number): void {
  const size = Math.max(min, index.severity.length * 2);
  const widen = <T extends Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
    const b = make(size);
    b.set(a);
    return b;
  };
  index.severity = widen(index.severity, (n) => new Uint8Array(n));
  index.movement = widen(index.movement, (n) => new Uint8Array(n));
  index.flags = widen(index.flags, (n) => new Uint8Array(n));
  index.days = widen(index.days, (n) => new Float64Array(n));
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
  const { opps, flags, movement } = index;
  const n = opps.length;
  const key = sortKey(index, q.sort);
  const dir = q.descending ? -1 : 1;
  const lower: (string | undefined)[] = [];
  // Lower-cased once per query: the search and the name order share them.
  const nameOf = (p: number) => (lower[p] ??= opps[p].name.toLowerCase());
  // A handful of territories: each is tested once.
  const territories = new Map<string | null, boolean>();
  const territoryHas = (t: string | null) => {
    let hit = territories.get(t);
    if (hit === undefined) territories.set(t, (hit = (t ?? '').toLowerCase().includes(needle)));
    return hit;
  };
  const tie = (a: number, b: number) => {
    const x = nameOf(a);
    const y = nameOf(b);
    if (x !== y) return x < y ? -1 : 1;
    const i = opps[a].id;
    const j = opps[b].id;
    return i < j ? -1 : i > j ? 1 : 0;
  };
  const compare: (a: number, b: number) => number = key
    ? (a, b) => dir * (key(a) - key(b)) || tie(a, b)
    : (a, b) => dir * tie(a, b);
  const best = new BoundedHeap(offset + limit, compare);
  let total = 0;
  for (let p = 0; p < n; p++) {
    if (!test(flags[p], movement[p])) continue;
    if (needle && !nameOf(p).includes(needle) && !territoryHas(opps[p].territory)) continue;
    total++;
    best.offer(p);
  }
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
  return positions.map((p) => reviewRow(index.context.entry(index.opps[p]), index.week, index.today));
}

/** The review rows of these opportunities (a refresh of the rows on screen). */
export function reviewRowsOf(index: ReviewIndex, opps: readonly ReviewOpportunity[]): ReviewRow[] {
  return opps.map((o) => reviewRow(index.context.entry(o), index.week, index.today));
}

/**
 * The `capacity` smallest items by `compare`, kept in a max-heap: an item no better than the
 * worst kept costs one comparison, so a page near the top of 1,000,000 rows is a single pass.
 */
class BoundedHeap {
  private readonly items: number[] = [];

  constructor(
    private readonly capacity: number,
    private readonly compare: (a: number, b: number) => number,
  ) {}

  offer(x: number): void {
    const h = this.items;
    if (this.capacity <= 0) return;
    if (h.length < this.capacity) {
      h.push(x);
      this.up(h.length - 1);
    } else if (this.compare(x, h[0]) < 0) {
      h[0] = x;
      this.down(0);
    }
  }

  sorted(): number[] {
    return this.items.slice().sort(this.compare);
  }

  private up(i: number): void {
    const h = this.items;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(h[i], h[parent]) <= 0) return;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < h.length && this.compare(h[l], h[worst]) > 0) worst = l;
      if (r < h.length && this.compare(h[r], h[worst]) > 0) worst = r;
      if (worst === i) return;
      [h[i], h[worst]] = [h[worst], h[i]];
      i = worst;
    }
  }
}
