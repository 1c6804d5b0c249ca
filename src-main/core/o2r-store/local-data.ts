/**
 * O2R data Zoho does not hold: blockers, comments, the strategic flag, weekly review notes and
 * reviewed marks. Keyed by deal id in tables the sync never writes, so a sync cannot overwrite
 * them; every change also stamps the deal's "last local edit" (it counts as an update).
 */
import type { Database } from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { O2rBlockersTable, O2rCommentsTable, O2rReviewNotesTable } from '../store/schema';
import { NotFoundError } from './errors';

export interface Blocker {
  id: number;
  dealId: string;
  reason: string;
  openedOn: string;
  resolvedOn: string | null;
  resolution: string | null;
}

export interface Comment {
  id: number;
  dealId: string;
  text: string;
  createdAt: string;
}

type BlockerRow = Selectable<O2rBlockersTable>;

const toBlocker = (r: BlockerRow): Blocker => ({
  id: r.id,
  dealId: r.deal_id,
  reason: r.reason,
  openedOn: r.opened_on,
  resolvedOn: r.resolved_on,
  resolution: r.resolution,
});

export class LocalDataRepo {
  constructor(private readonly sqlite: Database) {}

  private requireDeal(dealId: string): void {
    if (!this.sqlite.prepare('SELECT 1 FROM deals WHERE id = ?').get(dealId))
      throw new NotFoundError(`No deal ${dealId} in the local copy`);
  }

  private touch(dealId: string, at: string): void {
    this.sqlite
      .prepare(
        `INSERT INTO o2r_flags (deal_id, strategic, last_local_edit)
         VALUES (?, 0, ?)
         ON CONFLICT(deal_id) DO UPDATE SET last_local_edit = excluded.last_local_edit`,
      )
      .run(dealId, at);
  }

  addBlocker(dealId: string, reason: string, openedOn: string, at = new Date().toISOString()): Blocker {
    return this.sqlite.transaction(() => {
      this.requireDeal(dealId);
      const r = this.sqlite
        .prepare('INSERT INTO o2r_blockers (deal_id, reason, opened_on, created_at) VALUES (?, ?, ?, ?)')
        .run(dealId, reason, openedOn, at);
      this.touch(dealId, at);
      return this.blocker(Number(r.lastInsertRowid))!;
    })();
  }

  resolveBlocker(id: number, resolvedOn: string, resolution: string | null, at = new Date().toISOString()): Blocker {
    return this.sqlite.transaction(() => {
      const b = this.blocker(id);
      if (!b) throw new NotFoundError(`No blocker ${id}`);
      this.sqlite
        .prepare('UPDATE o2r_blockers SET resolved_on = ?, resolution = ? WHERE id = ?')
        .run(resolvedOn, resolution, id);
      this.touch(b.dealId, at);
      return this.blocker(id)!;
    })();
  }

  blocker(id: number): Blocker | null {
    const r = this.sqlite.prepare('SELECT * FROM o2r_blockers WHERE id = ?').get(id) as BlockerRow | undefined;
    return r ? toBlocker(r) : null;
  }

  blockers(dealId: string): Blocker[] {
    return (
      this.sqlite.prepare('SELECT * FROM o2r_blockers WHERE deal_id = ? ORDER BY id').all(dealId) as BlockerRow[]
    ).map(toBlocker);
  }

  addComment(dealId: string, text: string, at = new Date().toISOString()): Comment {
    return this.sqlite.transaction(() => {
      this.requireDeal(dealId);
      const r = this.sqlite
        .prepare('INSERT INTO o2r_comments (deal_id, text, created_at) VALUES (?, ?, ?)')
        .run(dealId, text, at);
      this.touch(dealId, at);
      return { id: Number(r.lastInsertRowid), dealId, text, createdAt: at };
    })();
  }

  comments(dealId: string): Comment[] {
    return (
      this.sqlite
        .prepare('SELECT id, deal_id, text, created_at FROM o2r_comments WHERE deal_id = ? ORDER BY id')
        .all(dealId) as Selectable<O2rCommentsTable>[]
    ).map((r) => ({ id: r.id, dealId: r.deal_id, text: r.text, createdAt: r.created_at }));
  }

  setStrategic(dealId: string, strategic: boolean, at = new Date().toISOString()): void {
    this.sqlite.transaction(() => {
      this.requireDeal(dealId);
      this.sqlite
        .prepare(
          `INSERT INTO o2r_flags (deal_id, strategic, last_local_edit)
           VALUES (?, ?, ?)
           ON CONFLICT(deal_id)
           DO UPDATE SET strategic = excluded.strategic, last_local_edit = excluded.last_local_edit`,
        )
        .run(dealId, strategic ? 1 : 0, at);
    })();
  }

  setNote(dealId: string, week: string, note: string | null, at = new Date().toISOString()): void {
    this.sqlite.transaction(() => {
      this.requireDeal(dealId);
      this.sqlite
        .prepare(
          `INSERT INTO o2r_review_notes (week, deal_id, note, updated_at)
           VALUES (?, ?, ?, ?)
           ON CONFLICT(week, deal_id) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at`,
        )
        .run(week, dealId, note, at);
      this.touch(dealId, at);
    })();
  }

  markReviewed(dealId: string, week: string, reviewed: boolean, at = new Date().toISOString()): void {
    this.sqlite.transaction(() => {
      this.requireDeal(dealId);
      this.sqlite
        .prepare(
          `INSERT INTO o2r_review_notes (week, deal_id, reviewed_at, updated_at)
           VALUES (?, ?, ?, ?)
           ON CONFLICT(week, deal_id)
           DO UPDATE SET reviewed_at = excluded.reviewed_at, updated_at = excluded.updated_at`,
        )
        .run(week, dealId, reviewed ? at : null, at);
    })();
  }

  /** Notes and reviewed marks of one week, by deal id. */
  weekNotes(week: string): Map<string, { note: string | null; reviewedAt: string | null }> {
    const rows = this.sqlite
      .prepare('SELECT deal_id, note, reviewed_at FROM o2r_review_notes WHERE week = ?')
      .all(week) as Pick<O2rReviewNotesTable, 'deal_id' | 'note' | 'reviewed_at'>[];
    return new Map(rows.map((r) => [r.deal_id, { note: r.note, reviewedAt: r.reviewed_at }]));
  }
}
