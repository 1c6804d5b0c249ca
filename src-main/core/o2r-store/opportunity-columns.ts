/**
 * Every deal's opportunity brief held as columns (one row per deal) instead of an object per deal:
 * at 1,000,000 deals a Map of brief objects cost ~420 MB of heap, these columns ~130 MB (see
 * README.md). Numbers and enums sit in typed arrays, repeating strings as codes into a dictionary
 * (string-codes.ts), Modified_Time as numbers (modified-time.ts); the id and name are the only
 * strings per deal. A deal keeps its row for as long as the columns live; a removed deal's row is
 * left empty (not LIVE) and never given to another deal, so a row number read by the review index
 * or the health history stays that deal's. `OpportunityCache` builds new columns (and counts a new `layout`)
 * when too many rows are empty.
 */
import type { Health, Phase, ReviewOpportunity } from '../o2r/index';
import { fromDay } from '../o2r/index';
import { encodeTime, formatTime, NO_DAY, type EncodedTime } from './modified-time';
import { IdIndex } from './id-index';
import { PackedStrings } from './packed-strings';
import { StringCodes } from '../columns/string-codes';
import { widened, type ColumnArray } from '../columns/widened';
import { ListCodes } from './string-codes';
import { splitServiceLines } from './inputs';

/** What `o2r.list` needs to filter, sort and count every opportunity (the page gets full detail). */
export interface OpportunityBrief {
  id: string;
  name: string;
  accountName: string | null;
  ownerName: string | null;
  closingDate: string | null;
  amountHome: number | null;
  phase: Phase;
  health: Health;
  requiresAttention: boolean;
  strategic: boolean;
  closedLost: boolean;
  daysSinceUpdate: number | null;
  // What the weekly review needs besides (review-builder.ts).
  territory: string | null;
  serviceLines: string[];
  modifiedTime: string | null;
  lastLocalEdit: string | null;
}

/** Health codes, most severe first: the code is also the review's severity (BLOCKED 0 … GREEN 4). */
export const HEALTH_CODES: readonly Health[] = ['BLOCKED', 'RED', 'YELLOW', 'NEEDS_UPDATE', 'GREEN'];
export const HEALTH_CODE: Readonly<Record<Health, number>> = {
  BLOCKED: 0,
  RED: 1,
  YELLOW: 2,
  NEEDS_UPDATE: 3,
  GREEN: 4,
};

/** Row flags. */
export const LIVE = 1;
export const STRATEGIC = 2;
export const CLOSED_LOST = 4;

/** daysSinceUpdate null. */
const NO_DAYS = -0x80000000;

/** One computed deal, as the cache hands it to `set`. */
export interface RowValues {
  name: string;
  accountName: string | null;
  ownerName: string | null;
  closingDate: string | null;
  amountHome: number | null;
  phase: Phase;
  health: Health;
  strategic: boolean;
  closedLost: boolean;
  daysSinceUpdate: number | null;
  territory: string | null;
  /** The code of the store's text ("a; b") in `lineLists` (each distinct text split once). */
  serviceLines: number;
  modifiedTime: string | null;
  lastLocalEdit: string | null;
}

const scratch: EncodedTime = { day: 0, second: 0, offset: 0 };

export class OpportunityColumns {
  /** Rows in use (live or left empty by a removed deal). */
  count = 0;
  /** Rows left empty by removed deals. */
  empty = 0;
  private readonly rows = new IdIndex(() => this.ids);
  ids: string[] = [];
  /** Names as UTF-8 bytes (packed-strings.ts); `nameAt` reads one. */
  private readonly names = new PackedStrings();
  flags = new Uint8Array(0);
  phase = new Uint8Array(0);
  health = new Uint8Array(0);
  /** NaN: no amount. */
  amount = new Float64Array(0);
  days = new Int32Array(0);
  account = new Uint32Array(0);
  owner = new Uint32Array(0);
  closing = new Uint32Array(0);
  territory = new Uint32Array(0);
  lines = new Uint32Array(0);
  modifiedDay = new Int32Array(0);
  modifiedSecond = new Int32Array(0);
  modifiedOffset = new Int16Array(0);
  /** Modified times not in Zoho's usual shape, by row (rare). */
  private readonly modifiedText = new Map<number, string>();
  private readonly dayTexts = new Map<number, string>();
  /** Local edit times by row (only deals edited here). */
  private readonly localEdit = new Map<number, string>();
  readonly strings = new StringCodes();
  readonly lineLists = new ListCodes(splitServiceLines);

