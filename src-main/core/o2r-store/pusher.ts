/**
 * Pushes the outbox to Zoho, conflict-safe and crash-safe.
 *
 * Per batch of ≤ 100 records:
 * 1. Re-read the fields about to be written (COQL). For each edit: the CRM already holds the new
 *    value → confirmed, nothing written; the CRM still holds the value the edit was based on →
 *    to send; anything else → conflict (both values kept, the user chooses). A 'sent' edit left by
 *    a crash is reconciled the same way: Zoho has the value it carried → confirmed; else re-sent.
 * 2. Mark the edits 'sent' in their own transaction, committed before the PUT.
 * 3. PUT with If-Unmodified-Since = the newest Modified_Time just read: any record changed after
 *    the read (by a user, or by a PUT of a process that died) is stamped later, so Zoho refuses
 *    that record with ALREADY_MODIFIED (inside a 207 when others were written, a 412 when none
 *    were) instead of overwriting it. Together with step 1 this makes every edit land at most
 *    once, and a lost answer is settled by the next re-read.
 * 4. Per-record results: SUCCESS → confirmed; ALREADY_MODIFIED → back to pending, decided again
 *    from a fresh read in the next round (sent again, confirmed, or a conflict — never an
 *    overwrite, never a failed edit); another error → that record's edit failed with Zoho's code
 *    and message (the field Zoho blamed, when it names one; the record's other edits retry).
 * Network errors, 429 and 5xx leave the batch 'failed' but retryable, with backoff (Retry-After
 * honoured); only confirmation or the user's discard removes an edit from the outbox.
 */
import type { Database } from 'better-sqlite3';
import { CreditBudgetError, ZohoApiError, ZohoError, ZohoRateLimitError } from '../zoho/errors';
import { backoffDelay } from '../zoho/backoff';
import type { ZohoApi } from '../zoho/zoho-api';
import { PUT_MAX_RECORDS, putRecords, readRecords, type CrmRecordState, type PutResult } from './crm-records';
import { decodeValue, normalizeValue, type EditField } from './fields';
import type { EditRow, OutboxRepo } from './outbox-repo';
import type { Lease } from '../store/lease';

export interface PushScope {
  /** Only these deals (default: every deal with queued edits). */
  dealIds?: readonly string[];
  /** Only milestone fields. */
  milestonesOnly?: boolean;
  /** Asked for by the user: also retry failed edits whose retry is not due or that Zoho rejected. */
  force?: boolean;
  /** The connection just came back: retry what is waiting without waiting for its backoff. */
  ignoreBackoff?: boolean;
}

export interface PushReport {
  /** Edits looked at. */
  considered: number;
  confirmed: number;
  failed: number;
  conflicts: number;
  /** PUT calls made. */
  puts: number;
  /** True when Zoho could not be reached (edits stay queued). */
  offline: boolean;
  /** Another process holds the push lease; nothing was done. */
  busy: boolean;
  message: string | null;
}

export interface PusherOptions {
  now?: () => number;
  /** First retry delay; doubles per attempt up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Rounds per push (412s, follow-up edits made while a PUT was in flight). */
  maxRounds?: number;
}

const emptyReport = (): PushReport => ({
  considered: 0,
  confirmed: 0,
  failed: 0,
  conflicts: 0,
  puts: 0,
  offline: false,
  busy: false,
  message: null,
});

export class OutboxPusher {
  private readonly now: () => number;

