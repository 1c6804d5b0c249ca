/**
 * Data-quality alerts for the demo workspace, so its Alerts screen and the Dashboard's alert count
 * show something on first start. A real workspace collects them sync by sync (each deal compared
 * with its previous sync: core/o2r-store/quality-alerts.ts); the demo has had no earlier syncs, so
 * this replays its reconstructed history instead: each deal's daily snapshots
 * (snapshot-history.ts) of the last DEMO_ALERT_DAYS days, one day after the other and the last one
 * against the deal as it is now, through the same rules and thresholds (docs/o2r.md, quality
 * alerts). The alerts therefore agree with What moved and with each deal's history. Writes nothing
 * when any alert exists already (a demo that ran before keeps its own). Returns the alerts written.
 */
import type { Database } from 'better-sqlite3';
import { fromDay, qualityAlerts, toDay, type DealSnapshot, type O2RSettings } from '../core/o2r/index';

/** How far back the demo's alerts reach: a fortnight of syncs. */
export const DEMO_ALERT_DAYS = 14;

interface Point {
  deal_id: string;
  day: string;
  stage: string | null;
  amount_home: number | null;
  probability: number | null;
  closing_date: string | null;
}

export function seedDemoAlerts(sqlite: Database, settings: O2RSettings, today: string): number {
  if (sqlite.prepare('SELECT 1 FROM o2r_alerts LIMIT 1').get()) return 0;
  const order = new Map(
    sqlite
      .prepare<[], { name: string; sequence: number }>('SELECT name, sequence FROM deal_stages')
      .all()
      .map((s) => [s.name, s.sequence]),
  );
  const snap = (p: Omit<Point, 'deal_id' | 'day'>): DealSnapshot => ({
    stage: p.stage,
    stageOrder: p.stage !== null && order.has(p.stage) ? order.get(p.stage)! : null,
    amountHome: p.amount_home,
    probability: p.probability,
    closingDate: p.closing_date,
  });
  const from = fromDay(toDay(today) - DEMO_ALERT_DAYS - 1);
  // Each deal's snapshots in the window, then the deal now (dated today), oldest first.
  const points = sqlite
    .prepare<[string, string, string], Point>(
      `SELECT deal_id, day, stage, amount_home, probability, closing_date FROM deal_snapshots
         WHERE day >= ? AND day < ?
       UNION ALL
       SELECT id, ?, stage, amount_home, probability, closing_date FROM deals
       ORDER BY deal_id, day`,
    )
    .all(from, today, today);
  const found: { day: string; dealId: string; alert: ReturnType<typeof qualityAlerts>[number] }[] = [];
  for (let i = 1; i < points.length; i++) {
    const [prev, next] = [points[i - 1], points[i]];
    if (prev.deal_id !== next.deal_id) continue;
    for (const alert of qualityAlerts(snap(prev), snap(next), settings))
      found.push({ day: next.day, dealId: next.deal_id, alert });
  }
  // Oldest first, so the list (newest id first) reads newest first, as after real syncs.
  found.sort((a, b) => a.day.localeCompare(b.day) || a.dealId.localeCompare(b.dealId));
  const insert = sqlite.prepare(
    'INSERT INTO o2r_alerts (deal_id, kind, message, before, after, detected_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  sqlite.transaction(() => {
    for (const { day, dealId, alert } of found)
      insert.run(
        dealId,
        alert.kind,
        alert.message,
        alert.before === null ? null : JSON.stringify(alert.before),
        alert.after === null ? null : JSON.stringify(alert.after),
        // The morning sync of that day; today's found by the first sync just now.
        day === today ? new Date().toISOString() : `${day}T01:00:00.000Z`,
      );
  })();
  return found.length;
}
