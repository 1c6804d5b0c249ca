/**
 * Health per opportunity per week (Monday–Sunday), so the weekly review can say how each one
 * moved (new, improved, deteriorated, stable) since the previous week. The latest health seen in
 * a week is what that week recorded. Only changes are written: a recompute that finds the same
 * health costs no write.
 *
 * What is held in memory is by row of the opportunity cache (opportunity-columns.ts), one byte a
 * deal (row-health.ts), not a Map of deal id → health: at 1,000,000 deals each such map cost
 * ~40 MB, and the review held two.
 */
import type { Database, Statement } from 'better-sqlite3';
import { weekOf } from '../o2r/index';
import { HEALTH_CODES } from './opportunity-columns';
import { RowHealth, type DealRows } from './row-health';

/** Rows per INSERT statement when many change at once (3 parameters each, well under SQLite's limit). */
const ROWS_PER_INSERT = 200;
/**
 * Up to this many changes are written at once; more (the week's first pass writes every deal:
 * ~1.5 s at 1,000,000) are written after the pass, this many per turn of the event loop, so the
 * O2R screens show without waiting for them (docs/o2r.md, "Health history").
 */
export const HISTORY_SLICE = 20_000;

/** Changes waiting to be written, in the order they were recorded. */
interface PendingWrite {
  week: string;
  ids: string[];
  health: Uint8Array;
  done: number;
}

export class HealthHistory {
  private week: string | null = null;
  private recorded: RowHealth | null = null;
  /**
   * `before(monday)` answers by week start. Only the current week is ever recorded, so an answer
   * for a week up to the current one stays true until something writes older weeks (forget()).
   */
  private beforeCache = new Map<string, RowHealth>();

  private readonly upserts = new Map<number, Statement>();
  private pending: PendingWrite[] = [];
  private slice: NodeJS.Immediate | null = null;
  /** A big record whose week is not read yet (after a restart, in a new week): compared after the pass. */
  private deferred: { rows: Int32Array; count: number; today: string; layout: number } | null = null;

  /** `deals`: the cache's rows as they are now (never brought up to date from here). */
  constructor(
    private readonly sqlite: Database,
    private readonly deals: () => DealRows,
  ) {}

  /**
   * Records the health of freshly computed deals (`count` rows of the cache, first in `rows`) for
   * the week of `today`.
   */
  record(rows: Int32Array, count: number, today: string): void {
    this.runDeferred(); // in order
    const deals = this.deals();
    const week = weekOf(today).start;
    const known = week === this.week && this.recorded?.fits(deals);
    if (!known && count > HISTORY_SLICE) {
      // Reading the week's recorded health first (1,000,000 rows after a restart: ~1–1.4 s)
      // would hold up the screens: it is read, compared and written after the pass.
      this.deferred = { rows: rows.slice(0, count), count, today, layout: deals.layout };
      return this.scheduleSlice();
    }
    this.compare(rows, count, today);
  }

  /** Compares the rows' health with what the week recorded, and writes what changed. */
  private compare(rows: Int32Array, count: number, today: string): void {
    const deals = this.deals();
    const week = weekOf(today).start;
    if (week !== this.week || !this.recorded?.fits(deals)) {
      this.week = week;
      this.recorded = this.weekHealth(week);
    }
    for (const key of this.beforeCache.keys()) if (key > week) this.beforeCache.delete(key);
    const recorded = this.recorded;
    const { ids, health } = deals;
    const changed: number[] = [];
    for (let i = 0; i < count; i++) {
      const r = rows[i];
      if (recorded.code(r, ids[r]) !== health[r] + 1) changed.push(r);
    }
    if (!changed.length) return;
    for (const r of changed) recorded.set(r, health[r] + 1);
    // What was recorded, by id (rows may be renumbered before a later slice is written).
    const write: PendingWrite = {
      week,
      ids: changed.map((r) => ids[r]),
      health: Uint8Array.from(changed, (r) => health[r]),
      done: 0,
    };
    // Written in order: a small change waits behind a big write still going, or the big write's
    // older health would land over it.
    if (changed.length <= HISTORY_SLICE && !this.pending.length) return this.write(write, changed.length);
    this.pending.push(write);
    this.scheduleSlice();
  }

  /** Writes everything still waiting now (before closing, and before reading the table). */
  flush(): void {
    if (this.slice) clearImmediate(this.slice);
    this.slice = null;
    this.runDeferred();
    for (const w of this.pending.splice(0)) this.write(w, w.ids.length - w.done);
  }