  constructor(
    private readonly sqlite: Database,
    private readonly outbox: OutboxRepo,
    private readonly lease: Lease,
    private readonly opts: PusherOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  async push(api: ZohoApi, scope: PushScope = {}): Promise<PushReport> {
    const report = emptyReport();
    if (!this.lease.tryAcquire()) {
      report.busy = true;
      report.message = 'Another Pipeline Pulse process is sending edits to Zoho; try again in a moment.';
      return report;
    }
    try {
      const seen = new Set<number>();
      // Later rounds are for edits put back (412, a sibling field rejected, changed in flight);
      // an edit that failed in this push is not tried again until the next one.
      const settled = new Set<number>();
      for (let round = 0; round < (this.opts.maxRounds ?? 4); round++) {
        const rows = this.eligible(scope).filter((r) => !settled.has(r.id));
        if (rows.length === 0) break;
        for (const r of rows) seen.add(r.id);
        const stop = await this.pushRows(api, rows, report);
        for (const r of rows) {
          const now = this.outbox.get(r.id)?.status;
          if (now === 'failed' || now === 'conflict') settled.add(r.id);
        }
        if (stop) break;
      }
      report.considered = seen.size;
      return report;
    } finally {
      this.lease.release();
    }
  }

  /** Queued edits in scope that may go now; 'sent' ones are leftovers of an interrupted push. */
  private eligible(scope: PushScope): EditRow[] {
    const now = scope.ignoreBackoff ? Infinity : this.now();
    const rows = this.outbox.activeFor(scope.dealIds);
    return rows.filter((r) => {
      if (scope.milestonesOnly && r.milestone !== 1) return false;
      if (r.status === 'pending') return r.next_attempt_at <= now || scope.force === true;
      if (r.status === 'sent') return true;
      if (r.status === 'failed') return scope.force === true || (r.retryable === 1 && r.next_attempt_at <= now);
      return false;
    });
  }

  /** One round: batches of ≤ 100 records. Returns true when the push should stop (offline, auth). */
  private async pushRows(api: ZohoApi, rows: EditRow[], report: PushReport): Promise<boolean> {
    const byDeal = new Map<string, EditRow[]>();
    for (const r of rows) byDeal.set(r.deal_id, [...(byDeal.get(r.deal_id) ?? []), r]);
    const deals = [...byDeal.keys()];
    for (let i = 0; i < deals.length; i += PUT_MAX_RECORDS) {
      this.lease.renew();
      const chunk = deals.slice(i, i + PUT_MAX_RECORDS);
      const edits = chunk.flatMap((d) => byDeal.get(d)!);
      let read: Map<string, CrmRecordState>;
      try {
        read = await readRecords(api, chunk, [...new Set(edits.map((e) => e.api_name))]);
      } catch (error) {
        if (error instanceof ZohoApiError && error.status === 400) {
          // The read itself was refused (e.g. a mapped field Zoho does not know): retrying cannot help.
          for (const e of edits) this.outbox.fail(e.id, { code: error.code, message: error.message }, false, 0);
          report.failed += edits.length;
          continue;
        }
        // Nothing was sent: leftovers stay 'sent' (reconciled next time), the rest wait, backing off.
        return this.unreachable(error, [], report, edits);
      }
      const toSend = this.decide(edits, read, report);
      if (toSend.length === 0) continue;
      this.outbox.markSent(toSend.map((e) => e.id));
      const sent = toSend.map((e) => this.outbox.get(e.id)!).filter((e) => e.status === 'sent');
      const records = buildRecords(sent);
      const ius = newest(chunk.map((d) => read.get(d)?.modifiedTime ?? null));
      let results: PutResult[];
      try {
        report.puts++;
        results = await putRecords(api, records, ius);
      } catch (error) {
        if (error instanceof ZohoApiError && error.status === 412) {
          // Changed after our read, without per-record results: all back to pending, re-read next round.
          for (const e of sent) this.outbox.requeue(e.id);
          continue;
        }
        if (error instanceof ZohoApiError && error.status === 400) {
          // Refused as a whole, with no per-record results: every edit failed with Zoho's reason.
          for (const e of sent) this.outbox.fail(e.id, { code: error.code, message: error.message }, false, 0);
          report.failed += sent.length;
          continue;
        }
        return this.unreachable(error, sent, report);
      }
      this.settle(sent, results, report);
    }
    return false;
  }

  /** Step 1: compare each edit with what the CRM holds now. Returns the edits to write. */
  private decide(edits: EditRow[], read: Map<string, CrmRecordState>, report: PushReport): EditRow[] {
    const toSend: EditRow[] = [];
    for (const e of edits) {
      const rec = read.get(e.deal_id);
      if (!rec) {
        this.outbox.fail(
          e.id,
          { code: 'RECORD_NOT_FOUND', message: 'The deal no longer exists in Zoho CRM (deleted?)' },
          false,
          0,
        );
        report.failed++;
        continue;
      }
      const field = e.field as EditField;
      const crm = normalizeValue(field, rec.values[e.api_name]);
      if (e.status === 'sent' && e.sent_value !== null && crm === normalizeValue(field, decodeValue(e.sent_value))) {
        this.outbox.confirm(e.id, rec.modifiedTime); // the interrupted PUT did land
        if (this.outbox.get(e.id)?.status === 'confirmed') report.confirmed++;
        continue;
      }
      const mine = normalizeValue(field, decodeValue(e.new_value));
      const base = normalizeValue(field, decodeValue(e.base_value));
      if (crm === mine) {
        this.outbox.requeue(e.id);
        this.outbox.confirm(e.id, rec.modifiedTime); // Zoho already holds it: nothing to write
        report.confirmed++;
      } else if (crm === base) {
        toSend.push(e);
      } else {
        this.outbox.conflict(e.id, crm, rec.modifiedTime);
        report.conflicts++;
      }
    }
    return toSend;
  }

  /** Step 4: per-record results. */
  private settle(sent: EditRow[], results: PutResult[], report: PushReport): void {
    const byDeal = new Map<string, EditRow[]>();
    for (const e of sent) byDeal.set(e.deal_id, [...(byDeal.get(e.deal_id) ?? []), e]);
    this.sqlite.transaction(() => {
      for (const r of results) {
        const edits = byDeal.get(r.id) ?? [];
        if (r.ok) {
          for (const e of edits) {
            this.outbox.confirm(e.id, r.modifiedTime);
            if (this.outbox.get(e.id)?.status === 'confirmed') report.confirmed++;
          }
          continue;
        }
        if (r.changedInCrm) {
          // Not written: someone changed the deal after our read. Decide again from a fresh read.
          for (const e of edits) this.outbox.requeue(e.id);
          continue;
        }
        const error = { code: r.code, message: `${r.code}: ${r.message}${r.apiName ? ` (${r.apiName})` : ''}` };
        const blamed = r.apiName ? edits.filter((e) => e.api_name === r.apiName) : [];
        const failing = blamed.length > 0 ? blamed : edits;
        for (const e of edits) {
          if (failing.includes(e)) {
            this.outbox.fail(e.id, error, false, 0);
            report.failed++;
          } else {
            // Not written because another field of the record was rejected: it goes out alone next round.
            this.outbox.requeue(e.id);
          }
        }
      }
    })();
  }

  /**
   * Zoho could not be reached or refused the sign-in. Edits that were sent may or may not have
   * landed: they become 'failed' (retryable) and the next push re-reads before writing again.
   */
  private unreachable(error: unknown, sent: EditRow[], report: PushReport, unsent: EditRow[] = []): boolean {
    const e = error as Error & { code?: string };
    const retryable = error instanceof ZohoError ? error.retryable : false;
    const authProblem = ['RECONNECT_NEEDED', 'NOT_CONNECTED', 'OAUTH_SCOPE_MISMATCH', 'TOKEN_RATE_LIMITED'].includes(
      e.code ?? '',
    );
    const retryAfter =
      error instanceof ZohoRateLimitError || error instanceof CreditBudgetError ? error.retryAfterMs : null;
    for (const u of unsent) {
      // Never sent: still pending, with the reason and a backed-off retry time.
      if (u.status === 'sent') continue;
      this.outbox.requeue(u.id, this.now() + this.backoff(u.attempts + 1, retryAfter), {
        code: e.code ?? 'ERROR',
        message: e.message,
      });
    }
    for (const s of sent) {
      const attempts = (this.outbox.get(s.id)?.attempts ?? 1) || 1;
      const notBefore = this.now() + this.backoff(attempts, retryAfter);
      if (retryable || authProblem)
        this.outbox.fail(s.id, { code: e.code ?? 'ERROR', message: e.message }, true, notBefore);
      else this.outbox.fail(s.id, { code: e.code ?? 'ERROR', message: e.message }, false, 0);
    }
    report.offline = retryable || authProblem;
    report.message = e.message;
    return true;
  }

  /** The wait before attempt number `attempts` (1 = the first retry): the client's backoff formula. */
  backoff(attempts: number, retryAfterMs: number | null = null): number {
    const policy = { baseMs: this.opts.baseBackoffMs ?? 5_000, maxMs: this.opts.maxBackoffMs ?? 15 * 60_000 };
    // Integer ms: next_attempt_at is a STRICT INTEGER column.
    return Math.round(backoffDelay(Math.max(0, attempts - 1), policy, retryAfterMs));
  }
}

/** One record per deal, carrying every field sent for it. */
function buildRecords(sent: EditRow[]): Record<string, unknown>[] {
  const byDeal = new Map<string, Record<string, unknown>>();
  for (const e of sent) {
    const rec = byDeal.get(e.deal_id) ?? { id: e.deal_id };
    rec[e.api_name] = decodeValue(e.sent_value ?? e.new_value);
    byDeal.set(e.deal_id, rec);
  }
  return [...byDeal.values()];
}

/** The latest of some Zoho timestamps (compared as instants), or null. */
function newest(times: (string | null)[]): string | null {
  let best: string | null = null;
  let bestMs = -Infinity;
  for (const t of times) {
    if (!t) continue;
    const ms = Date.parse(t);
    if (ms > bestMs) {
      bestMs = ms;
      best = t;
    }
  }
  return best;
}
