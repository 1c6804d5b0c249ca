/**
 * Data-quality alerts between consecutive syncs of a deal (amount ±50 %, probability −30 points,
 * closing date +90 days, stage backwards; thresholds are O2R settings). Each deal's values at the
 * previous sync are kept in `o2r_deal_prev`; a row the sync rewrote since (`synced_at` newer) is
 * compared with them, alerts are stored, and the new values become the previous ones, all in one
 * transaction. Only values from Zoho are compared: local edits never touch `synced_at`.
 */
import type { Database } from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { O2rAlertsTable } from '../store/schema';
import { qualityAlerts, type DealSnapshot, type O2RSettings, type QualityAlertKind } from '../o2r/index';

export interface StoredAlert {
  id: number;
  dealId: string;
  dealName: string | null;
  kind: QualityAlertKind;
  message: string;
  before: string | number | null;
  after: string | number | null;
  detectedAt: string;
}

interface Row {
  id: string;
  stage: string | null;
  amount_home: number | null;
  probability: number | null;
  closing_date: string | null;
  synced_at: string;
  p_id: string | null;
  p_stage: string | null;
  p_amount_home: number | null;
  p_probability: number | null;
  p_closing_date: string | null;
}

/** Rows compared per transaction. */
const DETECT_BATCH = 5000;

export class QualityAlertsRepo {
  constructor(private readonly sqlite: Database) {}

  /** Compares every deal the sync rewrote with its previous values. Returns the alerts found. */
  detect(settings: O2RSettings, at = new Date().toISOString()): number {
    const order = new Map(
      (this.sqlite.prepare('SELECT name, sequence FROM deal_stages').all() as { name: string; sequence: number }[]).map(
        (s) => [s.name, s.sequence],
      ),
    );
    const snap = (
      stage: string | null,
      amount: number | null,
      probability: number | null,
      closing: string | null,
    ): DealSnapshot => ({
      stage,
      stageOrder: stage !== null && order.has(stage) ? order.get(stage)! : null,
      amountHome: amount,
      probability,
      closingDate: closing,
    });
    // Keyset batches in id order: after a first sync of 1,000,000 deals every row is new, and
    // reading them in one array would hold some 300 MB. A batch's prev rows and alerts commit
    // together; a crash in between leaves the rest for the next detect (they still differ).
    const batch = this.sqlite.prepare(
      `SELECT d.id, d.stage, d.amount_home, d.probability, d.closing_date, d.synced_at,
              p.deal_id AS p_id, p.stage AS p_stage, p.amount_home AS p_amount_home, p.probability AS p_probability,
              p.closing_date AS p_closing_date
       FROM deals d LEFT JOIN o2r_deal_prev p ON p.deal_id = d.id
       WHERE (p.deal_id IS NULL OR d.synced_at > p.synced_at) AND d.id > ?
       ORDER BY d.id LIMIT ?`,
    );
    const ins = this.sqlite.prepare(
      'INSERT INTO o2r_alerts (deal_id, kind, message, before, after, detected_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const prev = this.sqlite.prepare(
      `INSERT INTO o2r_deal_prev (deal_id, stage, amount_home, probability, closing_date, synced_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(deal_id) DO UPDATE SET stage = excluded.stage, amount_home = excluded.amount_home, probability = excluded.probability,
         closing_date = excluded.closing_date, synced_at = excluded.synced_at`,
    );
    let found = 0;
    for (let after = ''; ;) {
      const rows = batch.all(after, DETECT_BATCH) as Row[];
      this.sqlite.transaction(() => {
        for (const r of rows) {
          if (r.p_id !== null) {
            const alerts = qualityAlerts(
              snap(r.p_stage, r.p_amount_home, r.p_probability, r.p_closing_date),
              snap(r.stage, r.amount_home, r.probability, r.closing_date),
              settings,
            );
            for (const a of alerts) {
              ins.run(
                r.id,
                a.kind,
                a.message,
                a.before === null ? null : JSON.stringify(a.before),
                a.after === null ? null : JSON.stringify(a.after),
                at,
              );
              found++;
            }
          }
          prev.run(r.id, r.stage, r.amount_home, r.probability, r.closing_date, r.synced_at);
        }
      })();
      if (rows.length < DETECT_BATCH) break;
      after = rows[rows.length - 1].id;
    }
    this.sqlite.exec('DELETE FROM o2r_deal_prev WHERE deal_id NOT IN (SELECT id FROM deals)');
    return found;
  }

  list(filter: { since: string; dealId?: string; limit: number }): StoredAlert[] {
    const rows = this.sqlite
      .prepare(
        `SELECT a.id, a.deal_id, d.name AS deal_name, a.kind, a.message, a.before, a.after, a.detected_at
         FROM o2r_alerts a LEFT JOIN deals d ON d.id = a.deal_id
         WHERE a.detected_at >= ? ${filter.dealId ? 'AND a.deal_id = ?' : ''}
         ORDER BY a.id DESC LIMIT ?`,
      )
      .all(
        ...[filter.since, ...(filter.dealId ? [filter.dealId] : []), filter.limit],
      ) as (Selectable<O2rAlertsTable> & {
      kind: QualityAlertKind;
      deal_name: string | null;
    })[];
    return rows.map((r) => ({
      id: r.id,
      dealId: r.deal_id,
      dealName: r.deal_name,
      kind: r.kind,
      message: r.message,
      before: r.before === null ? null : (JSON.parse(r.before) as string | number),
      after: r.after === null ? null : (JSON.parse(r.after) as string | number),
      detectedAt: r.detected_at,
    }));
  }
}
