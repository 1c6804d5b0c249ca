import type { Database } from 'better-sqlite3';
import { KV, SyncKv } from './state-kv';

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

/** More logged deals than this: rewriting the whole day is cheaper than row by row. */
const WHOLE_ABOVE = 50_000;

interface SnapshotState {
  day: string;
  /** The stage definitions the snapshot judged "open" by (OPEN_DEAL_SQL reads them). */
  stages: string;
}

export interface SnapshotResult {
  /** Whether every open deal's row was rewritten (else only the logged deals'). */
  whole: boolean;
  /** Rows written. */
  written: number;
}

/**
 * After each successful sync: today's compact snapshot of every open deal (stage, amount,
 * home amount, probability, closing date). A later sync the same day brings today's rows up to
 * date, so each day keeps the last state seen; other days are never touched. One SQL pass, no
 * API call.
 *
 * Only the rows of deals logged in `deal_snapshot_pending` (triggers on `deals`, migration 009)
 * are rewritten when today already has a snapshot taken by the same stage definitions: rewriting
 * every open deal cost ~4.5 s at 1,000,000 deals after every sync, even an empty one. The whole
 * day is rewritten on a new day, when the stages' open/closed meaning changed, for a full sync or
 * an import (their bulk load runs without the triggers: `whole`), and when more than 50,000 deals
 * were logged. ARCHITECTURE.md, "Snapshots".
 */
export function takeSnapshot(sqlite: Database, day = localDay(), opts: { whole?: boolean } = {}): SnapshotResult {
  const kv = new SyncKv(sqlite);
  return sqlite.transaction((): SnapshotResult => {
    const stages = stageDefinitions(sqlite);
    const last = kv.get<SnapshotState>(KV.snapshotState);
    const whole =
      opts.whole === true ||
      last?.day !== day ||
      last.stages !== stages ||
      (sqlite.prepare('SELECT count(*) FROM deal_snapshot_pending').pluck().get() as number) > WHOLE_ABOVE;
    const written = whole ? rewriteDay(sqlite, day) : rewritePending(sqlite, day);
    sqlite.exec('DELETE FROM deal_snapshot_pending');
    kv.set(KV.snapshotState, { day, stages } satisfies SnapshotState);
    return { whole, written };
  })();
}

const COPY = `INSERT INTO deal_snapshots (day, deal_id, stage, amount, amount_home, probability, closing_date)
  SELECT ?, id, stage, amount, amount_home, probability, closing_date FROM deals WHERE ${OPEN_DEAL_SQL}`;

function rewriteDay(sqlite: Database, day: string): number {
  sqlite.prepare('DELETE FROM deal_snapshots WHERE day = ?').run(day);
  return sqlite.prepare(COPY).run(day).changes;
}

/** The logged deals' rows only: each taken out, then put back if the deal exists and is open. */
function rewritePending(sqlite: Database, day: string): number {
  sqlite
    .prepare('DELETE FROM deal_snapshots WHERE day = ? AND deal_id IN (SELECT deal_id FROM deal_snapshot_pending)')
    .run(day);
  return sqlite.prepare(`${COPY} AND id IN (SELECT deal_id FROM deal_snapshot_pending)`).run(day).changes;
}

/** Every stage's name and forecast type, as one string: what decides which deals are open. */
function stageDefinitions(sqlite: Database): string {
  return (
    (sqlite
      .prepare(
        "SELECT group_concat(name || char(31) || coalesce(forecast_type, ''), char(30)) FROM (SELECT name, forecast_type FROM deal_stages ORDER BY name)",
      )
      .pluck()
      .get() as string | null) ?? ''
  );
}
