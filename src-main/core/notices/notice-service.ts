/**
 * Notices after each sync (README "Notifications"): when the scheduler's run ends, gather what the
 * user should hear about — the run failed in a way only they can fix, Zoho wants a new sign-in,
 * opportunities turned RED or BLOCKED since the previous sync, edits Zoho refused or that hit a
 * conflict since the previous notice — and emit at most one `notice` event for it. Every host shows
 * it (the desktop app also as an OS notification). The last ten stay listed until dismissed.
 *
 * What was already said is kept in `sync_state` (so a restart does not repeat it): the last problem
 * announced (the same failure every 15 minutes is said once, until a sync succeeds), the RED/BLOCKED
 * set of the previous sync, and the time of the newest edit outcome announced.
 */
import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Notice } from '../../../src-shared/contract/notice-schemas';
import { Hook } from '../events/hook';
import type { O2RService } from '../o2r-store/o2r-service';
import type { SettingsRepo } from '../settings/settings-repo';
import type { RunResult } from '../sync/engine';
import { SyncKv } from '../sync/state-kv';
import type { SyncService } from '../sync/sync-service';
import { buildNotice, type RejectedEdit, type SyncFindings } from './build-notice';
import { sameSnapshot, troubledSnapshot, worsenedSince, type TroubledBefore } from './health-watch';

const KEY = {
  lastProblem: 'notices.last_problem',
  troubled: 'notices.troubled',
  editsSeenAt: 'notices.edits_seen_at',
} as const;

const KEEP = 10;

export interface NoticeServiceOptions {
  sqlite: Database;
  settings: SettingsRepo;
  o2r: O2RService;
  sync: SyncService;
  now?: () => Date;
}

export class NoticeService {
  readonly events = {
    /** A notice to show (every host; the desktop app also as an OS notification). */
    notice: new Hook<Notice>(),
    /** A notice was dismissed. */
    dismissed: new Hook<{ id: string }>(),
  };
  private readonly kv: SyncKv;
  private recent: Notice[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(private readonly opts: NoticeServiceOptions) {
    this.kv = new SyncKv(opts.sqlite);
    this.unsubscribe = opts.sync.onRunEnded((r) => {
      this.chain = this.chain.then(() => this.runEnded(r)).catch(() => undefined);
    });
  }

  /** Newest first. */
  list(): Notice[] {
    return this.recent.map((n) => ({ ...n }));
  }

  dismiss(id: string): boolean {
    const n = this.recent.find((x) => x.id === id);
    if (!n || n.dismissed) return false;
    n.dismissed = true;
    this.events.dismissed.emit({ id });
    return true;
  }

  /** Waits until every ended run has been looked at (tests, shutdown). */
  async idle(): Promise<void> {
    await this.chain;
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
  }

  /** Looks at one ended run; returns the notice it emitted, if any. */
  async runEnded(r: RunResult): Promise<Notice | null> {
    if (this.closed || r.failure === 'cancelled') return null;
    const findings: SyncFindings = { worsened: [], rejectedEdits: [] };
    this.problemOf(r, findings);
    findings.rejectedEdits = this.newEditProblems();
    if (r.status === 'ok') findings.worsened = this.newlyTroubled();
    const now = (this.opts.now ?? (() => new Date()))();
    const notice = buildNotice(findings, this.opts.settings.get(), {
      id: crypto.randomUUID(),
      at: now.toISOString(),
    });
    if (!notice || this.closed) return null;
    this.recent = [notice, ...this.recent].slice(0, KEEP);
    this.events.notice.emit(notice);
    return notice;
  }

  /** A failure only the user can fix, said once until a sync succeeds (or a different one comes). */
  private problemOf(r: RunResult, findings: SyncFindings): void {
    let key: string | null = null;
    if (r.failure === 'reconnect') {
      key = 'reconnect';
      findings.reconnectNeeded = { message: r.reason ?? 'Zoho CRM no longer accepts the sign-in.' };
    } else if (r.failure === 'failsafe') {
      const pending = this.opts.sync.engine.failsafe();
      if (pending?.kept) return; // the user kept the data for this very question: not asked again
      key = `failsafe:${pending?.at ?? r.reason}`;
      if (pending) findings.failsafe = { removals: pending.removals, localCount: pending.localCount };
    } else if (r.status === 'failed' && r.failure === 'error') {
      key = `error:${r.errorCode ?? r.reason}`;
      findings.syncFailed = { message: r.reason ?? 'The sync stopped with an error.' };
    } else if (r.status === 'ok') {
      this.kv.delete(KEY.lastProblem);
      return;
    }
    if (key === null) return; // offline, skipped: the status bar and the tray say so, no notice
    if (this.kv.get<string>(KEY.lastProblem) === key) {
      delete findings.reconnectNeeded;
      delete findings.failsafe;
      delete findings.syncFailed;
      return;
    }
    this.kv.set(KEY.lastProblem, key);
  }

  private newEditProblems(): RejectedEdit[] {
    const since = this.kv.get<string>(KEY.editsSeenAt) ?? '';
    const rows = this.opts.o2r.outbox.problemsSince(since);
    if (!rows.length) return [];
    this.kv.set(KEY.editsSeenAt, rows[rows.length - 1].updated_at);
    return rows.map((e) => ({
      dealId: e.deal_id,
      dealName: e.deal_name,
      field: e.field,
      status: e.status === 'conflict' ? 'conflict' : 'failed',
      message: e.error_message,
    }));
  }

  private newlyTroubled() {
    const now = this.opts.o2r.troubled();
    const before = this.kv.get<TroubledBefore>(KEY.troubled);
    const snapshot = troubledSnapshot(now);
    if (!sameSnapshot(before, snapshot)) this.kv.set(KEY.troubled, snapshot);
    return worsenedSince(before, now);
  }
}