  /** Whether recorded changes are still waiting to be compared or written. */
  get writing(): boolean {
    return this.pending.length > 0 || this.deferred !== null;
  }

  /** Compares a deferred record now (unless its rows were renumbered since: that pass recorded every deal). */
  private runDeferred(): void {
    const d = this.deferred;
    if (!d) return;
    this.deferred = null;
    if (d.layout === this.deals().layout) this.compare(d.rows, d.count, d.today);
  }

  /** Resolves once every recorded change is written (slices go on as usual meanwhile). */
  async settled(): Promise<void> {
    while (this.writing) await new Promise((resolve) => setImmediate(resolve));
  }

  /** The next slice runs on the next turn of the event loop (once, however often it is asked for). */
  private scheduleSlice(): void {
    this.slice ??= setImmediate(() => this.writeSlice());
  }

  private writeSlice(): void {
    this.slice = null;
    try {
      this.runDeferred();
    } catch {
      return; // the store was closed or failed: nothing was recorded, the next pass records it all
    }
    const w = this.pending[0];
    if (!w) return;
    try {
      this.write(w, HISTORY_SLICE);
    } catch {
      // The store was closed or failed: what is in memory is no longer known to be on disk, so
      // the next record reads the week again and writes what is missing.
      this.pending = [];
      this.recorded = null;
      return;
    }
    if (w.done >= w.ids.length) this.pending.shift();
    if (this.pending.length) this.scheduleSlice();
  }

  /** Writes up to `count` rows of `w` from where it stopped, in one transaction. */
  private write(w: PendingWrite, count: number): void {
    const end = Math.min(w.ids.length, w.done + count);
    const many = this.upsert(ROWS_PER_INSERT);
    const one = this.upsert(1);
    const args: string[] = new Array(ROWS_PER_INSERT * 3);
    this.sqlite.transaction(() => {
      let i = w.done;
      for (; i + ROWS_PER_INSERT <= end; i += ROWS_PER_INSERT) {
        for (let k = 0; k < ROWS_PER_INSERT; k++) {
          args[3 * k] = w.week;
          args[3 * k + 1] = w.ids[i + k];
          args[3 * k + 2] = HEALTH_CODES[w.health[i + k]];
        }
        many.run(args);
      }
      for (; i < end; i++) one.run(w.week, w.ids[i], HEALTH_CODES[w.health[i]]);
    })();
    w.done = end;
  }

  private upsert(rows: number): Statement {
    let stmt = this.upserts.get(rows);
    if (!stmt) {
      stmt = this.sqlite.prepare(
        `INSERT INTO o2r_health_history (week, deal_id, health)
         VALUES ${Array.from({ length: rows }, () => '(?, ?, ?)').join(', ')}
         ON CONFLICT(week, deal_id) DO UPDATE SET health = excluded.health`,
      );
      this.upserts.set(rows, stmt);
    }
    return stmt;
  }

  /** The health recorded in the week starting `monday`, by row of the cache. */
  weekHealth(monday: string): RowHealth {
    this.flush();
    return RowHealth.read(
      this.sqlite.prepare('SELECT deal_id, health FROM o2r_health_history WHERE week = ?'),
      monday,
      this.deals(),
    );
  }

  /** The cache row of a deal held now. */
  rowOf(id: string): number | undefined {
    return this.deals().rowOf(id);
  }

  /** Older weeks were written from outside (the demo's seeded history): read them again. */
  forget(): void {
    this.beforeCache.clear();
  }

  /** The latest health recorded strictly before the week starting `monday`, by row of the cache. */
  before(monday: string): RowHealth {
    let known = this.beforeCache.get(monday);
    if (!known?.fits(this.deals())) {
      known = this.readBefore(monday);
      this.beforeCache.set(monday, known);
    }
    return known;
  }

  private readBefore(monday: string): RowHealth {
    this.flush();
    return RowHealth.read(
      this.sqlite.prepare(
        `SELECT h.deal_id, h.health FROM o2r_health_history h
         JOIN (SELECT deal_id, max(week) AS week FROM o2r_health_history WHERE week < ? GROUP BY deal_id) last
           ON last.deal_id = h.deal_id AND last.week = h.week`,
      ),
      monday,
      this.deals(),
    );
  }
}
