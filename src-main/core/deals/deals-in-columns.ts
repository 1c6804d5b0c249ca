import type { Database } from 'better-sqlite3';
import { isOpenStage, isValidDay, isWonStage } from '../../../src-shared/filters/deal-filter';
import { StringCodes } from '../columns/string-codes';
import { rowidBatches } from '../store/rowid-batches';
import { writeUtf8 } from '../columns/utf8';

/**
 * A string column's distinct values (columns/string-codes.ts, shared with the O2R cache's columns):
 * code 0 is null, 1… each value in the order first seen. Owners, stages, countries and the like
 * repeat across a million deals, so each row holds a small integer and a filter on them compares
 * integers.
 */
export type Dict = StringCodes;

/** The codes of one dictionary column: 16 bits each until a value needs more. */
export type Codes = Uint16Array | Uint32Array;

class CodeColumn {
  codes: Codes;
  constructor(n: number) {
    this.codes = new Uint16Array(n);
  }
  set(i: number, code: number): void {
    if (code > 0xffff && this.codes instanceof Uint16Array) this.codes = Uint32Array.from(this.codes);
    this.codes[i] = code;
  }
}

/** Stages: whether each is open or won (docs/dashboard.md), worked out once per value. */
export class StageDict extends StringCodes {
  open = new Uint8Array(0);
  won = new Uint8Array(0);
  /** Called once the column is read: the flags of every value. */
  seal(): this {
    this.open = Uint8Array.from(this.values, (s) => (isOpenStage(s) ? 1 : 0));
    this.won = Uint8Array.from(this.values, (s) => (s !== null && isWonStage(s) ? 1 : 0));
    return this;
  }
}

/** Closing dates: whether each is a real YYYY-MM-DD, and its month (for the "by month" chart). */
export class ClosingDict extends StringCodes {
  valid = new Uint8Array(0);
  months: (string | null)[] = [];
  seal(): this {
    this.valid = Uint8Array.from(this.values, (d) => (d !== null && isValidDay(d) ? 1 : 0));
    this.months = this.values.map((d, i) => (this.valid[i] ? d!.slice(0, 7) : null));
    return this;
  }
  /** 1 for each date within `from`–`to` (both inclusive, either open), valid dates only. */
  within(range: { from?: string; to?: string }): Uint8Array {
    return Uint8Array.from(this.values, (d, i) =>
      this.valid[i] && (!range.from || d! >= range.from) && (!range.to || d! <= range.to) ? 1 : 0,
    );
  }
}

/** The columns a dashboard figure reads for one set of rows: today's deals, or a snapshot day's. */
export interface DealRows {
  readonly size: number;
  readonly stages: StageDict;
  readonly stage: Codes;
  readonly closings: ClosingDict;
  readonly closing: Codes;
  /** NaN for none (NaN fails every comparison, like NULL in SQL). */
  readonly probability: Float64Array;
  readonly amount: Float64Array;
  readonly amountHome: Float64Array;
  /**
   * The row of today's deals with this deal's other columns (owner, country…): null when these are
   * today's deals (each row is its own), -1 for a deal deleted since.
   */
  readonly ref: Int32Array | null;
}

const FOLD = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b));

/** Bytes per chunk of a text column: a column grows a chunk at a time, never by copying itself. */
const CHUNK = 8 << 20;

/**
 * Strings held once as UTF-8 in a few large buffers (chunks of 8 MB, each row's bytes within one),
 * not as a million JS strings (each a heap object of its own). A folded column keeps ASCII letters
 * lower-cased, so a search is one `indexOf` per chunk (SQL LIKE folds ASCII only, and UTF-8 never
 * puts an ASCII byte inside another character), and a bitmap of which bytes were capitals gives the
 * original text back.
 */
export class TextColumn {
  constructor(
    private readonly chunks: readonly Buffer[],
    private readonly uppers: readonly Uint8Array[] | null,
    /** The first row of each chunk, then the row count. */
    private readonly firstRows: readonly number[],
    /** `ends[i + 1]`: where row i ends in its chunk (it starts where the row before ended, or at 0). */
    private readonly ends: Uint32Array,
  ) {}

  private chunkOf(i: number): number {
    let k = 0;
    while (this.firstRows[k + 1] <= i) k++;
    return k;
  }

  get(i: number): string {
    const k = this.chunkOf(i);
    const start = i === this.firstRows[k] ? 0 : this.ends[i];
    const end = this.ends[i + 1];
    const bytes = this.chunks[k];
    const upper = this.uppers?.[k];
    if (!upper) return bytes.toString('utf8', start, end);
    const out = Buffer.from(bytes.subarray(start, end));
    for (let p = start; p < end; p++) if (upper[p >> 3] & (1 << (p & 7))) out[p - start] -= 0x20;
    return out.toString('utf8');
  }

