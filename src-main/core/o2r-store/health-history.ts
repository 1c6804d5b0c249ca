/**
 * Health per opportunity per week (Monday–Sunday), so the weekly review can say how each one
 * moved (new, improved, deteriorated, stable) since the previous week. The latest health seen in
 * a week is what that week recorded. Only changes are written: a recompute that finds the same
 * health costs no write.
 */
import type { Database } from 'better-sqlite3';
import type { O2rHealthHistoryTable } from '../store/schema';
import { weekOf, type Health, type Opportunity } from '../o2r/index';

type WithHealth = Pick<Opportunity, 'id' | 'health'>;

/** A row of `o2r_health_history` (schema.ts) as read back: health is one of the five levels. */
type HealthRow = Pick<O2rHealthHistoryTable, 'deal_id'> & { health: Health };

export class HealthHistory {
  private week: string | null = null;
  private recorded = new Map<string, string>();

  constructor(private readonly sqlite: Database) {}

  /** Records the health of freshly computed opportunities for the week of `today`. */
  record(opps: readonly WithHealth[], today: string): void {
    const week = weekOf(today).start;
    if (week !== this.week) {
      this.week = week;
      this.recorded = this.weekMap(week);
    }
    const put = this.sqlite.prepare(
      `INSERT INTO o2r_health_history (week, deal_id, health)
       VALUES (?, ?, ?)
       ON CONFLICT(week, deal_id) DO UPDATE SET health = excluded.health`,
    );
    this.sqlite.transaction(() => {
      for (const o of opps) {
        if (this.recorded.get(o.id) === o.health) continue;
        put.run(week, o.id, o.health);
        this.recorded.set(o.id, o.health);
      }
    })();
  }

  /** Deal id → health recorded in the week starting `monday`. */
  weekMap(monday: string): Map<string, Health> {
    const rows = this.sqlite
      .prepare<[string], HealthRow>('SELECT deal_id, health FROM o2r_health_history WHERE week = ?')
      .all(monday);
    return new Map(rows.map((r) => [r.deal_id, r.health]));
  }

  /** The latest health recorded strictly before the week starting `monday`, by deal. */
  before(monday: string): Map<string, Health> {
    const rows = this.sqlite
      .prepare<[string], HealthRow>(
        `SELECT h.deal_id, h.health FROM o2r_health_history h
         JOIN (SELECT deal_id, max(week) AS week FROM o2r_health_history WHERE week < ? GROUP BY deal_id) last
           ON last.deal_id = h.deal_id AND last.week = h.week`,
      )
      .all(monday);
    return new Map(rows.map((r) => [r.deal_id, r.health]));
  }
}
