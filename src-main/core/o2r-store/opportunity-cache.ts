/**
 * Every deal as a computed O2R opportunity, kept current incrementally:
 * - a full pass the first time, when the calendar day changes (every "days since" moves) and when
 *   the settings change;
 * - after a sync, only the rows the sync wrote (by `synced_at`), plus dropping deleted deals;
 * - after a local edit, blocker, comment…, only that deal.
 *
 * What is kept per deal is a compact brief (what the list filters, sorts and counts on), held as
 * columns, one row per deal (opportunity-columns.ts), not the full `Opportunity`: milestones,
 * findings and action items cost ~1.3 KB a deal, and even an object per brief cost ~420 bytes,
 * ~420 MB at 1,000,000 deals. Readers of every deal (list, board, review) walk the columns;
 * `all()` shows them as brief objects made on demand. The full opportunity is computed again on
 * demand (`get`, `details`, `everything`) from the same row, overlay, day and settings —
 * computeOpportunity is pure and ~5–10 µs a deal, so a page or one deal costs nothing
 * noticeable, and the result is the one the cache would have held.
 */
import type { Database } from 'better-sqlite3';
import {
  computeOpportunity,
  computeStatus,
  type Health,
  type Opportunity,
  type O2RSettings,
  type OpportunityInput,
} from '../o2r/index';
import { widened } from '../columns/widened';
import { BriefView } from './brief-view';
import {
  inputFromRaw,
  newPassInput,
  passRowBatches,
  iterateInputRows,
  latestSyncedAt,
  loadInputRows,
  loadRowsSyncedSince,
  localFlags,
  queuedValues,
  RAW_ID,
  RAW_SERVICE_LINE,
  toInput,
  type InputRow,
} from './inputs';
import { LIVE, OpportunityColumns, type OpportunityBrief, type RowValues } from './opportunity-columns';
import type { O2RSettingsStore } from './settings-store';

export type { OpportunityBrief } from './opportunity-columns';

export interface RecomputeStats {
  kind: 'full' | 'incremental';
  deals: number;
  ms: number;
}

/** Room for this many rows handed on at first (after a sync or an edit: a few). */
const BATCH = 2000;

/**
 * Called with the rows of freshly computed deals (the health history records them): once per
 * full pass with every row, once per incremental change with its rows.
 */
export type OnComputed = (rows: Int32Array, count: number, today: string) => void;

export class OpportunityCache {
  private cols = new OpportunityColumns();
  private day: string | null = null;
  private settingsVersion = -1;
  /** Latest `synced_at` seen; rows written after it are re-read after a sync. */
  private watermark = '';
  private syncDirty = false;
  private readonly values: RowValues = {
    name: '',
    accountName: null,
    ownerName: null,
    closingDate: null,
    amountHome: null,
    phase: 1,
    health: 'GREEN',
    strategic: false,
    closedLost: false,
    daysSinceUpdate: null,
    territory: null,
    serviceLines: 0,
    modifiedTime: null,
    lastLocalEdit: null,
  };
  /** The input a full pass fills for each deal in turn. */
  private readonly passInput = newPassInput();
  /** Rows computed in the current batch (handed to `onComputed`). */
  private batchRows = new Int32Array(BATCH);
  last: RecomputeStats | null = null;
  /** Counts full passes: each one recomputes every row. */
  generation = 0;
  /** Counts new columns (rows renumbered): row numbers read before mean nothing after a change. */
  layout = 0;

  constructor(
    private readonly sqlite: Database,
    private readonly settings: O2RSettingsStore,
    private readonly today: () => string,
    private readonly onComputed: OnComputed = () => {},
  ) {}

  /** The sync wrote deals: the next read picks up what changed. */
  markSynced(): void {
    this.syncDirty = true;
  }

  /** Every deal may have changed in a way `synced_at` does not show (home amounts): recompute all. */
  invalidate(): void {
    this.day = null;
  }

  /** The up-to-date columns: readers of every deal walk rows whose flags have LIVE. */
  columns(): OpportunityColumns {
    this.ensure();
    return this.cols;
  }

  /** Up-to-date briefs by deal id, each made when asked for (brief-view.ts). */
  all(): ReadonlyMap<string, OpportunityBrief> {
    this.ensure();
    return new BriefView(this.cols);
  }

  /** How many deals the cache holds (up to date). */
  get size(): number {
    this.ensure();
    return this.cols.live;
  }

