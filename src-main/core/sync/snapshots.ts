import type { Database } from 'better-sqlite3';

/** An open deal: its stage's forecast type is Open (from metadata), or, without metadata, not closed by name. */
export const OPEN_DEAL_SQL = `(
  CASE WHEN EXISTS (SELECT 1 FROM deal_stages)
    THEN coalesce((SELECT forecast_type FROM deal_stages s WHERE s.name = deals.stage), 'Open') = 'Open'
    ELSE (stage IS NULL OR (stage NOT LIKE 'Closed%' AND stage NOT LIKE '%Lost%'))
  END)`;

/** The local calendar day, YYYY-MM-DD: a snapshot is "the pipeline as the user saw it that day". */
export function localDay(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * After each successful sync: today's compact snapshot of every open deal (stage, amount,
 * home amount, probability, closing date). A later sync the same day replaces today's rows, so
 * each day keeps the last state seen; other days are never touched. One SQL pass, no API call.
 */
export function takeSnapshot(sqlite: Database, day = localDay()): number {
  let n = 0;
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM deal_snapshots WHERE day = ?').run(day);
    n = sqlite
      .prepare(
        `INSERT INTO deal_snapshots (day, deal_id, stage, amount, amount_home, probability, closing_date)
         SELECT ?, id, stage, amount, amount_home, probability, closing_date FROM deals WHERE ${OPEN_DEAL_SQL}`,
      )
      .run(day).changes;
  })();
  return n;
}
