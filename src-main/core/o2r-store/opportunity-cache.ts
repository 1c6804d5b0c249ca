/**
 * Every deal as a computed O2R opportunity, kept current incrementally:
 * - a full pass the first time, when the calendar day changes (every "days since" moves) and when
 *   the settings change;
 * - after a sync, only the rows the sync wrote (by `synced_at`), plus dropping deleted deals;
 * - after a local edit, blocker, comment…, only that deal.
 *
 * What is kept per deal is a compact `OpportunityBrief` (what the list filters, sorts and counts
 * on), not the full `Opportunity`: milestones, findings and action items cost ~1.3 KB a deal,
 * ~135 MB for 100k, and were the largest part of the app's resident memory. The full opportunity
 * is computed again on demand (`get`, `details`, `everything`) from the same row, overlay, day and
 * settings — computeOpportunity is pure and ~5–10 µs a deal, so a page or one deal costs nothing
 * noticeable, and the result is the one the cache would have held.
 */
import type { Database } from 'better-sqlite3';
import { computeOpportunity, computeStatus, type Opportunity } from '../o2r/index';
import {
  inputRowBatches,
  iterateInputRows,
  loadInputRows,
  loadRowsSyncedSince,
  queuedValues,
  toInput,
  type InputRow,
} from './inputs';
import type { O2RSettingsStore } from './settings-store';

export interface RecomputeStats {
  kind: 'full' | 'incremental';
  deals: number;
  ms: number;
}

/** What `o2r.list` needs to filter, sort and count every opportunity (the page gets full detail). */
export type OpportunityBrief = Pick<
  Opportunity,
  | 'id'
  | 'name'
  | 'accountName'
  | 'ownerName'
  | 'closingDate'
  | 'amountHome'
  | 'phase'
  | 'health'
  | 'requiresAttention'
  | 'strategic'
  | 'closedLost'
  | 'daysSinceUpdate'
  // What the weekly review needs besides (review-builder.ts), so a review of 100,000 never recomputes them.
  | 'territory'
  | 'serviceLines'
  | 'modifiedTime'
  | 'lastLocalEdit'
>;

/** Rows per batch of a full pass: rows are streamed, so only a batch is held at a time. */
const BATCH = 2000;

export class OpportunityCache {
  private readonly briefs = new Map<string, OpportunityBrief>();
  /**
   * Account and owner names and closing dates repeat across deals: one string each instead of one
   * per row (a brief costs ~370 bytes; at 1,000,000 deals every one saved counts).
   */
  private readonly names = new Map<string, string>();
  private readonly serviceLineLists = new Map<string, string[]>();
  private day: string | null = null;
  private settingsVersion = -1;
  /** Latest `synced_at` seen; rows written after it are re-read after a sync. */
  private watermark = '';
  private syncDirty = false;
  last: RecomputeStats | null = null;
  /** Counts full passes: each one replaces every brief. */
  generation = 0;

  constructor(
    private readonly sqlite: Database,
    private readonly settings: O2RSettingsStore,
    private readonly today: () => string,
    /** Called with every batch of freshly computed opportunities (health history). */
    private readonly onComputed: (opps: readonly OpportunityBrief[], today: string) => void = () => {},
  ) {}

  /** The sync wrote deals: the next read picks up what changed. */
  markSynced(): void {
    this.syncDirty = true;
  }

  /** Every deal may have changed in a way `synced_at` does not show (home amounts): recompute all. */
  invalidate(): void {
    this.day = null;
  }

  /** Up-to-date briefs by deal id. */
  all(): ReadonlyMap<string, OpportunityBrief> {
    this.ensure();
    return this.briefs;
  }

  /** The full, up-to-date opportunity of one deal (computed now), or undefined. */
  get(id: string): Opportunity | undefined {
    return this.details([id])[0];
  }

  /** Full opportunities for the given ids, in that order; ids not cached are left out. */
  details(ids: readonly string[]): Opportunity[] {
    this.ensure();
    const rows = new Map(loadInputRows(this.sqlite, ids).map((r) => [r.id, r]));
    const overlay = queuedValues(this.sqlite);
    const settings = this.settings.get();
    const today = this.day ?? this.today();
    const out: Opportunity[] = [];
    for (const id of ids) {
      const r = rows.get(id);
      if (r) out.push(computeOpportunity(toInput(r, overlay.get(id)), today, settings));
    }
    return out;
  }

  /** Every full opportunity, computed now (exports); the cache keeps briefs only. */
  everything(): Opportunity[] {
    return [...this.each()];
  }

  /**
   * Every full opportunity, computed one at a time as it is consumed (the weekly review): at
   * 1,000,000 deals an array of them would hold over a gigabyte.
   */
  *each(): Generator<Opportunity> {
    this.ensure();
    const overlay = queuedValues(this.sqlite);
    const settings = this.settings.get();
    const today = this.day ?? this.today();
    for (const r of iterateInputRows(this.sqlite))
      yield computeOpportunity(toInput(r, overlay.get(r.id)), today, settings);
  }

  /** Recomputes the given deals now (after a local change); removes ids that no longer exist. */
  refresh(ids: readonly string[]): void {
    if (this.needsFull()) return this.full();
    const started = performance.now();
    const rows = loadInputRows(this.sqlite, ids);
    const found = new Set(rows.map((r) => r.id));
    for (const id of ids) if (!found.has(id)) this.briefs.delete(id);
    this.computeRows(rows, queuedValues(this.sqlite));
    this.last = { kind: 'incremental', deals: rows.length, ms: performance.now() - started };
  }

