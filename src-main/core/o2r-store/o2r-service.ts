/**
 * The O2R service: opportunities computed from the cached deals (recomputed as deals change),
 * local O2R data, milestone edits with their write-back outbox, the weekly review, data-quality
 * alerts and the O2R settings. Hosts reach it through the `o2r.*` API calls and `pulse o2r`.
 *
 * The core wires it to typed hooks (core-context.ts): the sync engine's pages and DealsChange →
 * recompute those deals, look for quality alerts, keep queued edits visible on the rewritten rows;
 * home amounts recomputed → recompute everything; a run ended or the connection back → push what
 * is queued. It announces its own changes on `events.changed` (the renderer hears 'o2r', and
 * 'deals' when an edit changed a deal row).
 */
import type { Database } from 'better-sqlite3';
import { Hook } from '../events/hook';
import {
  weekOf,
  type O2RSettings,
  type O2RSettingsPatch,
  type Opportunity,
  type ReviewRow,
  type RowWindow,
  type WeeklyReview,
} from '../o2r/index';
import type { ConnectionState } from '../connection/connection-service';
import type { DealsChange } from '../sync/engine';
import type { ZohoApi } from '../zoho/zoho-api';
import { applyEdit, type EditChanges } from './apply-edit';
import { EditStateError, NotFoundError } from './errors';
import { DEAL_COLUMN, decodeValue, resolveApiNames, type EditField } from './fields';
import { HealthHistory } from './health-history';
import { boardColumns, type BoardArgs } from './board-query';
import { listOpportunities, type ListArgs, type ListResult } from './list-query';
import { LocalDataRepo } from './local-data';
import { OpportunityCache } from './opportunity-cache';
import { CLOSED_LOST, HEALTH_CODE, LIVE } from './opportunity-columns';
import { OutboxRepo, toEditView, type EditStatus, type EditView, type OutboxSummary } from './outbox-repo';
import { Lease } from '../store/lease';
import { PushScheduler } from './push-scheduler';
import { OutboxPusher, type PushReport, type PushScope, type PusherOptions } from './pusher';
import { QualityAlertsRepo } from './quality-alerts';
import { buildWeeklyReview, reviewContext } from './review-builder';
import {
  indexReview,
  queryReview,
  reviewRowsAt,
  reviewRowsOf,
  updateReview,
  type ReviewIndex,
  type ReviewQuery,
} from './review-query';
import { O2RSettingsStore } from './settings-store';
import { toSummary } from './summary';

export interface O2RServiceOptions {
  sqlite: Database;
  /** The Zoho client when an account (or the demo sandbox) is connected, else null. */
  api: () => ZohoApi | null;
  /** The user's calendar day, 'YYYY-MM-DD' (default: the local date). */
  today?: () => string;
  /** Push by itself after edits, on reconnect and when retries fall due (the app: yes; the CLI: no). */
  autoPush?: boolean;
  pusher?: PusherOptions;
  pushDebounceMs?: number;
  /** A read-only data folder: opportunities are computed, but the weekly health history is not recorded. */
  readOnly?: boolean;
}

/**
 * Only one process may push a data folder's outbox at a time (the app and `pulse o2r push` can both
 * run): two pushers could both re-read a record, both see the base value and both write.
 */
const PUSH_LEASE_MS = 60_000;