  /** 1 for each row whose text contains `needle` (already ASCII-folded when the column is). */
  contains(needle: string, rows: number): Uint8Array {
    const hit = new Uint8Array(rows);
    const n = Buffer.from(needle, 'utf8');
    const ends = this.ends;
    this.chunks.forEach((bytes, k) => {
      let r = this.firstRows[k];
      for (let pos = 0; ;) {
        const at = bytes.indexOf(n, pos);
        if (at < 0) break;
        while (ends[r + 1] <= at) r++;
        // A match running into the next row's text is none.
        if (at + n.length <= ends[r + 1]) {
          hit[r] = 1;
          pos = ends[r + 1];
        } else pos = at + 1;
      }
    });
    return hit;
  }
}

class TextBuilder {
  private readonly chunks: Buffer[] = [];
  private readonly uppers: Uint8Array[] = [];
  private readonly firstRows: number[] = [];
  private bytes = Buffer.alloc(0);
  private upper = new Uint8Array(0);
  private pos = 0;
  private readonly ends: Uint32Array;
  constructor(
    n: number,
    private readonly fold: boolean,
  ) {
    this.ends = new Uint32Array(n + 1);
  }
  /** Closes the chunk being filled (its unused tail was never written, so it takes no memory). */
  private close(): void {
    if (!this.firstRows.length) return;
    this.chunks.push(this.bytes.subarray(0, this.pos));
    if (this.fold) this.uppers.push(this.upper.subarray(0, (this.pos >> 3) + 1));
  }
  set(i: number, s: string): void {
    if (!this.firstRows.length || this.pos + s.length * 3 > this.bytes.length) {
      this.close();
      const size = Math.max(CHUNK, s.length * 3);
      this.bytes = Buffer.allocUnsafe(size);
      if (this.fold) this.upper = new Uint8Array((size >> 3) + 1);
      this.firstRows.push(i);
      this.pos = 0;
    }
    const start = this.pos;
    this.pos += writeUtf8(s, this.bytes, start);
    if (this.fold)
      for (let p = start; p < this.pos; p++) {
        const b = this.bytes[p];
        if (b >= 0x41 && b <= 0x5a) {
          this.bytes[p] = FOLD[b];
          this.upper[p >> 3] |= 1 << (p & 7);
        }
      }
    this.ends[i + 1] = this.pos;
  }
  /** The column; the last chunk is cut to size. */
  done(rows: number): TextColumn {
    if (this.firstRows.length) {
      this.bytes = Buffer.from(this.bytes.subarray(0, this.pos));
      this.upper = this.upper.slice(0, (this.pos >> 3) + 1);
      this.close();
    }
    return new TextColumn(this.chunks, this.fold ? this.uppers : null, [...this.firstRows, rows], this.ends);
  }
}

/** Every deal's dashboard and Deals-table columns, one row per deal (in rowid order). */
export interface DealTable extends DealRows {
  readonly ref: null;
  /** Each row's SQLite rowid, ascending: maps an order SQLite worked out back to rows. */
  readonly rowids: Float64Array;
  readonly ids: TextColumn;
  /** ASCII-folded (the search's meaning); `names.get(i)` gives the name as written. */
  readonly names: TextColumn;
  readonly accounts: Dict;
  readonly account: Codes;
  readonly owners: Dict;
  readonly owner: Codes;
  readonly countries: Dict;
  readonly country: Codes;
  readonly territories: Dict;
  readonly territory: Codes;
  readonly serviceLines: Dict;
  readonly serviceLine: Codes;
  readonly currencies: Dict;
  readonly currency: Codes;
}

const num = (v: unknown) => (v === null ? NaN : (v as number));