  /** One deal's health now (the Deals explorer shows it), or undefined for an unknown id. */
  healthOf(id: string): Health | undefined {
    return this.healthReader()(id);
  }

  /**
   * Each deal's health as the columns are now, brought up to date once: the Deals explorer's sort
   * by health reads every deal, and bringing the cache up to date per deal (today's date each
   * time) cost most of that sort at 1,000,000 deals.
   */
  healthReader(): (id: string) => Health | undefined {
    this.ensure();
    const cols = this.cols;
    return (id) => {
      const r = cols.rowOf(id);
      return r === undefined ? undefined : cols.healthAt(r);
    };
  }

  /** The columns as they are, without bringing them up to date (the health history's rows). */
  get current(): OpportunityColumns {
    return this.cols;
  }

  /** The full, up-to-date opportunity of one deal (computed now), or undefined. */
  get(id: string): Opportunity | undefined {
    return this.details([id])[0];
  }

  /** Full opportunities for the given ids, in that order; ids not cached are left out. */
  details(ids: readonly string[]): Opportunity[] {
    this.ensure();
    const rows = new Map(loadInputRows(this.sqlite, ids).map((r) => [r.id, r]));
    const overlay = queuedValues(this.sqlite);
    const settings = this.settings.get();
    const today = this.day ?? this.today();
    const out: Opportunity[] = [];
    for (const id of ids) {
      const r = rows.get(id);
      if (r) out.push(computeOpportunity(toInput(r, overlay.get(id)), today, settings));
    }
    return out;
  }

  /** Every full opportunity, computed now (exports); the cache keeps briefs only. */
  everything(): Opportunity[] {
    return [...this.each()];
  }

  /**
   * Every full opportunity, computed one at a time as it is consumed (the weekly review): at
   * 1,000,000 deals an array of them would hold over a gigabyte.
   */
  *each(): Generator<Opportunity> {
    this.ensure();
    const overlay = queuedValues(this.sqlite);
    const settings = this.settings.get();
    const today = this.day ?? this.today();
    for (const r of iterateInputRows(this.sqlite))
      yield computeOpportunity(toInput(r, overlay.get(r.id)), today, settings);
  }

  /** Recomputes the given deals now (after a local change); removes ids that no longer exist. */
  refresh(ids: readonly string[]): void {
    if (this.needsFull()) return this.full();
    const started = performance.now();
    const rows = loadInputRows(this.sqlite, ids);
    const found = new Set(rows.map((r) => r.id));
    for (const id of ids) if (!found.has(id)) this.cols.remove(id);
    this.computeRows(rows, queuedValues(this.sqlite));
    this.last = { kind: 'incremental', deals: rows.length, ms: performance.now() - started };
  }

  /**
   * Forces a full recompute (tests, benchmarks). Rows are streamed in batches; every deal keeps
   * its row, and deals not seen are removed. When a quarter of the rows were left empty by
   * removed deals, the pass fills new columns instead (a new `layout`).
   */
  full(): void {
    const started = performance.now();
    this.settings.reload();
    this.day = this.today();
    this.settingsVersion = this.settings.version;
    // The pass reads every deal: the watermark is the latest row (one index look-up, not a column read per row).
    this.watermark = latestSyncedAt(this.sqlite);
    if (this.cols.empty > 0 && this.cols.empty * 4 >= this.cols.count) {
      this.cols = new OpportunityColumns();
      this.layout++;
    }
    // A first pass makes room for every deal at once (ids hashed once, not again at every doubling).
    if (this.cols.count === 0)
      this.cols.reserve(this.sqlite.prepare('SELECT count(*) FROM deals').pluck().get() as number);
    // Every deal is new to empty columns (ids are the deals table's key): no look-ups.
    const known = this.cols.count > 0;
    const seen = new Uint8Array(this.cols.count);
    const overlay = queuedValues(this.sqlite);
    const local = localFlags(this.sqlite);
    const lines = this.cols.lineLists;
    const today = this.day;
    const settings = this.settings.get();
    let rows = new Int32Array(Math.max(this.cols.count, BATCH));
    let n = 0;
    let row = -1;
    const input = this.passInput;
    // Batches of rows in table order: each row dies young (2,000-row batches of objects outlived
    // the young generation and cost full collections), and the next row is hinted.
    for (const batch of passRowBatches(this.sqlite))
      for (let i = 0; i < batch.length; i++) {
        const a = batch[i];
        const id = a[RAW_ID] as string;
        const edits = overlay.size ? overlay.get(id) : undefined;
        const code = lines.codeOfText(a[RAW_SERVICE_LINE] as string | null);
        const mine = local.size ? local.get(id) : undefined;
        inputFromRaw(a, lines.list(code) as string[], mine, edits, input);
        row = this.place(input, code, row + 1, today, settings, known);
        if (row < seen.length) seen[row] = 1;
        if (n === rows.length) rows = widened(rows, n * 2);
        rows[n++] = row;
      }
    const { flags, ids } = this.cols;
    if (this.cols.live > n)
      for (let r = 0; r < seen.length; r++) if (flags[r] & LIVE && !seen[r]) this.cols.remove(ids[r]);
    this.cols.trim();
    // Handed on once the columns hold every deal: the history then finds each deal's row (a
    // batch at a time, the first batch met a million recorded deals with no row yet, and kept
    // them aside by id: ~100 MB and seconds at 1,000,000 deals).
    this.onComputed(rows, n, this.day);
    this.syncDirty = false;
    this.generation++;
    this.last = { kind: 'full', deals: n, ms: performance.now() - started };
  }