  /** Forces a full recompute (tests, benchmarks). Rows are streamed in batches. */
  full(): void {
    const started = performance.now();
    this.settings.reload();
    this.day = this.today();
    this.settingsVersion = this.settings.version;
    this.names.clear();
    this.serviceLineLists.clear();
    this.watermark = '';
    const overlay = queuedValues(this.sqlite);
    let n = 0;
    for (const batch of inputRowBatches(this.sqlite, BATCH)) {
      this.computeRows(batch, overlay, true);
      n += batch.length;
    }
    this.dropRemoved(n);
    this.syncDirty = false;
    this.generation++;
    this.last = { kind: 'full', deals: n, ms: performance.now() - started };
  }

  private needsFull(): boolean {
    return this.day !== this.today() || this.settingsVersion !== this.settings.version;
  }

  private ensure(): void {
    if (this.needsFull()) return this.full();
    if (this.syncDirty) this.syncedChanges();
  }

  private syncedChanges(): void {
    const started = performance.now();
    this.syncDirty = false;
    const rows = loadRowsSyncedSince(this.sqlite, this.watermark);
    this.computeRows(rows, queuedValues(this.sqlite));
    // Every brief was a deal once; more briefs than deals means some were removed. Only then is
    // the list of ids read (a million of them is some 80 MB held for a moment).
    this.dropRemoved(this.sqlite.prepare('SELECT count(*) FROM deals').pluck().get() as number);
    this.last = { kind: 'incremental', deals: rows.length, ms: performance.now() - started };
  }

  /** Drops the briefs of deals that are gone, when there are more briefs than `count` deals. */
  private dropRemoved(count: number): void {
    if (this.briefs.size <= count) return;
    const ids = new Set(this.sqlite.prepare('SELECT id FROM deals').pluck().all() as string[]);
    for (const id of this.briefs.keys()) if (!ids.has(id)) this.briefs.delete(id);
  }

  private intern(s: string | null): string | null {
    if (s === null) return null;
    const known = this.names.get(s);
    if (known !== undefined) return known;
    this.names.set(s, s);
    return s;
  }

  /** Service-line lists repeat too: one array per distinct list (never mutated). */
  private lines(list: string[]): string[] {
    const key = list.join('\u0000');
    const known = this.serviceLineLists.get(key);
    if (known) return known;
    this.serviceLineLists.set(key, list);
    return list;
  }

  /**
   * `inPlace` (a full pass): a deal's existing brief is updated field by field, keeping the values
   * that did not change, instead of being replaced. A new object per deal per pass would each
   * survive into V8's old generation (the map holds it), and at 1,000,000 deals copying and marking
   * them cost more than the computation; the fresh brief is dropped young. Single-deal refreshes
   * replace (the review index compares a deal's old brief with its new one).
   */
  private computeRows(rows: readonly InputRow[], overlay: ReturnType<typeof queuedValues>, inPlace = false): void {
    if (!rows.length) return;
    const settings = this.settings.get();
    const today = this.day ?? this.today();
    const out: OpportunityBrief[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r.synced_at > this.watermark) this.watermark = r.synced_at;
      const o = toInput(r, overlay.get(r.id));
      // Only what the brief keeps is computed (computeStatus); the full opportunity is the same
      // computation plus its details, done on demand.
      const s = computeStatus(o, today, settings);
      // One object shape for every brief (same keys, same order).
      const brief: OpportunityBrief = {
        id: o.id,
        name: o.name,
        accountName: this.intern(o.accountName),
        ownerName: this.intern(o.ownerName),
        closingDate: this.intern(o.closingDate),
        amountHome: o.amountHome,
        phase: s.phase,
        health: s.health,
        requiresAttention: s.health === 'RED' || s.health === 'BLOCKED',
        strategic: o.strategic,
        closedLost: s.closedLost,
        daysSinceUpdate: s.daysSinceUpdate,
        territory: this.intern(o.territory),
        serviceLines: this.lines(o.serviceLines),
        modifiedTime: o.modifiedTime,
        lastLocalEdit: o.lastLocalEdit ?? null,
      };
      const kept = inPlace ? this.briefs.get(o.id) : undefined;
      if (kept) refill(kept, brief);
      else this.briefs.set(o.id, brief);
      out[i] = kept ?? brief;
    }
    this.onComputed(out, today);
  }
}

/** Copies into `kept` the fields of `fresh` that differ (equal strings stay the ones already held). */
function refill(kept: OpportunityBrief, fresh: OpportunityBrief): void {
  const k = kept as unknown as Record<string, unknown>;
  const f = fresh as unknown as Record<string, unknown>;
  for (const key of BRIEF_KEYS) if (k[key] !== f[key]) k[key] = f[key];
}

const BRIEF_KEYS: readonly (keyof OpportunityBrief)[] = [
  'name',
  'accountName',
  'ownerName',
  'closingDate',
  'amountHome',
  'phase',
  'health',
  'requiresAttention',
  'strategic',
  'closedLost',
  'daysSinceUpdate',
  'territory',
  'serviceLines',
  'modifiedTime',
  'lastLocalEdit',
];
