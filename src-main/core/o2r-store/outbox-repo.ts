/**
 * The write-back outbox (`o2r_edits`), synchronous on purpose: every state change is one short
 * SQLite transaction, so a crash leaves each edit in exactly one well-defined state.
 *
 * Lifecycle: pending → sent (committed *before* the PUT) → confirmed | failed | conflict | pending.
 * An edit leaves the outbox only when Zoho confirmed it (status 'confirmed', kept as history) or
 * the user discarded it (row deleted).
 */
import type { Database } from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { O2rEditsTable } from '../store/schema';
import { decodeValue, encodeValue, type EditField, type FieldValue } from './fields';

export const EDIT_STATUSES = ['pending', 'sent', 'failed', 'conflict', 'confirmed'] as const;
export type EditStatus = (typeof EDIT_STATUSES)[number];

/** A row of `o2r_edits` (schema.ts), with its field narrowed to the ones an edit may change. */
export type EditRow = Omit<Selectable<O2rEditsTable>, 'field'> & { field: EditField };

/** An edit as the API shows it. */
export interface EditView {
  id: number;
  dealId: string;
  field: EditField;
  apiName: string;
  milestone: boolean;
  baseValue: FieldValue;
  newValue: FieldValue;
  status: EditStatus;
  /** The CRM's value when it differs from the base (conflict), else null. */
  crmValue: FieldValue;
  crmModifiedTime: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Failed but retried by itself (unreachable, 429, 5xx); false when Zoho refused the value. */
  retryable: boolean;
  attempts: number;
  /** When an automatic retry is due (failed, retryable), ISO; null otherwise. */
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  confirmedAt: string | null;
}

export function toEditView(r: EditRow): EditView {
  return {
    id: r.id,
    dealId: r.deal_id,
    field: r.field,
    apiName: r.api_name,
    milestone: r.milestone === 1,
    baseValue: decodeValue(r.base_value),
    newValue: decodeValue(r.new_value),
    status: r.status,
    crmValue: r.status === 'conflict' ? decodeValue(r.crm_value) : null,
    crmModifiedTime: r.crm_modified_time,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    retryable: r.status === 'failed' && r.retryable === 1,
    attempts: r.attempts,
    nextAttemptAt:
      (r.status === 'pending' || (r.status === 'failed' && r.retryable === 1)) && r.next_attempt_at > 0
        ? new Date(r.next_attempt_at).toISOString()
        : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
    confirmedAt: r.confirmed_at,
  };
}

export interface OutboxSummary {
  pending: number;
  sent: number;
  failed: number;
  conflict: number;
  /** Everything not yet confirmed. */
  queued: number;
  confirmedLast24h: number;
  oldestQueuedAt: string | null;
  /** Earliest automatic retry due, ISO. */
  nextAttemptAt: string | null;
}

const nowIso = () => new Date().toISOString();

export class OutboxRepo {
  constructor(private readonly sqlite: Database) {}

  get(id: number): EditRow | undefined {
    return this.sqlite.prepare('SELECT * FROM o2r_edits WHERE id = ?').get(id) as EditRow | undefined;
  }

  active(dealId: string, field: EditField): EditRow | undefined {
    return this.sqlite
      .prepare("SELECT * FROM o2r_edits WHERE deal_id = ? AND field = ? AND status <> 'confirmed'")
      .get(dealId, field) as EditRow | undefined;
  }

  /** Active (not confirmed) edits of some deals, or of all deals. */
  activeFor(dealIds?: readonly string[]): EditRow[] {
    if (!dealIds)
      return this.sqlite.prepare("SELECT * FROM o2r_edits WHERE status <> 'confirmed' ORDER BY id").all() as EditRow[];
    const out: EditRow[] = [];
    const stmt = this.sqlite.prepare("SELECT * FROM o2r_edits WHERE deal_id = ? AND status <> 'confirmed' ORDER BY id");
    for (const id of new Set(dealIds)) out.push(...(stmt.all(id) as EditRow[]));
    return out;
  }