  /** Deals held (rows in use that are not empty). */
  get live(): number {
    return this.count - this.empty;
  }

  /** The row of a deal held now. */
  rowOf(id: string): number | undefined {
    const r = this.rows.get(id);
    return r >= 0 && this.flags[r] & LIVE ? r : undefined;
  }

  /** Room for `n` deals without growing step by step (a first full pass: ids re-hashed once, not at every doubling). */
  reserve(n: number): void {
    if (n > this.flags.length) this.grow(n);
    this.rows.reserve(n);
  }

  /**
   * The deal's row: added when new; a removed deal that is back gets its old row again. `hint`:
   * the row the deal probably has (a full pass reads deals in the order their rows were given),
   * checked by comparing one string instead of a look-up. `known`: false when the id cannot be
   * held yet (a first pass over empty columns: deal ids are unique), so no look-up is made.
   */
  rowFor(id: string, hint = -1, known = true): number {
    let r = hint >= 0 && hint < this.count && this.ids[hint] === id ? hint : known ? this.rows.get(id) : -1;
    if (r < 0) {
      r = this.count++;
      if (r >= this.flags.length) this.grow(Math.max(1024, this.flags.length * 2));
      this.rows.add(id, r);
      this.ids[r] = id;
      this.flags[r] = LIVE;
    } else if (!(this.flags[r] & LIVE)) {
      this.flags[r] = LIVE;
      this.empty--;
    }
    return r;
  }

  /** Writes a deal's values into its row (equal strings stay the ones already held). */
  set(r: number, v: RowValues): void {
    this.names.set(r, v.name);
    const s = this.strings;
    this.flags[r] = LIVE | (v.strategic ? STRATEGIC : 0) | (v.closedLost ? CLOSED_LOST : 0);
    this.phase[r] = v.phase;
    this.health[r] = HEALTH_CODE[v.health];
    this.amount[r] = v.amountHome ?? NaN;
    this.days[r] = v.daysSinceUpdate ?? NO_DAYS;
    // A recompute mostly finds the values the row holds: one string comparison, no look-up.
    if (s.value(this.account[r]) !== v.accountName) this.account[r] = s.code(v.accountName);
    if (s.value(this.owner[r]) !== v.ownerName) this.owner[r] = s.code(v.ownerName);
    if (s.value(this.closing[r]) !== v.closingDate) this.closing[r] = s.code(v.closingDate);
    if (s.value(this.territory[r]) !== v.territory) this.territory[r] = s.code(v.territory);
    this.lines[r] = v.serviceLines;
    if (v.modifiedTime !== null && encodeTime(v.modifiedTime, scratch)) {
      this.modifiedDay[r] = scratch.day;
      this.modifiedSecond[r] = scratch.second;
      this.modifiedOffset[r] = scratch.offset;
      if (this.modifiedText.size) this.modifiedText.delete(r);
    } else {
      this.modifiedDay[r] = NO_DAY;
      if (v.modifiedTime === null) this.modifiedText.delete(r);
      else this.modifiedText.set(r, v.modifiedTime);
    }
    if (v.lastLocalEdit !== null) this.localEdit.set(r, v.lastLocalEdit);
    else if (this.localEdit.size) this.localEdit.delete(r);
  }

  /** The deal is gone: its row stays empty (and is its own again if the deal comes back). */
  remove(id: string): void {
    const r = this.rowOf(id);
    if (r === undefined) return;
    this.flags[r] = 0;
    this.names.set(r, '');
    this.modifiedText.delete(r);
    this.localEdit.delete(r);
    this.empty++;
  }

  /** Ids of every deal held, in row order. */
  *keys(): Generator<string> {
    for (let r = 0; r < this.count; r++) if (this.flags[r] & LIVE) yield this.ids[r];
  }

