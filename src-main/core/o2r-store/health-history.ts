/**
 * Health per opportunity per week (Monday–Sunday), so the weekly review can say how each one
 * moved (new, improved, deteriorated, stable) since the previous week. The latest health seen in
 * a week is what that week recorded. Only changes are written: a recompute that finds the same
 * health costs no write.
 */
import type { Database, Statement } from 'better-sqlite3';
import { weekOf, type Health, type Opportunity } from '../o2r/index';

type WithHealth = Pick<Opportunity, 'id' | 'health'>;

/** Rows per INSERT statement when many change at once (3 parameters each, well under SQLite's limit). */
const ROWS_PER_INSERT = 200;

export class HealthHistory {
  private week: string | null = null;
  private recorded = new Map<string, string>();
  /**
   * `before(monday)` answers by week start. Only the current week is ever recorded, so an answer
   * for a week up to the current one stays true until something writes older weeks (forget()).
   */
  private beforeCache = new Map<string, Map<string, Health>>();

  private readonly upserts = new Map<number, Statement>();

  constructor(private readonly sqlite: Database) {}

  /** Records the health of freshly computed opportunities for the week of `today`. */
  record(opps: readonly WithHealth[], today: string): void {
    const week = weekOf(today).start;
    if (week !== this.week) {
      this.week = week;
      this.recorded = this.weekMap(week);
    }
    for (const key of this.beforeCache.keys()) if (key > week) this.beforeCache.delete(key);
    const changed: WithHealth[] = [];
    for (const o of opps) if (this.recorded.get(o.id) !== o.health) changed.push(o);
    if (!changed.length) return;
    // The first pass of a week writes every deal: many rows per statement, not one call per row.
    const many = this.upsert(ROWS_PER_INSERT);
    const one = this.upsert(1);
    const args: string[] = [];
    this.sqlite.transaction(() => {
      let i = 0;
      for (; i + ROWS_PER_INSERT <= changed.length; i += ROWS_PER_INSERT) {
        args.length = 0;
        for (let k = i; k < i + ROWS_PER_INSERT; k++) args.push(week, changed[k].id, changed[k].health);
        many.run(args);
      }
      for (; i < changed.length; i++) one.run(week, changed[i].id, changed[i].health);
    })();
    for (const o of changed) this.recorded.set(o.id, o.health);
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

  /** Deal id → health recorded in the week starting `monday`. */
  weekMap(monday: string): Map<string, Health> {
    return healthMap(this.sqlite.prepare('SELECT deal_id, health FROM o2r_health_history WHERE week = ?'), monday);
  }

  /** Older weeks were written from outside (the demo's seeded history): read them again. */
  forget(): void {
    this.beforeCache.clear();
  }

  /** The latest health recorded strictly before the week starting `monday`, by deal. */
  before(monday: string): Map<string, Health> {
    let known = this.beforeCache.get(monday);
    if (!known) {
      known = this.readBefore(monday);
      this.beforeCache.set(monday, known);
    }
    return known;
  }

  private readBefore(monday: string): Map<string, Health> {
    return healthMap(
      this.sqlite.prepare(
        `SELECT h.deal_id, h.health FROM o2r_health_history h
         JOIN (SELECT deal_id, max(week) AS week FROM o2r_health_history WHERE week < ? GROUP BY deal_id) last
           ON last.deal_id = h.deal_id AND last.week = h.week`,
      ),
      monday,
    );
  }
}

const HEALTHS: readonly Health[] = ['BLOCKED', 'RED', 'YELLOW', 'NEEDS_UPDATE', 'GREEN'];

/**
 * deal id → health, read row by row (no array of a million row objects) with one shared string
 * per health value: at 1,000,000 deals the map is what the review holds, so it is kept small.
 */
function healthMap(stmt: Statement, monday: string): Map<string, Health> {
  const out = new Map<string, Health>();
  for (const [id, health] of stmt.raw().iterate(monday) as IterableIterator<[string, string]>)
    out.set(id, HEALTHS.find((h) => h === health) ?? (health as Health));
  return out;
}
