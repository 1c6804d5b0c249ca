/**
 * Eight weeks of health history for the demo workspace, so its weekly review shows opportunities
 * that improved, deteriorated or stayed stable instead of only "new". A real workspace builds this
 * history week by week as the app runs (core/o2r-store/health-history.ts); the demo reconstructs
 * it once, after its first sync, from the deals themselves: for each of the eight previous weeks,
 * every deal that existed by that week's Sunday is evaluated as it stood then — only the
 * milestones dated by that day, updated no later than that day — with the O2R rules of
 * docs/o2r.md#health. Nothing here touches a real account's data.
 */
import type { Database } from 'better-sqlite3';
import { computeOpportunity, fromDay, toDay, weekOf, type O2RSettings, type OpportunityInput } from '../core/o2r/index';
import { iterateInputRows, toInput } from '../core/o2r-store/inputs';

export const DEMO_HISTORY_WEEKS = 8;

const addDays = (day: string, n: number) => fromDay(toDay(day) + n);

/**
 * Writes the weeks before `today`'s week, unless some history from before this week exists
 * already (a demo that ran earlier keeps what it recorded). Returns the rows written.
 */
export function seedDemoHealthHistory(sqlite: Database, settings: O2RSettings, today: string): number {
  const thisWeek = weekOf(today).start;
  const existing = sqlite.prepare('SELECT 1 FROM o2r_health_history WHERE week < ? LIMIT 1').get(thisWeek);
  if (existing) return 0;
  const created = new Map(
    (sqlite.prepare('SELECT id, created_time FROM deals').all() as { id: string; created_time: string | null }[]).map(
      (r) => [r.id, r.created_time?.slice(0, 10) ?? null],
    ),
  );
  const inputs = [...iterateInputRows(sqlite)].map((r) => toInput(r));
  const put = sqlite.prepare('INSERT OR REPLACE INTO o2r_health_history (week, deal_id, health) VALUES (?, ?, ?)');
  let written = 0;
  sqlite.transaction(() => {
    for (let k = DEMO_HISTORY_WEEKS; k >= 1; k--) {
      const week = addDays(thisWeek, -7 * k);
      const asOf = addDays(week, 6);
      for (const input of inputs) {
        const born = created.get(input.id);
        if (born && born > asOf) continue;
        put.run(week, input.id, computeOpportunity(asItStood(input, asOf), asOf, settings).health);
        written++;
      }
    }
  })();
  return written;
}

/** The deal as it stood on `day`: later milestones not reached yet, last updated no later than that day. */
function asItStood(input: OpportunityInput, day: string): OpportunityInput {
  const milestones: OpportunityInput['milestones'] = {};
  for (const [role, date] of Object.entries(input.milestones) as [
    keyof OpportunityInput['milestones'],
    string | null,
  ][])
    milestones[role] = date && date.slice(0, 10) <= day ? date : null;
  const modified =
    input.modifiedTime && input.modifiedTime.slice(0, 10) > day ? `${day}T12:00:00Z` : input.modifiedTime;
  return { ...input, milestones, modifiedTime: modified, openBlockers: 0, lastLocalEdit: null };
}