export function localToday(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export interface OutboxGroup {
  dealId: string;
  name: string | null;
  accountName: string | null;
  edits: EditView[];
}

export interface OpportunityDetail {
  opportunity: Opportunity & { syncState: ReturnType<typeof toSummary>['syncState'] };
  /** Each editable field's Zoho API name, null where the org maps none. */
  fields: Record<EditField, string | null>;
  blockers: ReturnType<LocalDataRepo['blockers']>;
  comments: ReturnType<LocalDataRepo['comments']>;
  edits: EditView[];
  alerts: ReturnType<QualityAlertsRepo['list']>;
}

/** What changed in the O2R data (for the renderer's reload and for people reading logs). */
export type O2RChangeReason =
  | 'milestones edited'
  | 'pushed to Zoho'
  | 'conflict resolved'
  | 'edit discarded'
  | 'blocker added'
  | 'blocker resolved'
  | 'comment added'
  | 'strategic flag set'
  | 'review note'
  | 'reviewed'
  | 'review history'
  | 'settings updated'
  | 'deals synced';

export class O2RService {
  readonly events = {
    /** O2R data changed; `deals` when a deal row changed too (an edit, a resolved conflict). */
    changed: new Hook<{ reason: O2RChangeReason; deals: boolean }>(),
  };
  readonly settings: O2RSettingsStore;
  readonly outbox: OutboxRepo;
  readonly local: LocalDataRepo;
  readonly alertsRepo: QualityAlertsRepo;
  readonly history: HealthHistory;
  readonly cache: OpportunityCache;
  readonly pusher: OutboxPusher;
  private readonly scheduler: PushScheduler | null;
  private readonly sqlite: Database;
  private readonly today: () => string;
  private chain: Promise<unknown> = Promise.resolve();
  private pushing = 0;
  private lastPush: { at: string; message: string | null; offline: boolean } | null = null;
  private syncPending = false;
  private syncTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /**
   * What changed in O2R data since the review index was built (changed()): a few deals (the index
   * recounts their rows) or anything ('all': it is built again).
   */
  private reviewStale: Set<string> | 'all' = 'all';
  private indexed: { key: string; index: ReviewIndex } | null = null;

  constructor(private opts: O2RServiceOptions) {
    this.sqlite = opts.sqlite;
    this.today = opts.today ?? (() => localToday());
    this.settings = new O2RSettingsStore(this.sqlite);
    this.outbox = new OutboxRepo(this.sqlite);
    this.local = new LocalDataRepo(this.sqlite);
    this.alertsRepo = new QualityAlertsRepo(this.sqlite);
    this.cache = new OpportunityCache(this.sqlite, this.settings, this.today, (rows, count, today) => {
      if (!opts.readOnly) this.history.record(rows, count, today);
    });
    const cache = this.cache;
    this.history = new HealthHistory(this.sqlite, () => ({
      layout: cache.layout,
      ids: cache.current.ids,
      health: cache.current.health,
      rowOf: (id) => cache.current.rowOf(id),
    }));
    this.pusher = new OutboxPusher(
      this.sqlite,
      this.outbox,
      new Lease(this.sqlite, 'o2r_push_lease', PUSH_LEASE_MS),
      opts.pusher,
    );
    this.scheduler = opts.autoPush ? new PushScheduler((urgent) => this.autoPush(urgent), opts.pushDebounceMs) : null;
  }

  /** Starts automatic pushing (app hosts): edits queued by an earlier run (or offline) go out. */
  start(): void {
    if (this.outbox.summary().queued > 0) this.scheduler?.soon();
  }

  close(): void {
    this.closed = true;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.scheduler?.close();
    this.history.flush(); // the week's health still being written in slices goes to disk now
  }

  /** Resolves once the week's health history computed so far is on disk (tests, benchmarks). */
  historyWritten(): Promise<void> {
    return this.history.settled();
  }

  /** Waits for pushes already started (tests, shutdown). */
  async idle(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  // ── reading ────────────────────────────────────────────────────────────────
  list(args: ListArgs): ListResult & { today: string } {
    this.settleSync();
    const cols = this.cache.columns();
    return {
      today: this.today(),
      ...listOpportunities(cols, this.outbox.dealStates(), args, (ids) => this.cache.details(ids)),
    };
  }

  /** The phase board: per phase, its count, total and largest opportunities (board-query.ts). */
  board(args: BoardArgs): { today: string; columns: ReturnType<typeof boardColumns> } {
    this.settleSync();
    const cols = this.cache.columns();
    const columns = boardColumns(cols, this.outbox.dealStates(), args, (ids) => this.cache.details(ids));
    return { today: this.today(), columns };
  }

  get(id: string): OpportunityDetail | null {
    this.settleSync();
    const opp = this.cache.get(id);
    if (!opp) return null;
    const state = this.outbox.dealStates().get(id);
    const active = this.outbox.activeFor([id]);
    const confirmed = this.outbox.list({ dealId: id, statuses: ['confirmed'], limit: 20 });
    return {
      opportunity: { ...opp, syncState: toSummary(opp, state).syncState },
      fields: resolveApiNames(this.sqlite),
      blockers: this.local.blockers(id),
      comments: this.local.comments(id),
      edits: [...active, ...confirmed].map(toEditView),
      alerts: this.alertsRepo.list({ since: '0000', dealId: id, limit: 50 }),
    };
  }

  /** Open opportunities whose health is RED or BLOCKED now, by deal id (notices compare these). */
  troubled(): Map<string, { name: string; health: 'RED' | 'BLOCKED' }> {
    this.settleSync();
    const out = new Map<string, { name: string; health: 'RED' | 'BLOCKED' }>();
    const cols = this.cache.columns();
    const { flags, health, ids } = cols;
    for (let r = 0; r < cols.count; r++) {
      if (flags[r] & LIVE && !(flags[r] & CLOSED_LOST) && health[r] <= HEALTH_CODE.RED)
        out.set(ids[r], { name: cols.nameAt(r), health: cols.healthAt(r) as 'RED' | 'BLOCKED' });
    }
    return out;
  }

  /** Every opportunity, for exports. */
  all(): Opportunity[] {
    this.settleSync();
    return this.cache.everything();
  }

  // ── editing ────────────────────────────────────────────────────────────────
  /** Applies the changes locally (one transaction with the outbox rows), then pushes when online. */
  edit(
    id: string,
    changes: EditChanges,
    push = true,
  ): { opportunity: ReturnType<typeof toSummary>; edits: EditView[] } {
    const touched = applyEdit(this.sqlite, this.outbox, id, changes, resolveApiNames(this.sqlite));
    this.cache.refresh([id]);
    this.changed('milestones edited', true, [id]);
    if (push && touched.length) this.scheduler?.soon();
    const opp = this.cache.get(id)!;
    return {
      opportunity: toSummary(opp, this.outbox.dealStates().get(id)),
      edits: touched
        .map((eid) => this.outbox.get(eid))
        .filter((r) => r !== undefined)
        .map(toEditView),
    };
  }

  syncToCrm(id: string): Promise<PushReport> {
    return this.push({ dealIds: [id], force: true });
  }

  syncMilestonesToCrm(id: string): Promise<PushReport> {
    return this.push({ dealIds: [id], milestonesOnly: true, force: true });
  }

  /** The given deals, or everything queued. */
  syncBatchToCrm(ids?: readonly string[]): Promise<PushReport> {
    return this.push({ dealIds: ids, force: true });
  }

  /** Runs a push after any push already running (one pusher per process; the lease covers others). */
  push(scope: PushScope): Promise<PushReport> {
    const run = async (): Promise<PushReport> => {
      const api = this.opts.api();
      if (!api) {
        const message = 'Not connected to Zoho CRM: the edits stay queued and go out when the connection is back.';
        this.lastPush = { at: new Date().toISOString(), message, offline: true };
        return { considered: 0, confirmed: 0, failed: 0, conflicts: 0, puts: 0, offline: true, busy: false, message };
      }
      this.pushing++;
      try {
        const report = await this.pusher.push(api, scope).catch((error: unknown) => {
          // Whatever state the edits reached is in the outbox; say what stopped the push.
          this.lastPush = { at: new Date().toISOString(), message: (error as Error).message, offline: false };
          throw error;
        });
        this.lastPush = { at: new Date().toISOString(), message: report.message, offline: report.offline };
        const ids = scope.dealIds ?? null;
        if (ids) this.cache.refresh(ids);
        this.changed('pushed to Zoho', false);
        return report;
      } finally {
        this.pushing--;
      }
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async autoPush(urgent: boolean): Promise<{ nextDueAt: number | null }> {
    const report = await this.push({ ignoreBackoff: urgent });
    if (report.offline && !this.opts.api()) return { nextDueAt: null }; // wait for 'connection'
    const s = this.outbox.summary();
    if (report.busy) return { nextDueAt: Date.now() + 5_000 };
    if (report.offline) return { nextDueAt: s.nextAttemptAt ? Date.parse(s.nextAttemptAt) : Date.now() + 30_000 };
    const due = s.nextAttemptAt ? Date.parse(s.nextAttemptAt) : null;
    // Edits put back without a backoff (a 412 after the last round, a sibling field rejected): soon.
    if (s.pending > 0) return { nextDueAt: Math.min(due ?? Infinity, Date.now() + 5_000) };
    return { nextDueAt: due };
  }

  syncStatus(): OutboxSummary & {
    online: boolean;
    pushing: boolean;
    lastPushAt: string | null;
    lastPushMessage: string | null;
  } {
    return {
      ...this.outbox.summary(),
      online: this.opts.api() !== null && !(this.lastPush?.offline ?? false),
      pushing: this.pushing > 0,
      lastPushAt: this.lastPush?.at ?? null,
      lastPushMessage: this.lastPush?.message ?? null,
    };
  }

  /**
   * Every queued edit (or those with the given statuses), grouped by deal: the deals whose edits
   * need the user (conflict, then failed) first, then by the oldest edit.
   */
  outboxGroups(statuses?: readonly Exclude<EditStatus, 'confirmed'>[]): OutboxGroup[] {
    const rank: Record<EditStatus, number> = { conflict: 0, failed: 1, sent: 2, pending: 3, confirmed: 4 };
    const groups = new Map<string, OutboxGroup & { worst: number }>();
    const name = this.sqlite.prepare<[string], { name: string | null; account_name: string | null }>(
      'SELECT name, account_name FROM deals WHERE id = ?',
    );
    for (const row of this.outbox.activeFor()) {
      if (statuses && !statuses.includes(row.status as Exclude<EditStatus, 'confirmed'>)) continue;
      let g = groups.get(row.deal_id);
      if (!g) {
        const deal = name.get(row.deal_id);
        g = {
          dealId: row.deal_id,
          name: deal?.name ?? null,
          accountName: deal?.account_name ?? null,
          edits: [],
          worst: 9,
        };
        groups.set(row.deal_id, g);
      }
      g.edits.push(toEditView(row));
      g.worst = Math.min(g.worst, rank[row.status]);
    }
    return [...groups.values()]
      .sort((a, b) => a.worst - b.worst || a.edits[0].createdAt.localeCompare(b.edits[0].createdAt))
      .map(({ worst: _worst, ...g }) => g);
  }

  /** The org's Deal stages in pipeline order (the stage picklist). */
  stages(): { name: string; probability: number | null; forecastType: string | null }[] {
    return this.sqlite
      .prepare<[], { name: string; probability: number | null; forecastType: string | null }>(
        'SELECT name, probability, forecast_type AS forecastType FROM deal_stages ORDER BY sequence',
      )
      .all();
  }

  edits(filter: { id?: string; status?: EditStatus[]; limit: number }): EditView[] {
    return this.outbox.list({ dealId: filter.id, statuses: filter.status, limit: filter.limit }).map(toEditView);
  }

  /**
   * keep_mine: push my value over the CRM's (the edit is now based on the CRM's value);
   * take_crm: drop my edit and show the CRM's value locally.
   */
  resolveConflict(editId: number, choice: 'keep_mine' | 'take_crm'): EditView | null {
    const e = this.outbox.get(editId);
    if (!e) throw new NotFoundError(`No edit ${editId}`);
    if (e.status !== 'conflict') throw new EditStateError(`Edit ${editId} is ${e.status}, not in conflict`);
    const at = new Date().toISOString();
    let result: EditView | null = null;
    this.sqlite.transaction(() => {
      if (choice === 'keep_mine') {
        this.outbox.revise(e.id, decodeValue(e.new_value), 'pending', at, decodeValue(e.crm_value));
        result = toEditView(this.outbox.get(e.id)!);
      } else {
        this.setColumn(e.deal_id, e.field, decodeValue(e.crm_value));
        this.outbox.delete(e.id);
      }
    })();
    this.cache.refresh([e.deal_id]);
    this.changed('conflict resolved', true, [e.deal_id]);
    if (choice === 'keep_mine') this.scheduler?.soon();
    return result;
  }

  /** Drops a queued edit and restores the value it replaced (the CRM's, as far as we know). */
  discardEdit(editId: number): boolean {
    const e = this.outbox.get(editId);
    if (!e || e.status === 'confirmed') return false;
    if (e.status === 'sent')
      throw new EditStateError(`Edit ${editId} is being sent to Zoho right now; try again when it has settled`);
    this.sqlite.transaction(() => {
      this.setColumn(e.deal_id, e.field, decodeValue(e.status === 'conflict' ? e.crm_value : e.base_value));
      this.outbox.delete(e.id);
    })();
    this.cache.refresh([e.deal_id]);
    this.changed('edit discarded', true, [e.deal_id]);
    return true;
  }

  private setColumn(dealId: string, field: EditField, value: unknown): void {
    this.sqlite.prepare(`UPDATE deals SET ${DEAL_COLUMN[field]} = ? WHERE id = ?`).run(value, dealId);
  }

  // ── local O2R data ────────────────────────────────────────────────────────
  addBlocker(id: string, reason: string, openedOn?: string) {
    const b = this.local.addBlocker(id, reason, openedOn ?? this.today());
    return this.afterLocal(id, 'blocker added', b);
  }

  resolveBlocker(blockerId: number, resolvedOn?: string, resolution?: string) {
    const b = this.local.resolveBlocker(blockerId, resolvedOn ?? this.today(), resolution ?? null);
    return this.afterLocal(b.dealId, 'blocker resolved', b);
  }

  comment(id: string, text: string) {
    return this.afterLocal(id, 'comment added', this.local.addComment(id, text));
  }

  setStrategic(id: string, strategic: boolean) {
    this.local.setStrategic(id, strategic);
    return this.afterLocal(id, 'strategic flag set', { id, strategic });
  }

  private afterLocal<T>(dealId: string, reason: O2RChangeReason, value: T): T {
    this.cache.refresh([dealId]);
    this.changed(reason, false, [dealId]);
    return value;
  }

  // ── weekly review ─────────────────────────────────────────────────────────
  /**
   * The weekly review with every row (or those in `window`; the insights count all): the export's
   * report. Streamed from the cache's rows, which carry everything the review reads.
   */
  review(weekDate?: string, window?: RowWindow) {
    this.settleSync();
    const today = this.today();
    return buildWeeklyReview(
      this.sqlite,
      this.cache.columns(),
      this.history,
      this.local,
      weekDate ?? today,
      today,
      window,
    );
  }

  /**
   * One page of the weekly review for the Review screen, filtered and sorted here
   * (review-query.ts). `ids`: just those rows, in that order (a refresh of the page on screen).
   */
  reviewPage(
    weekDate: string | undefined,
    limit: number,
    offset: number,
    query: ReviewQuery = { show: 'all', sort: 'movement', descending: false },
    ids?: readonly string[],
  ): WeeklyReview {
    this.settleSync();
    const index = this.reviewIndex(weekDate);
    let rows: ReviewRow[];
    let total: number;
    if (ids) {
      const cols = this.cache.columns();
      rows = reviewRowsOf(
        index,
        ids.map((id) => cols.rowOf(id)).filter((r) => r !== undefined),
      );
      total = rows.length;
    } else {
      const page = queryReview(index, query, offset, limit);
      rows = reviewRowsAt(index, page.positions);
      total = page.total;
    }
    // A copy: the index counts later changes into its own insights.
    return { week: index.week, total, rows, insights: structuredClone(index.insights) };
  }

  /**
   * The week's review index (review-query.ts), kept until O2R data changes, so paging, sorting
   * and searching only walk it. The old one is let go before a new one is built.
   */
  private reviewIndex(weekDate: string | undefined): ReviewIndex {
    const today = this.today();
    const cols = this.cache.columns();
    // A full pass of the cache recomputed every row (a new day, new settings): build again.
    const key = `${weekOf(weekDate ?? today).start}|${today}|${this.cache.generation}|${this.cache.layout}`;
    const stale = this.reviewStale;
    this.reviewStale = new Set();
    if (this.indexed?.key === key && this.indexed.index.cols === cols && stale !== 'all') {
      const index = this.indexed.index;
      if (stale.size === 0) return index;
      if (updateReview(index, [...stale])) return index;
    }
    this.indexed = null; // let the old index go before the new one is built
    const context = reviewContext(this.sqlite, this.history, this.local, weekDate ?? today, today);
    this.indexed = { key, index: indexReview(context, cols, today) };
    return this.indexed.index;
  }

  setReviewNote(id: string, note: string | null, weekDate?: string): { week: string } {
    const week = weekOf(weekDate ?? this.today()).start;
    this.local.setNote(id, week, note);
    return this.afterLocal(id, 'review note', { week });
  }

  markReviewed(id: string, reviewed: boolean, weekDate?: string): { week: string } {
    const week = weekOf(weekDate ?? this.today()).start;
    this.local.markReviewed(id, week, reviewed);
    this.changed('reviewed', false, [id]);
    return { week };
  }

  /** Health history was written from outside (the demo's seeded weeks): the review reads it anew. */
  historySeeded(): void {
    this.history.forget();
    this.changed('review history', false);
  }

  // ── alerts and settings ───────────────────────────────────────────────────
  alerts(filter: { id?: string; sinceDays: number; limit: number }) {
    this.settleSync();
    // Also catches syncs run by another process (e.g. `pulse sync`): compares whatever is new.
    this.alertsRepo.detect(this.settings.get());
    const since = new Date(Date.now() - filter.sinceDays * 86_400_000).toISOString();
    return this.alertsRepo.list({ since, dealId: filter.id, limit: filter.limit });
  }

  getSettings(): O2RSettings {
    return this.settings.get();
  }

  updateSettings(patch: O2RSettingsPatch): O2RSettings {
    const next = this.settings.update(patch);
    this.changed('settings updated', false);
    return next;
  }

  resetSettings(): O2RSettings {
    const next = this.settings.reset();
    this.changed('settings updated', false);
    return next;
  }

  // ── sync integration (typed hooks, wired in core-context.ts) ──────────────
  /**
   * A running sync committed pages: only mark the cache stale. Recomputing every couple of seconds
   * while 100k deals land doubled the sync's peak memory and CPU; reads still settle first, and the
   * run's end settles what the pages wrote.
   */
  syncPagesCommitted(): void {
    this.syncPending = true;
  }

  /** A sync run applied changes (its DealsChange): recompute them after a quiet second. */
  syncApplied(_change: DealsChange): void {
    this.dealsChanged();
  }

  /** An import wrote deals into this workspace: recompute them after a quiet second. */
  dealsImported(): void {
    this.dealsChanged();
  }

  /** A sync run ended: settle what its pages wrote; Zoho answered, so push what is queued. */
  syncRunEnded(): void {
    if (this.syncPending) this.dealsChanged();
    this.scheduler?.soon(undefined, true);
  }

  /** The connection changed: when Zoho is reachable again, push what is queued at once. */
  connectionChanged(state: ConnectionState): void {
    if (state === 'connected' || state === 'demo') this.scheduler?.soon(undefined, true);
  }

  /** Every deal's home amount may have moved (a rate or the home currency changed). */
  homeAmountsChanged(): void {
    this.reviewStale = 'all';
    this.cache.invalidate();
  }

  /**
   * Deals were written. The work is coalesced: done once after a quiet second, or before the next
   * read, whichever comes first.
   */
  private dealsChanged(): void {
    this.syncPending = true;
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      this.settleSync();
    }, 1000);
    this.syncTimer.unref?.();
  }

  /**
   * Alerts compare the CRM's values first; then queued edits are laid back over the rewritten rows
   * (the sync wrote the CRM's values; ours are still on their way to Zoho); then the changed deals
   * are recomputed.
   */
  private settleSync(): void {
    if (!this.syncPending || this.closed) return;
    this.syncPending = false;
    this.alertsRepo.detect(this.settings.get());
    const active = this.outbox.activeFor();
    if (active.length) {
      this.sqlite.transaction(() => {
        for (const e of active) this.setColumn(e.deal_id, e.field, decodeValue(e.new_value));
      })();
    }
    this.cache.markSynced();
    this.cache.all();
    this.changed('deals synced', false);
  }

  /** `ids`: the only deals whose O2R data changed (else anything may have). */
  private changed(reason: O2RChangeReason, deals: boolean, ids?: readonly string[]): void {
    if (ids && this.reviewStale !== 'all') for (const id of ids) this.reviewStale.add(id);
    else this.reviewStale = 'all';
    this.events.changed.emit({ reason, deals });
  }
}