  private needsFull(): boolean {
    return this.day !== this.today() || this.settingsVersion !== this.settings.version;
  }

  private ensure(): void {
    if (this.needsFull()) return this.full();
    if (this.syncDirty) this.syncedChanges();
  }

  private syncedChanges(): void {
    const started = performance.now();
    this.syncDirty = false;
    const rows = loadRowsSyncedSince(this.sqlite, this.watermark);
    this.computeRows(rows, queuedValues(this.sqlite));
    // Every row was a deal once; more rows than deals means some were removed. Only then is the
    // list of ids read (a million of them is some 80 MB held for a moment).
    this.dropRemoved(this.sqlite.prepare('SELECT count(*) FROM deals').pluck().get() as number);
    this.last = { kind: 'incremental', deals: rows.length, ms: performance.now() - started };
  }

  /** Removes the rows of deals that are gone, when more deals are cached than the `count` there are. */
  private dropRemoved(count: number): void {
    if (this.cols.live <= count) return;
    const ids = new Set(this.sqlite.prepare('SELECT id FROM deals').pluck().all() as string[]);
    for (const id of [...this.cols.keys()]) if (!ids.has(id)) this.cols.remove(id);
  }

  /** Computes the rows and writes each into its deal's row (after a sync, an edit: a few rows). */
  private computeRows(rows: readonly InputRow[], overlay: ReturnType<typeof queuedValues>): void {
    if (!rows.length) return;
    const out = this.rowsFor(rows.length);
    const today = this.day ?? this.today();
    const settings = this.settings.get();
    let row = -1;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r.synced_at > this.watermark) this.watermark = r.synced_at;
      // toInput lays any queued edit over the row's columns, service_line included.
      const code = this.cols.lineLists.codeOfText(r.service_line);
      row = this.place(toInput(r, overlay.get(r.id)), code, row + 1, today, settings);
      out[i] = row;
    }
    this.onComputed(out, rows.length, today);
  }

  /** Room for a batch's rows (handed to `onComputed`). */
  private rowsFor(n: number): Int32Array {
    if (this.batchRows.length < n) this.batchRows = new Int32Array(n);
    return this.batchRows;
  }

  /**
   * Computes one deal's status and writes it into its row (`hint`: the row it probably has; a
   * full pass reads deals in row order, so the one after the previous). Only what the brief keeps
   * is computed (computeStatus); the full opportunity is the same computation plus its details,
   * done on demand.
   */
  private place(
    o: OpportunityInput,
    serviceLines: number,
    hint: number,
    today: string,
    settings: O2RSettings,
    known = true,
  ): number {
    const s = computeStatus(o, today, settings);
    const row = this.cols.rowFor(o.id, hint, known);
    // One object filled for every deal (set() copies it into the row): a million fewer allocations a pass.
    const v = this.values;
    v.name = o.name;
    v.accountName = o.accountName;
    v.ownerName = o.ownerName;
    v.closingDate = o.closingDate;
    v.amountHome = o.amountHome;
    v.phase = s.phase;
    v.health = s.health;
    v.strategic = o.strategic;
    v.closedLost = s.closedLost;
    v.daysSinceUpdate = s.daysSinceUpdate;
    v.territory = o.territory;
    v.serviceLines = serviceLines;
    v.modifiedTime = o.modifiedTime;
    v.lastLocalEdit = o.lastLocalEdit ?? null;
    this.cols.set(row, v);
    return row;
  }
}