  nameAt(r: number): string {
    return this.names.get(r);
  }

  /** The names of rows [from, to) (lower-cased or not) by one decode, or null when they are not laid out in order. */
  nameRun(from: number, to: number, lower: boolean): string[] | null {
    return this.names.range(from, to, lower);
  }

  /** After a full pass: gives back room the name bytes grew into and no longer need. */
  trim(): void {
    this.names.trim();
  }

  isLive(r: number): boolean {
    return (this.flags[r] & LIVE) !== 0;
  }

  healthAt(r: number): Health {
    return HEALTH_CODES[this.health[r]];
  }

  amountAt(r: number): number | null {
    const a = this.amount[r];
    return a === a ? a : null;
  }

  daysAt(r: number): number | null {
    const d = this.days[r];
    return d === NO_DAYS ? null : d;
  }

  modifiedTimeAt(r: number): string | null {
    const day = this.modifiedDay[r];
    if (day !== NO_DAY) return formatTime(day, this.modifiedSecond[r], this.modifiedOffset[r]);
    return this.modifiedText.get(r) ?? null;
  }

  /** The row as a brief object (a page, a test; readers of every deal use the columns). */
  brief(r: number): OpportunityBrief {
    const s = this.strings;
    const f = this.flags[r];
    const health = this.healthAt(r);
    return {
      id: this.ids[r],
      name: this.nameAt(r),
      accountName: s.value(this.account[r]),
      ownerName: s.value(this.owner[r]),
      closingDate: s.value(this.closing[r]),
      amountHome: this.amountAt(r),
      phase: this.phase[r] as Phase,
      health,
      requiresAttention: this.health[r] <= HEALTH_CODE.RED,
      strategic: (f & STRATEGIC) !== 0,
      closedLost: (f & CLOSED_LOST) !== 0,
      daysSinceUpdate: this.daysAt(r),
      territory: s.value(this.territory[r]),
      serviceLines: [...this.lineLists.list(this.lines[r])],
      modifiedTime: this.modifiedTimeAt(r),
      lastLocalEdit: this.localEdit.get(r) ?? null,
    };
  }

  /**
   * What the weekly review reads of the row. The review looks only at the day of Modified_Time
   * (review.ts), so the day is handed over, not the whole text; the service-line list is shared.
   */
  reviewOpportunity(r: number, name = this.nameAt(r)): ReviewOpportunity {
    const f = this.flags[r];
    const day = this.modifiedDay[r];
    return {
      id: this.ids[r],
      name,
      phase: this.phase[r] as Phase,
      territory: this.strings.value(this.territory[r]),
      serviceLines: this.lineLists.list(this.lines[r]) as string[],
      health: this.healthAt(r),
      requiresAttention: this.health[r] <= HEALTH_CODE.RED,
      closedLost: (f & CLOSED_LOST) !== 0,
      modifiedTime: day !== NO_DAY ? this.dayText(day) : (this.modifiedText.get(r) ?? null),
      lastLocalEdit: this.localEdit.get(r) ?? null,
    };
  }

  /** 'YYYY-MM-DD' of a day number, one string per distinct day (a review scan asks a million times). */
  private dayText(day: number): string {
    let text = this.dayTexts.get(day);
    if (text === undefined) this.dayTexts.set(day, (text = fromDay(day)));
    return text;
  }

  private grow(size: number): void {
    const widen = <T extends ColumnArray>(a: T): T => widened(a, size);
    this.flags = widen(this.flags);
    this.phase = widen(this.phase);
    this.health = widen(this.health);
    this.amount = widen(this.amount);
    this.days = widen(this.days);
    this.account = widen(this.account);
    this.owner = widen(this.owner);
    this.closing = widen(this.closing);
    this.territory = widen(this.territory);
    this.lines = widen(this.lines);
    this.modifiedDay = widen(this.modifiedDay);
    this.modifiedSecond = widen(this.modifiedSecond);
    this.modifiedOffset = widen(this.modifiedOffset);
    this.names.resize(size);
  }
}