  /**
   * Edits Zoho refused (failed and not retryable: INVALID_DATA and the like) or that hit a conflict,
   * whose state changed after `sinceIso`, oldest first, with their deal's name (for notices).
   */
  problemsSince(sinceIso: string, limit = 100): (EditRow & { deal_name: string | null })[] {
    return this.sqlite
      .prepare(
        `SELECT e.*, d.name AS deal_name FROM o2r_edits e LEFT JOIN deals d ON d.id = e.deal_id
         WHERE (e.status = 'conflict' OR (e.status = 'failed' AND e.retryable = 0)) AND e.updated_at > ?
         ORDER BY e.updated_at, e.id LIMIT ?`,
      )
      .all(sinceIso, limit) as (EditRow & { deal_name: string | null })[];
  }

  list(filter: { dealId?: string; statuses?: readonly EditStatus[]; limit: number }): EditRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.dealId) {
      where.push('deal_id = ?');
      params.push(filter.dealId);
    }
    if (filter.statuses?.length) {
      where.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
      params.push(...filter.statuses);
    }
    const sql = `SELECT * FROM o2r_edits ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return this.sqlite.prepare(sql).all(...params, filter.limit) as EditRow[];
  }

  insert(e: {
    dealId: string;
    field: EditField;
    apiName: string;
    milestone: boolean;
    base: FieldValue;
    baseModifiedTime: string | null;
    value: FieldValue;
    at: string;
  }): number {
    const r = this.sqlite
      .prepare(
        `INSERT INTO o2r_edits (deal_id, field, api_name, milestone, base_value, base_modified_time, new_value, status,
           created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(
        e.dealId,
        e.field,
        e.apiName,
        e.milestone ? 1 : 0,
        encodeValue(e.base),
        e.baseModifiedTime,
        encodeValue(e.value),
        e.at,
        e.at,
      );
    return Number(r.lastInsertRowid);
  }

  /** A new value for an active edit; `rebase` also replaces the value it is based on. */
  revise(id: number, value: FieldValue, status: EditStatus, at: string, rebase?: FieldValue): void {
    this.sqlite
      .prepare(
        `UPDATE o2r_edits SET new_value = ?, status = ?, updated_at = ?,
           base_value = CASE WHEN ? THEN ? ELSE base_value END,
           error_code = CASE WHEN ? = 'sent' THEN error_code ELSE NULL END,
           error_message = CASE WHEN ? = 'sent' THEN error_message ELSE NULL END,
           crm_value = CASE WHEN ? = 'sent' THEN crm_value ELSE NULL END,
           retryable = 1, next_attempt_at = CASE WHEN ? = 'sent' THEN next_attempt_at ELSE 0 END
         WHERE id = ?`,
      )
      .run(
        encodeValue(value),
        status,
        at,
        rebase === undefined ? 0 : 1,
        encodeValue(rebase ?? null),
        status,
        status,
        status,
        status,
        id,
      );
  }

  delete(id: number): void {
    this.sqlite.prepare('DELETE FROM o2r_edits WHERE id = ?').run(id);
  }

  /** Claims edits for a PUT: status 'sent', the value in flight remembered. One transaction. */
  markSent(ids: readonly number[]): void {
    const at = nowIso();
    const stmt = this.sqlite.prepare(
      `UPDATE o2r_edits SET status = 'sent', sent_value = new_value, sent_at = ?, updated_at = ?,
         attempts = attempts + 1
       WHERE id = ? AND status IN ('pending', 'failed', 'sent')`,
    );
    this.sqlite.transaction(() => {
      for (const id of ids) stmt.run(at, at, id);
    })();
  }

  /**
   * Zoho holds `sent_value` now. If the user changed the value while the PUT was in flight, the
   * edit goes back to pending, based on what Zoho now holds; otherwise it is confirmed.
   */
  confirm(id: number, crmModifiedTime: string | null): void {
    const at = nowIso();
    const r = this.get(id);
    if (!r) return;
    const landed = r.sent_value ?? r.new_value;
    if (landed !== r.new_value) {
      this.sqlite
        .prepare(
          `UPDATE o2r_edits SET status = 'pending', base_value = ?, base_modified_time = ?, sent_value = NULL,
             error_code = NULL, error_message = NULL, next_attempt_at = 0, updated_at = ?
           WHERE id = ?`,
        )
        .run(landed, crmModifiedTime, at, id);
      return;
    }
    this.sqlite
      .prepare(
        `UPDATE o2r_edits SET status = 'confirmed', confirmed_at = ?, crm_modified_time = ?, sent_value = NULL,
           error_code = NULL, error_message = NULL, crm_value = NULL, updated_at = ?
         WHERE id = ?`,
      )
      .run(at, crmModifiedTime, at, id);
  }

  /** Back to pending (not sent after all, or sent but not landed), optionally not before `notBefore`. */
  requeue(id: number, notBefore = 0, error?: { code: string; message: string }): void {
    this.sqlite
      .prepare(
        `UPDATE o2r_edits SET status = 'pending', sent_value = NULL, next_attempt_at = ?, error_code = ?,
           error_message = ?, updated_at = ?
         WHERE id = ? AND status <> 'confirmed'`,
      )
      .run(notBefore, error?.code ?? null, error?.message ?? null, nowIso(), id);
  }

  fail(id: number, error: { code: string; message: string }, retryable: boolean, notBefore: number): void {
    this.sqlite
      .prepare(
        `UPDATE o2r_edits SET status = 'failed', sent_value = NULL, error_code = ?, error_message = ?,
           retryable = ?, next_attempt_at = ?, updated_at = ?
         WHERE id = ? AND status <> 'confirmed'`,
      )
      .run(error.code, error.message, retryable ? 1 : 0, notBefore, nowIso(), id);
  }

  conflict(id: number, crmValue: FieldValue, crmModifiedTime: string | null): void {
    this.sqlite
      .prepare(
        `UPDATE o2r_edits SET status = 'conflict', sent_value = NULL, crm_value = ?, crm_modified_time = ?,
           error_code = 'CONFLICT', error_message = ?, updated_at = ?
         WHERE id = ? AND status <> 'confirmed'`,
      )
      .run(
        encodeValue(crmValue),
        crmModifiedTime,
        'The field was changed in Zoho CRM after this edit was made',
        nowIso(),
        id,
      );
  }

  summary(): OutboxSummary {
    const counts = this.sqlite
      .prepare("SELECT status, count(*) AS n FROM o2r_edits WHERE status <> 'confirmed' GROUP BY status")
      .all() as { status: EditStatus; n: number }[];
    const by = Object.fromEntries(counts.map((c) => [c.status, c.n])) as Partial<Record<EditStatus, number>>;
    const since = new Date(Date.now() - 24 * 3600_000).toISOString();
    const confirmed = this.sqlite
      .prepare("SELECT count(*) FROM o2r_edits WHERE status = 'confirmed' AND confirmed_at >= ?")
      .pluck()
      .get(since) as number;
    const oldest = this.sqlite
      .prepare("SELECT min(created_at) FROM o2r_edits WHERE status <> 'confirmed'")
      .pluck()
      .get() as string | null;
    const next = this.sqlite
      .prepare(
        `SELECT min(next_attempt_at)
         FROM o2r_edits
         WHERE ((status = 'failed' AND retryable = 1) OR status = 'pending') AND next_attempt_at > 0`,
      )
      .pluck()
      .get() as number | null;
    const pending = by.pending ?? 0;
    const sent = by.sent ?? 0;
    const failed = by.failed ?? 0;
    const conflict = by.conflict ?? 0;
    return {
      pending,
      sent,
      failed,
      conflict,
      queued: pending + sent + failed + conflict,
      confirmedLast24h: confirmed,
      oldestQueuedAt: oldest,
      nextAttemptAt: next ? new Date(next).toISOString() : null,
    };
  }

  /** Deal id → worst active status, for the list's "sync" badge. */
  dealStates(): Map<string, EditStatus> {
    const rank: Record<EditStatus, number> = { conflict: 4, failed: 3, sent: 2, pending: 1, confirmed: 0 };
    const out = new Map<string, EditStatus>();
    for (const r of this.sqlite.prepare("SELECT deal_id, status FROM o2r_edits WHERE status <> 'confirmed'").all() as {
      deal_id: string;
      status: EditStatus;
    }[]) {
      const cur = out.get(r.deal_id);
      if (!cur || rank[r.status] > rank[cur]) out.set(r.deal_id, r.status);
    }
    return out;
  }
}