/** Reads every deal into columns, streaming rows from SQLite (no object per deal is kept). */
export function readDealTable(sqlite: Database): DealTable {
  const n = sqlite.prepare('SELECT count(*) FROM deals').pluck().get() as number;
  const rowids = new Float64Array(n);
  const ids = new TextBuilder(n, false);
  const names = new TextBuilder(n, true);
  const dicts = {
    accounts: new StringCodes(),
    owners: new StringCodes(),
    countries: new StringCodes(),
    territories: new StringCodes(),
    serviceLines: new StringCodes(),
    currencies: new StringCodes(),
    stages: new StageDict(),
    closings: new ClosingDict(),
  };
  const col = () => new CodeColumn(n);
  const c = {
    account: col(),
    owner: col(),
    country: col(),
    territory: col(),
    serviceLine: col(),
    currency: col(),
    stage: col(),
    closing: col(),
  };
  const probability = new Float64Array(n);
  const amount = new Float64Array(n);
  const amountHome = new Float64Array(n);
  // In rowid order, a batch a statement (store/rowid-batches.ts: ~20 % of the read at 1,000,000).
  const batches = rowidBatches(
    sqlite,
    'deals',
    `id, name, account_name, owner_name, stage, probability, amount, amount_home, closing_date,
       country, territory, service_line, currency`,
  );
  let i = 0;
  // The count and the read are one synchronous step: never more rows (the guard is for safety).
  for (const batch of batches) {
    if (i + batch.length > n) batch.length = n - i;
    for (const r of batch) {
      ids.set(i, r[0] as string);
      names.set(i, r[1] as string);
      c.account.set(i, dicts.accounts.code(r[2] as string | null));
      c.owner.set(i, dicts.owners.code(r[3] as string | null));
      c.stage.set(i, dicts.stages.code(r[4] as string | null));
      probability[i] = num(r[5]);
      amount[i] = num(r[6]);
      amountHome[i] = num(r[7]);
      c.closing.set(i, dicts.closings.code(r[8] as string | null));
      c.country.set(i, dicts.countries.code(r[9] as string | null));
      c.territory.set(i, dicts.territories.code(r[10] as string | null));
      c.serviceLine.set(i, dicts.serviceLines.code(r[11] as string | null));
      c.currency.set(i, dicts.currencies.code(r[12] as string | null));
      rowids[i] = r[13] as number;
      i++;
    }
    if (i === n) break;
  }
  return {
    size: i,
    ref: null,
    rowids,
    ids: ids.done(i),
    names: names.done(i),
    ...dicts,
    stages: dicts.stages.seal(),
    closings: dicts.closings.seal(),
    account: c.account.codes,
    owner: c.owner.codes,
    country: c.country.codes,
    territory: c.territory.codes,
    serviceLine: c.serviceLine.codes,
    currency: c.currency.codes,
    stage: c.stage.codes,
    closing: c.closing.codes,
    probability,
    amount,
    amountHome,
  };
}

/** The row of `rowid` in a table read in rowid order, or -1. */
export function rowOf(deals: DealTable, rowid: number): number {
  const a = deals.rowids;
  // A table only ever appended to has rowids 1, 2, 3…: try the row that would be first.
  const guess = rowid - a[0];
  if (a[guess] === rowid) return guess;
  let lo = 0;
  let hi = deals.size - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid];
    if (v === rowid) return mid;
    if (v < rowid) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** One day's snapshot: the open deals with stage, amounts, probability and closing date as they were. */
export interface SnapshotRows extends DealRows {
  readonly ref: Int32Array;
  /** The ids of the rows whose deal was deleted since (ref -1), by row. */
  readonly deletedIds: ReadonlyMap<number, string>;
}

/** Reads the snapshot of `day` into columns, each row tied to today's row of the same deal. */
export function readSnapshotRows(sqlite: Database, deals: DealTable, day: string): SnapshotRows {
  const n = sqlite.prepare('SELECT count(*) FROM deal_snapshots WHERE day = ?').pluck().get(day) as number;
  const ref = new Int32Array(n);
  const stages = new StageDict();
  const closings = new ClosingDict();
  const stage = new CodeColumn(n);
  const closing = new CodeColumn(n);
  const probability = new Float64Array(n);
  const amount = new Float64Array(n);
  const amountHome = new Float64Array(n);
  const deletedIds = new Map<number, string>();
  const rows = sqlite
    .prepare(
      `SELECT d.rowid, CASE WHEN d.rowid IS NULL THEN s.deal_id END, s.stage, s.probability, s.amount,
         s.amount_home, s.closing_date
       FROM deal_snapshots s LEFT JOIN deals d ON d.id = s.deal_id WHERE s.day = ?`,
    )
    .raw(true);
  let i = 0;
  for (const r of rows.iterate(day) as Iterable<unknown[]>) {
    if (i === n) break;
    ref[i] = r[0] === null ? -1 : rowOf(deals, r[0] as number);
    if (ref[i] < 0) deletedIds.set(i, (r[1] as string | null) ?? '');
    stage.set(i, stages.code(r[2] as string | null));
    probability[i] = num(r[3]);
    amount[i] = num(r[4]);
    amountHome[i] = num(r[5]);
    closing.set(i, closings.code(r[6] as string | null));
    i++;
  }
  return {
    size: i,
    ref,
    deletedIds,
    stages: stages.seal(),
    stage: stage.codes,
    closings: closings.seal(),
    closing: closing.codes,
    probability,
    amount,
    amountHome,
  };
}
