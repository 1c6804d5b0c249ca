import type { Database } from 'better-sqlite3';
import { readDealTable, readSnapshotRows, type DealTable, type SnapshotRows } from './deals-in-columns';

/**
 * The deals' dashboard columns in memory (deals-in-columns.ts: a row per deal, dictionary codes and typed
 * arrays, no object per deal), read in one pass and kept until the deals change (`invalidate`, wired
 * in core-context.ts to every hook that changes deals). A filter change then costs one pass over
 * integer columns instead of a scan of the table; a million deals take ~130 MB, nearly all outside the
 * JS heap (`npm run bench`, "filter change"; ARCHITECTURE.md, "Deals in memory").
 */
export class DealFactsCache {
  private table: DealTable | null = null;
  private stages: string[] | null = null;
  private snap: { day: string; of: DealTable; rows: SnapshotRows } | null = null;
  private readonly readStages;
  private readonly readDays;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly sqlite: Database) {
    this.readStages = sqlite.prepare<[], { name: string }>('SELECT name FROM deal_stages ORDER BY sequence, name');
    // One index seek per day (the primary key starts with the day) instead of DISTINCT over every
    // row: ~40 ms a call with 770,000 open deals in one day's snapshot, and every Dashboard call asks.
    this.readDays = sqlite.prepare<[], { day: string }>(
      `WITH RECURSIVE d(day) AS (
         SELECT min(day) FROM deal_snapshots
         UNION ALL SELECT (SELECT min(day) FROM deal_snapshots WHERE day > d.day) FROM d WHERE d.day IS NOT NULL)
       SELECT day FROM d WHERE day IS NOT NULL`,
    );
  }

  /** Every cached deal (open and closed); a new table once the deals changed. */
  all(): DealTable {
    return (this.table ??= readDealTable(this.sqlite));
  }

  /** The CRM's stage order (its pipeline's sequence); empty before the first sync read the metadata. */
  stageOrder(): string[] {
    return (this.stages ??= this.readStages.all().map((s) => s.name));
  }

  /** The days that have a snapshot, oldest first. */
  snapshotDays(): string[] {
    return this.readDays.all().map((r) => r.day);
  }

  /** The latest snapshot day on or before `day`, or null. */
  snapshotDayOnOrBefore(day: string): string | null {
    let found: string | null = null;
    for (const d of this.snapshotDays()) if (d <= day) found = d;
    return found;
  }

  /**
   * The open deals as the snapshot of `day` saw them: stage, amounts, probability and closing date as
   * they were that day; who owns the deal, its country and the like are today's (`ref`), and a deal
   * since deleted keeps none. The last day read is kept.
   */
  snapshot(day: string): SnapshotRows {
    const deals = this.all();
    if (this.snap?.day !== day || this.snap.of !== deals)
      this.snap = { day, of: deals, rows: readSnapshotRows(this.sqlite, deals, day) };
    return this.snap.rows;
  }

  /** The snapshot of `day` read for one use (the history reads each day once), or the one held. */
  snapshotOnce(day: string): SnapshotRows {
    const deals = this.all();
    return this.snap?.day === day && this.snap.of === deals
      ? this.snap.rows
      : readSnapshotRows(this.sqlite, deals, day);
  }

  invalidate(): void {
    this.table = null;
    this.stages = null;
    this.snap = null;
    for (const fn of this.listeners) fn();
  }

  /**
   * Runs `fn` whenever the deals changed: a reader keeping something worked out from the old table
   * (deal-list.ts: its orders) drops it at once, so two tables never sit in memory together.
   */
  onInvalidate(fn: () => void): void {
    this.listeners.push(fn);
  }
}
